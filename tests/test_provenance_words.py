"""Provenance and run summaries in words: no Python reprs (``Author(name=…)``,
``Counter({…})``, ``('a', 'b')``) in --explain output, the CLI's summaries or the API's JSON."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tearsheet.archive import Archive
from tearsheet.cli import main
from tearsheet.web import create_app
from web_support import Client

EXAMPLES = Path(__file__).parent.parent / "examples"
# Class(field=…), Class({…}), Class([…]), Class('…'), a tuple or list of strings, a datetime repr.
REPR = re.compile(r"\b[A-Z]\w*\((\w+=|[{\[(]|['\"])|[(\[]'[^']*',|datetime\.\w+\(")
BINARY = bytes(range(256)) * 8


def assert_words(text: str) -> None:
    found = REPR.search(text)
    assert found is None, f"a Python repr: …{text[max(0, found.start() - 40):found.end() + 40]}…"


@pytest.mark.parametrize("text", ["(Author(name='Tony Carter', url=None),)", "Counter({'added': 1})",
                                  "('book', 'review')", "Image(src='https://x')",
                                  "datetime.datetime(2014, 6, 21)"])
def test_the_check_catches_reprs(text: str) -> None:
    with pytest.raises(AssertionError):
        assert_words(text)


def test_reconcile_explain_shows_fields_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["reconcile", str(EXAMPLES / "bike-style-book"), str(EXAMPLES / "hitler-birth-house"),
                 "--explain"])
    out = capsys.readouterr().out
    assert code == 0
    assert_words(out)
    assert re.search(r"│ authors +│ Tony Carter +│", out)
    assert re.search(r"│ tags +│ book, review +│", out)
    assert re.search(r"│ published +│ 2014-06-21T09:41:45\+01:00 +│", out)


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("captures")
    for capture in (EXAMPLES / "bike-style-book").iterdir():
        shutil.copy(capture, folder / capture.name)
    clip = folder / "clip.md"  # a clipper that shortened the title: the captures disagree on it
    clip.write_text(clip.read_text(encoding="utf-8").replace(
        "# Bike & Style book with soundtrack review", "# Bike & Style book review"), encoding="utf-8")
    path = tmp_path_factory.mktemp("archive") / "archive.db"  # its own folder: modules share the base
    with Archive(path) as archive:
        archive.add(folder)
    return path


def test_show_explain_is_in_words(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    with Archive(archive_path, readonly=True) as archive:
        (item,) = archive.list().items
        conflicts = archive.get(item.id).conflicts
    assert conflicts  # the clip and the page disagree on the title
    code = main(["show", item.id, "--explain", "--archive", str(archive_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert_words(out)
    chosen = conflicts[0].chosen
    assert f"conflict on {conflicts[0].field}: chose “{chosen}” among “" in out


def test_cli_run_summaries_are_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "captures"
    folder.mkdir()
    shutil.copy(EXAMPLES / "bike-style-book" / "page.html", folder / "page.html")
    (folder / "binary.html").write_bytes(BINARY)
    main(["add", str(folder), "--archive", str(tmp_path / "a.db"), "--jobs", "1"])
    main(["extract", str(folder), "--format", "json"])
    main(["reconcile", str(folder)])
    err = capsys.readouterr().err
    assert "1 of 2 inputs failed (unsupported: 1)" in err
    assert_words(err)


def test_the_api_reports_adding_in_words() -> None:
    with Archive(":memory:") as archive:
        client = Client(create_app(archive, allow_add=True))
        page = (EXAMPLES / "bike-style-book" / "page.html").read_bytes()
        added = client.post("/api/captures", content=page)
        assert added.status_code == 201 and added.json()["report"] == "1 added"
        again = client.post("/api/captures", content=page)
        assert again.json()["report"] == "1 duplicate"
        refused = client.post("/api/captures", content=b"<html><body><p>Hi.</p></body></html>")
        assert refused.status_code == 400
        message = refused.json()["error"]["message"]
        assert message == "no article could be read from the upload (1 failed (not_an_article))"
        assert_words(added.text + again.text + refused.text)


def test_show_explain_into_a_pipe_shows_each_source_whole(capsys: pytest.CaptureFixture[str],
                                                          archive_path: Path) -> None:
    with Archive(archive_path, readonly=True) as archive:
        (item,) = archive.list().items
        sources = [c.source for c in archive.captures(item.id)]
    assert main(["show", item.id, "--explain", "--archive", str(archive_path)]) == 0
    out = capsys.readouterr().out
    assert sources and all(source and source in out for source in sources)
