"""The archive commands: search, show, list, stats, export — through ``tearsheet.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tearsheet.archive import Archive
from tearsheet.cli import cli, main
from test_archive_support import grouping, make_article, result_for

COMMANDS = ("search", "show", "list", "stats", "export")


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    with Archive(path, grouping=grouping()) as archive:
        for i in range(4):
            title = "Quokka sanctuary reopens" if i == 0 else None
            archive.store(result_for(make_article(i, title=title), archive._grouping))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", COMMANDS)
def test_every_archive_command_has_an_example_and_archive_option(name: str) -> None:
    command = cli.commands[name]
    assert "Example:" in (command.help or "")
    assert any("--archive" in param.opts for param in command.params)


def test_search_text_and_json(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    # Into a pipe (as here): rows on stdout, the count on stderr.
    code, out, err = run(capsys, "search", "quokka", "--archive", str(archive_path))
    assert code == 0
    assert "Quokka sanctuary reopens" in out and err == "1–1 of 1 matches\n"
    code, out, err = run(capsys, "search", "story OR quokka", "--format", "json", "--limit", "2",
                         "--archive", str(archive_path))
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 2 and err == "1–2 of 4 matches\n"
    hit = hits[0]
    assert {"id", "title", "site", "url", "published", "authors", "rank", "snippet", "highlights"} <= set(hit)


def test_search_errors_are_one_line(capsys: pytest.CaptureFixture[str], archive_path: Path,
                                    tmp_path: Path) -> None:
    code, out, err = run(capsys, "search", "quokka AND", "--archive", str(archive_path))
    assert code == 1 and out == ""
    assert err.startswith("tearsheet: error: cannot understand the search query") and err.count("\n") == 1
    code, _, err = run(capsys, "search", "x", "--archive", str(tmp_path / "missing.db"))
    assert code == 1 and err.startswith("tearsheet: error: no archive at")
    assert not (tmp_path / "missing.db").exists()  # reading never creates an archive


def test_show_formats_and_explain(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    _, out, _ = run(capsys, "search", "quokka", "--format", "json", "--archive", str(archive_path))
    article_id = json.loads(out)["id"]
    code, out, _ = run(capsys, "show", article_id[:6], "--archive", str(archive_path))
    assert code == 0 and out.startswith("# Quokka sanctuary reopens")
    _, out, _ = run(capsys, "show", article_id, "--format", "json", "--archive", str(archive_path))
    data = json.loads(out)
    assert data["id"] == article_id and data["title"] == "Quokka sanctuary reopens"
    assert len(data["captures"]) == 1 and data["captures"][0]["size"] > 0
    _, out, _ = run(capsys, "show", article_id, "--format", "text", "--explain",
                    "--archive", str(archive_path))
    assert "1 capture(s)" in out and data["captures"][0]["id"][:12] in out
    code, _, err = run(capsys, "show", "ffffffff", "--archive", str(archive_path))
    assert code == 1 and err.startswith("tearsheet: error: no article")


def test_list_and_stats(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    code, out, err = run(capsys, "list", "--archive", str(archive_path))
    assert code == 0 and err == "1–4 of 4 articles\n" and len(out.splitlines()) == 1 + 4
    _, out, err = run(capsys, "list", "--format", "json", "--limit", "1", "--archive", str(archive_path))
    assert json.loads(out)["captures"] == 1 and err == "1–1 of 4 articles\n"
    _, out, _ = run(capsys, "stats", "--format", "json", "--archive", str(archive_path))
    stats = json.loads(out)
    assert (stats["articles"], stats["captures"], stats["failed"]) == (4, 4, 0)
    code, out, _ = run(capsys, "stats", "--archive", str(archive_path))
    assert code == 0 and "articles" in out


def test_export(capsys: pytest.CaptureFixture[str], archive_path: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "export", "--format", "jsonl", "--query", "quokka", "-o", str(out_file),
                       "--archive", str(archive_path))
    assert code == 0 and "exported 1 articles" in err
    assert json.loads(out_file.read_text(encoding="utf-8"))["title"] == "Quokka sanctuary reopens"
    folder = tmp_path / "md"
    run(capsys, "export", "--format", "markdown", "-o", str(folder), "--archive", str(archive_path))
    assert len(list(folder.glob("*.md"))) == 4


def test_archive_from_environment(capsys: pytest.CaptureFixture[str], archive_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEARSHEET_ARCHIVE", str(archive_path))
    code, out, _ = run(capsys, "stats", "--format", "json")
    assert code == 0 and json.loads(out)["articles"] == 4
