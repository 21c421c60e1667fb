"""The pure parts of the reading room: reading view, diff, snippets, hrefs, and `tearsheet serve`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tearsheet.cli import main
from tearsheet.cli.serve import is_loopback
from tearsheet.models import Article, Author, Block, BlockKind, Conflict, Link, Provenance, Source
from tearsheet.web.diff import diff_texts, word_diff
from tearsheet.web.reading import reading_view, safe_href
from tearsheet.web.store import snippet_runs

A, B = "a" * 64, "b" * 64


def _article() -> Article:
    para = Block(
        kind=BlockKind.PARAGRAPH,
        text="Read the report and the map.",
        links=(
            Link(text="the report", href="https://ex.org/r", start=5),
            Link(text="the map", href="javascript:alert(1)", start=20),
        ),
    )
    items = Block(kind=BlockKind.LIST, text="one\ntwo", links=(Link(text="two", href=None, start=4),))
    return Article(
        title="T",
        authors=(Author(name="Ann", url="javascript:x"),),
        blocks=(para, items),
        provenance=Provenance(
            captures=(A, B),
            fields=(("title", (Source(capture=B), Source(capture=A, how="aligned"))),),
            blocks=((Source(capture=A),), (Source(capture=B, how="aligned"),)),
            links=((Source(capture=A),), (Source(capture=B, how="inferred-by-order"),), (Source(capture=A),)),
        ),
        conflicts=(Conflict(field="title", values=(("T", (A,)), ("T2", (B,))), chosen="T"),),
    )


def test_reading_view_cuts_blocks_into_runs_with_sources() -> None:
    view = reading_view(_article(), {A: "html", B: "pdf"})
    [first, items] = view.blocks
    runs = first.lines[0]
    assert [r.text for r in runs] == ["Read ", "the report", " and ", "the map", "."]
    report, script = runs[1], runs[3]
    assert report.href == "https://ex.org/r" and not report.inferred
    assert script.is_link and script.href is None  # javascript: never becomes a link
    assert script.inferred and "inferred-by-order" in script.title
    assert [[r.text for r in line] for line in items.lines] == [["one"], ["two"]]
    assert items.lines[1][0].is_link and items.lines[1][0].href is None
    assert view.inferred_links == 1
    assert view.byline == (("Ann", None),)
    assert [label.tag for label in view.captures] == ["1·html", "2·pdf"]
    title = view.field("title")
    assert title is not None and title.conflict
    assert [s.label.number for s in title.sources] == [1, 2]  # marks in capture order
    assert view.conflicts[0].values[1][1][0].kind == "pdf"


def test_reading_view_without_provenance() -> None:
    view = reading_view(Article(title=None, blocks=(Block(kind=BlockKind.PARAGRAPH, text="x"),)), {})
    assert view.title == "Untitled"
    assert view.blocks[0].title == "source not recorded"


def test_stale_link_offsets_keep_the_words() -> None:
    block = Block(
        kind=BlockKind.PARAGRAPH, text="short", links=(Link(text="elsewhere", href="https://x", start=2),)
    )
    view = reading_view(Article(blocks=(block,)), {})
    assert [r.text for r in view.blocks[0].lines[0]] == ["short"]


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("https://ex.org/a", "https://ex.org/a"),
        ("http://ex.org", "http://ex.org"),
        ("mailto:a@b.c", "mailto:a@b.c"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,x", None),
        ("vbscript:x", None),
        ("", None),
        (None, None),
        ("http://[::1", None),
    ],
)
def test_safe_href(href: str | None, safe: str | None) -> None:
    assert safe_href(href) == safe


def test_diff_aligns_paragraphs_and_marks_changed_words() -> None:
    left = "Same first paragraph here.\n\nThe quick brown fox jumps.\n\nOnly on the left."
    right = "Same first  paragraph here.\n\nThe quick red fox jumps.\n\nAdded on the right side entirely new."
    diff = diff_texts(left, right)
    assert [row.tag for row in diff.rows][:2] == ["equal", "replace"]
    changed = diff.rows[1]
    assert ("brown", True) in changed.left and ("red", True) in changed.right
    assert ("The quick", False) in changed.left
    assert diff.same == 1 and diff.changed >= 1


def test_diff_of_identical_texts_is_all_equal() -> None:
    text = "One.\n\nTwo.\n\nThree."
    diff = diff_texts(text, text)
    assert diff.same == 3 and diff.changed == diff.only_left == diff.only_right == 0


@given(st.text(max_size=200), st.text(max_size=200))
def test_word_diff_keeps_every_word(left: str, right: str) -> None:
    a, b = " ".join(left.split()), " ".join(right.split())
    out_a, out_b = word_diff(a, b)
    assert "".join(text for text, _ in out_a) == a
    assert "".join(text for text, _ in out_b) == b


def test_snippet_runs() -> None:
    assert snippet_runs("a cat sat", [(2, 5)]) == (("a ", False), ("cat", True), (" sat", False))
    assert snippet_runs("abc", [(0, 1), (0, 2), (2, 9)]) == (("a", True), ("bc", False))
    assert snippet_runs("", []) == ()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.1.2.3", True),
        ("0.0.0.0", False),
        ("192.168.1.2", False),
        ("example.com", False),
        ("::", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_warns_when_not_on_loopback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    import uvicorn

    from tearsheet.cli import serve

    binds: list[tuple[str, int]] = []
    calls: list[dict[str, object]] = []
    listen = serve.listening_socket

    def bind(host: str, port: int) -> socket.socket:
        # No test listens beyond loopback: the server gets a loopback socket whatever it asked for.
        binds.append((host, port))
        return listen("127.0.0.1", 0)

    def run(server: uvicorn.Server, sockets: list[socket.socket]) -> None:
        config = server.config
        calls.append({"host": config.host, "log_level": config.log_level,
                      "server_header": config.server_header, "sockets": len(sockets)})

    monkeypatch.setattr(serve, "listening_socket", bind)
    monkeypatch.setattr(uvicorn.Server, "run", run)
    archive = f"{tmp_path}/a.db"
    assert main(["serve", "--archive", archive, "--host", "0.0.0.0", "--port", "8123", "--allow-add"]) == 0
    err = capsys.readouterr().err
    assert "tearsheet: warning: listening on 0.0.0.0" in err and "add to it" in err
    assert binds == [("0.0.0.0", 8123)]
    assert calls == [{"host": "0.0.0.0", "log_level": "warning", "server_header": False, "sockets": 1}]
    assert main(["serve", "--archive", archive]) == 0
    assert "warning" not in capsys.readouterr().err
    assert binds[-1] == ("127.0.0.1", 8000)


def test_serve_without_an_archive_is_one_error_line(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--archive", f"{tmp_path}/missing.db"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tearsheet: error: no archive at")
