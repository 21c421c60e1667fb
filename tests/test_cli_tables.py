"""list, search and stats into a pipe: TSV (a header, one line per row) or JSON Lines; on a
terminal: tables and indented JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tearsheet.archive import Archive
from tearsheet.cli import main
from terminal_support import run_on_terminal
from test_archive_support import grouping, make_article, result_for

# Captured text is data: a title or body may hold tabs, newlines and carriage returns.
AWKWARD_TITLE = "Quokka\tsanctuary\nreopens\r\nafter storm"
AWKWARD_TEXT = "The quokka colony\nreturned.\n\n\tVisitors\r\ncame back to see the quokka pups on Monday."


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    with Archive(path, grouping=grouping()) as archive:
        for i in range(3):
            article = make_article(i, title=AWKWARD_TITLE if i == 0 else None,
                                   text=AWKWARD_TEXT if i == 0 else None)
            archive.store(result_for(article, archive._grouping))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def tsv(out: str) -> list[list[str]]:
    rows = [line.split("\t") for line in out.split("\n")[:-1]]
    assert out.endswith("\n") and len({len(row) for row in rows}) == 1, rows  # every line has every cell
    return rows


def test_list_into_a_pipe_is_tsv_one_line_per_article(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    code, out, err = run(capsys, "list", "--archive", str(archive_path))
    assert code == 0
    rows = tsv(out)
    assert rows[0] == ["id", "published", "site", "title", "captures", "url"]
    assert len(rows) == 1 + 3
    awkward = next(row for row in rows if row[3].startswith("Quokka"))
    assert awkward[3] == "Quokka sanctuary reopens after storm"
    assert awkward[1] == "2024-01-01" and awkward[4] == "1" and awkward[5].startswith("https://")
    assert err == "1–3 of 3 articles\n"


def test_search_into_a_pipe_is_tsv_with_one_line_snippets(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    code, out, err = run(capsys, "search", "quokka", "--archive", str(archive_path))
    assert code == 0
    header, *hits = tsv(out)
    assert header == ["id", "published", "site", "title", "authors", "rank", "snippet", "url"]
    assert len(hits) == 1
    hit = dict(zip(header, hits[0], strict=True))
    assert hit["title"] == "Quokka sanctuary reopens after storm" and hit["authors"] == "Ann Writer"
    assert "quokka" in hit["snippet"].lower() and "  " not in hit["snippet"]
    float(hit["rank"])
    assert err == "1–1 of 1 matches\n"


def test_search_with_no_match_into_a_pipe_is_a_header_only(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    code, out, err = run(capsys, "search", "platypus", "--archive", str(archive_path))
    assert code == 0 and len(tsv(out)) == 1
    assert err == "no matches for “platypus”\n"


def test_search_json_into_a_pipe_is_json_lines(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    code, out, err = run(capsys, "search", "quokka OR story", "--format", "json",
                         "--archive", str(archive_path))
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(hits) == 3 and err == "1–3 of 3 matches\n"
    quokka = next(hit for hit in hits if hit["title"].startswith("Quokka"))
    start, end = quokka["highlights"][0]
    assert quokka["snippet"][start:end].lower() == "quokka"  # JSON keeps the snippet and its spans exact


def test_list_json_into_a_pipe_is_json_lines(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    code, out, err = run(capsys, "list", "--format", "json", "--limit", "2", "--archive", str(archive_path))
    items = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(items) == 2 and err == "1–2 of 3 articles\n"
    assert {"id", "title", "published", "captures", "url"} <= set(items[0])


def test_stats_into_a_pipe_is_tsv(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    code, out, _ = run(capsys, "stats", "--archive", str(archive_path))
    assert code == 0
    rows = tsv(out)
    assert rows[0] == ["what", "value"]
    values = dict((name, value) for name, value in rows[1:])
    assert (values["articles"], values["captures"], values["failed"]) == ("3", "3", "0")
    assert values["site:news.example.com"] == "3" and values["language:en"] == "3"
    assert int(values["size bytes"]) > 0


def test_stats_json_into_a_pipe_is_one_line(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    _, out, _ = run(capsys, "stats", "--format", "json", "--archive", str(archive_path))
    assert out.count("\n") == 1 and json.loads(out)["articles"] == 3


def test_show_json_into_a_pipe_is_one_line(capsys: pytest.CaptureFixture[str], archive_path: Path) -> None:
    _, out, _ = run(capsys, "list", "--format", "json", "--limit", "1", "--archive", str(archive_path))
    article_id = json.loads(out)["id"]
    code, out, _ = run(capsys, "show", article_id, "--format", "json", "--archive", str(archive_path))
    assert code == 0 and out.count("\n") == 1 and json.loads(out)["id"] == article_id


def test_on_a_terminal_list_is_a_table_and_json_is_one_indented_document(archive_path: Path) -> None:
    code, out = run_on_terminal("list", "--archive", str(archive_path))
    assert code == 0 and "1–3 of 3 articles" in out and "\t" not in out
    code, out = run_on_terminal("list", "--format", "json", "--archive", str(archive_path))
    data = json.loads(out)
    assert code == 0 and out.startswith("{\n  ") and data["total"] == 3 and len(data["items"]) == 3
    code, out = run_on_terminal("search", "quokka", "--format", "json", "--archive", str(archive_path))
    assert code == 0 and json.loads(out)["total"] == 1
