"""`tearsheet extract` over several inputs: JSON Lines, and Markdown/text outputs headed by their source."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tearsheet.cli import main
from terminal_support import run_on_terminal


@pytest.fixture
def pages(tmp_path: Path, examples: Path) -> Path:
    """Two good pages and one bad file in a folder."""
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(examples / "bike-style-book" / "page.html", folder / "bike.html")
    shutil.copy(examples / "hitler-birth-house" / "clip.md", folder / "hitler.md")
    (folder / "empty.html").write_bytes(b"")
    return folder


def test_a_folder_as_json_is_json_lines_with_each_source(
    pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", str(pages), "--format", "json"])

    out, err = capsys.readouterr()
    assert code == 1  # the empty file failed ...
    records = [json.loads(line) for line in out.splitlines()]  # ... and every line parses alone
    assert [r["source"] for r in records] == [str(pages / "bike.html"), str(pages / "hitler.md")]
    assert all(r["title"] and r["text"] for r in records)
    assert out.count("\n") == 2
    assert err.strip().splitlines()[-1].startswith("tearsheet: 1 of 3 inputs failed")


def test_several_inputs_keep_the_url_or_path_as_given(
    examples: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(examples)
    code = main(["extract", "bike-style-book/page.html", "./hitler-birth-house/page.html",
                 "--format", "json"])

    out = capsys.readouterr().out
    assert code == 0
    assert [json.loads(line)["source"] for line in out.splitlines()] == [
        "bike-style-book/page.html", "./hitler-birth-house/page.html"]


def test_one_input_piped_is_one_json_line(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = examples / "bike-style-book" / "page.html"
    assert main(["extract", str(page), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    record = json.loads(out)
    assert record["source"] == str(page) and record["title"].startswith("Bike & Style")


def test_one_input_on_a_terminal_is_indented_json(examples: Path) -> None:
    page = examples / "bike-style-book" / "page.html"
    code, out = run_on_terminal("extract", str(page), "--format", "json")
    assert code == 0
    assert out.startswith("{\n  ")
    assert json.loads(out)["source"] == str(page)


def test_several_inputs_as_markdown_are_headed_by_source_comments(
    pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["extract", str(pages), "--format", "markdown"])

    out = capsys.readouterr().out
    headers = [line for line in out.splitlines() if line.startswith("<!-- source:")]
    assert headers == [f"<!-- source: {pages / 'bike.html'} -->", f"<!-- source: {pages / 'hitler.md'} -->"]
    tokens = MarkdownIt("commonmark").parse(out)
    comments = [t.content.strip() for t in tokens if t.type == "html_block"]
    assert comments == headers  # comments, rendered as nothing: the Markdown stays the articles'
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1") == 2
    second = out.index(headers[1])
    assert out[second - 2:second] == "\n\n"  # a blank line between the articles


def test_several_inputs_as_text_are_headed_like_head_and_tail(
    pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["extract", str(pages / "bike.html"), str(pages / "hitler.md"), "--format", "text"])

    out = capsys.readouterr().out
    assert out.startswith(f"==> {pages / 'bike.html'} <==\n\n")
    assert f"\n\n==> {pages / 'hitler.md'} <==\n\n" in out


def test_a_source_with_a_comment_end_does_not_close_the_header_early(
    tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "odd-->name"
    folder.mkdir()
    shutil.copy(examples / "bike-style-book" / "clip.md", folder / "a.md")
    shutil.copy(examples / "hitler-birth-house" / "clip.md", folder / "b.md")
    main(["extract", str(folder), "--format", "markdown"])
    headers = [line for line in capsys.readouterr().out.splitlines() if line.startswith("<!-- source:")]
    assert len(headers) == 2
    assert all(line.count("-->") == 1 and line.endswith(" -->") for line in headers)
