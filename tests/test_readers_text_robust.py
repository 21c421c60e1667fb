"""Random and mutated text never makes the dump or clip reader raise anything but a TearsheetError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearsheet.errors import TearsheetError
from tearsheet.models import Article, Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.markdown import reader as markdown_reader
from tearsheet.readers.text import reader as text_reader

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SEEDS = [(p / name).read_bytes() for p in sorted(FIXTURES.iterdir()) if p.is_dir()
         for name in ("print.txt", "clip.md")]
MARKUP = st.sampled_from(["\n", "\n\n", "\n\n\n", " \n ", "# ", "## ", "- ", "1. ", "> ", "*", "**", "_", "[",
                          "](", ")", "](#)", "<", ">", "\\", "`", "```", "https://e.org/a-b-c\n", "By ",
                          "Original url:\n\n<https://e.org/x>", "Related article: ", "November 19, 2019",
                          "|", "---", "\u00ad", "\ufffd", "日本", "한국어"])


def read_both(data: bytes) -> None:
    for reader, kind in ((text_reader, CaptureKind.TEXT), (markdown_reader, CaptureKind.MARKDOWN)):
        try:
            article = reader.read(Capture(id="x", kind=kind, data=data), DEFAULT_OPTIONS)
        except TearsheetError:
            continue
        assert isinstance(article, Article)
        for block in article.blocks:
            for link in block.links:
                assert link.start is not None and block.text[link.start:link.end] == link.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=40), MARKUP), max_size=60))
def test_random_text_only_raises_tearsheet_errors(parts: list[str]) -> None:
    read_both("".join(parts).encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.binary(max_size=8)),
                                         max_size=6))
def test_mutated_captures_only_raise_tearsheet_errors(seed: bytes,
                                                       edits: list[tuple[float, int, bytes]]) -> None:
    data = bytearray(seed)
    for where, cut, insert in edits:
        at = int(where * len(data))
        data[at:at + cut] = insert
    read_both(bytes(data))


@given(st.binary(max_size=400))
@settings(max_examples=100, deadline=None)
def test_random_bytes_only_raise_tearsheet_errors(data: bytes) -> None:
    read_both(data)


def test_hostile_markup_is_read_in_bounded_time() -> None:
    # Each of these took minutes with naive backtracking; the budget is generous for a shared CI box.
    import time

    for hostile in ("*a " * 20000, "[a " * 20000, "`" * 30000, "**x _y " * 10000):
        start = time.perf_counter()
        read_both(("Title\n\n" + hostile).encode())
        assert time.perf_counter() - start < 10
    page = "The Quick Brown Fox Jumps over the lazy dog near the river bank today again.\n\n" * 500
    urls = "\n".join(f"https://example.com/{i}/quick-brown-fox-jumps-lazy-dog-{i}" for i in range(500))
    start = time.perf_counter()
    read_both((page + "\n" + urls + "\n\n\n").encode())
    assert time.perf_counter() - start < 20
