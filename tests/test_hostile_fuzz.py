"""Every reader, given mutated real captures, returns an Article or raises a TearsheetError.

Mutations of real files reach much deeper than random bytes: the mutated PDF still opens,
the mutated page still parses, and the odd byte lands in a reader's heuristics. Each run is
bounded (a fixed number of examples, a few seconds a reader); regressions found by longer
runs are pinned as explicit cases below.
"""

from __future__ import annotations

import contextlib
import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tearsheet
from tearsheet.cli import main
from tearsheet.errors import TearsheetError
from tearsheet.models import Article

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = {
    "html": [*sorted((FIXTURES / "html").glob("*.html")), FIXTURES / "batch" / "a-page.html.gz"],
    "pdf": [*sorted((FIXTURES / "pdf").glob("*.pdf")), FIXTURES / "batch" / "b-print.pdf"],
    "text": sorted((FIXTURES / "text").glob("*/print.txt"))[:4],
    "markdown": sorted((FIXTURES / "text").glob("*/clip.md"))[:4],
}
EXAMPLES = {"html": 60, "pdf": 50, "text": 80, "markdown": 80}  # ~2-4 s each on a CI core
# Byte strings that poke at known weak spots: parsers, URL splitting, PDF structure, sniffing.
TOKENS = [b"[", b"(", b"<div>", b"\x00", b"https://[x/story", b"obj", b"stream\n", b"endstream", b" 0 R",
          b"/Contents", b"%PDF-", b"\n\n", b"# ", b"---\n", b"\r", b"\xff\xfe", b"<meta charset=rot13>",
          b"]](", b"**", b"<!--", "\ufffe".encode()]


def _seed(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


SEED_BYTES = {kind: [_seed(path) for path in paths] for kind, paths in SEEDS.items()}

_edit = st.tuples(st.integers(0, 5), st.floats(0, 1), st.integers(1, 3000), st.binary(max_size=40),
                  st.sampled_from(TOKENS), st.integers(1, 200))


def _mutate(data: bytes, edits: list[tuple[int, float, int, bytes, bytes, int]]) -> bytes:
    buffer = bytearray(data)
    for op, where, length, noise, token, repeat in edits:
        at = int(where * len(buffer))
        if op == 0 and at < len(buffer):
            buffer[at] ^= 0xFF
        elif op == 1:
            del buffer[at:at + length]
        elif op == 2:
            buffer[at:at] = noise
        elif op == 3:
            buffer[at:at] = buffer[int(where * at):int(where * at) + length]  # a copied stretch
        elif op == 4:
            del buffer[at:]  # truncated
        else:
            buffer[at:at] = token * repeat
    return bytes(buffer)


def _read(data: bytes, kind: str | None) -> None:
    with contextlib.suppress(TearsheetError):
        assert isinstance(tearsheet.extract(data, kind=kind), Article)


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_mutated_captures_read_or_raise_a_tearsheet_error(kind: str) -> None:
    @settings(max_examples=EXAMPLES[kind], deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(seed=st.sampled_from(SEED_BYTES[kind]), edits=st.lists(_edit, min_size=1, max_size=6),
           sniff=st.booleans())
    def check(seed: bytes, edits: list[tuple[int, float, int, bytes, bytes, int]], sniff: bool) -> None:
        _read(_mutate(seed, edits), None if sniff else kind)

    check()


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.binary(max_size=4096))
def test_random_bytes_through_kind_sniffing(data: bytes) -> None:
    _read(data, None)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=3000))
def test_random_text_through_kind_sniffing(text: str) -> None:
    _read(text.encode("utf-8"), None)


# --- pinned cases ---------------------------------------------------------------------------

STORY = "A sentence of an ordinary story that goes on for a while. " * 12


@pytest.mark.parametrize("codec", ["rot13", "zlib", "hex", "base64", "uu", "bz2", "unicode_escape",
                                   "utf-7", "idna", "undefined", "utf-16"])
def test_a_page_declaring_a_codec_that_is_no_text_encoding(codec: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    page = (f'<html><head><meta charset="{codec}"><title>Story</title></head><body><article>'
            f"<h1>Story</h1><p>{STORY}</p><p>{STORY}</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="ascii")
    assert main(["extract", str(path), "--format", "text"]) == 0
    assert "A sentence of an ordinary story" in capsys.readouterr().out


def test_a_malformed_url_line_in_a_text_dump(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [STORY[i:i + 90] for i in range(0, len(STORY), 90)]
    dump = "\n".join(lines) + "\n\nhttps://[x/story\nhttps://example.com:port/x\n\n" + "\n".join(lines) + "\n"
    path = tmp_path / "dump.txt"
    path.write_text(dump)
    assert main(["extract", str(path), "--format", "json"]) == 0
    assert "https://[x/story" in capsys.readouterr().out


def test_a_malformed_link_in_a_markdown_clip() -> None:
    clip = f"# Story\n\n{STORY} [a link](https://[x/story) and [another](/rel).\n\n{STORY}\n"
    article = tearsheet.extract(clip.encode(), url="https://[bad/base")
    assert article.blocks


@pytest.mark.parametrize("name", ["drop-caps-merged-twice", "nan-geometry"])
def test_mutated_pdfs_found_by_fuzzing(name: str) -> None:
    # Two prints mutated by the fuzzer: a line that was both a drop cap and the line beside
    # another (list.remove failed), and a line whose geometry was NaN (max() of nothing).
    data = (Path(__file__).parent / "hostile" / "cases" / f"{name}.pdf").read_bytes()
    _read(data, "pdf")
