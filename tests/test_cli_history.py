"""An edited article in the archive: ``tearsheet history`` (a timeline, a diff of any two
versions), ``show --version N``, and ``--changed`` / ``--corrected`` on list and search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tearsheet.archive import Archive, ReconcileGrouping
from tearsheet.cli import main
from test_archive_support import make_article, result_for
from test_reconcile_versions import BODY, CORRECTION, issue_pair, updated


@pytest.fixture
def archive_path(tmp_path: Path) -> str:
    path = tmp_path / "news.db"
    grouping = ReconcileGrouping()
    with Archive(path, grouping=grouping) as archive:
        first, second = issue_pair()
        archive.store(result_for(first, grouping))
        archive.store(result_for(second, grouping, salt="a day later"))
        archive.store(result_for(make_article(3, title="Harbour story"), grouping))
    return str(path)


def edited_id(archive_path: str) -> str:
    with Archive(archive_path, readonly=True) as archive:
        (item,) = archive.list(changed=True).items
        return item.id


def test_history_shows_each_version_with_its_edits_and_notes(archive_path: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", edited_id(archive_path), "--archive", archive_path]) == 0
    out = capsys.readouterr().out
    versions = [line for line in out.splitlines() if line.startswith("version ")]
    assert [line.split()[1] for line in versions] == ["1", "2"]
    assert "Night buses to run in four more districts from March" in versions[1]
    assert f"  correction: {CORRECTION}" in out
    assert any(line.startswith("  ~ ") and "twelve million" in line and "fifteen million" in line
               for line in out.splitlines())
    assert main(["history", edited_id(archive_path), "--archive", archive_path, "--format", "json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [v["number"] for v in lines] == [1, 2] and lines[1]["notes"][0]["kind"] == "correction"


def test_history_diffs_any_two_versions(archive_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", edited_id(archive_path), "--diff", "2", "1", "--archive", archive_path]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("+ ") and "Opponents argued" in line for line in out.splitlines())  # back in


def test_show_prints_the_version_asked_for(archive_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    article_id = edited_id(archive_path)
    assert main(["show", article_id, "--version", "1", "--format", "text", "--archive", archive_path]) == 0
    first = capsys.readouterr().out
    assert BODY[2] in first and CORRECTION not in first
    assert main(["show", article_id, "--format", "text", "--archive", archive_path]) == 0
    assert updated()[-1] in capsys.readouterr().out  # the latest by default
    assert main(["show", article_id, "--version", "3", "--archive", archive_path]) == 1
    assert capsys.readouterr().err == "tearsheet: error: no version 3: the article has 2 versions\n"


def test_list_and_search_find_changed_and_corrected_articles(archive_path: str) -> None:
    with Archive(archive_path, readonly=True) as archive:
        assert len(archive.list().items) == 2
        assert [i.title for i in archive.list(corrected=True).items] == [
            "Night buses to run in four more districts from March"]
        assert len(archive.search("council OR harbour", changed=True).hits) == 1


def test_the_migration_fills_versions_and_corrected_from_each_articles_json(archive_path: str) -> None:
    import sqlite3

    with sqlite3.connect(archive_path) as conn:  # as an archive from before 0011 would be
        conn.execute("DELETE FROM migrations WHERE name = '0011_versions'")
        conn.execute("ALTER TABLE articles DROP COLUMN versions")
        conn.execute("ALTER TABLE articles DROP COLUMN corrected")
    with Archive(archive_path) as archive:
        assert len(archive.list(changed=True).items) == len(archive.list(corrected=True).items) == 1


def test_the_reading_room_shows_the_timeline_with_insertions_and_deletions(archive_path: str) -> None:
    from tearsheet.web import create_app
    from web_support import Client

    with Archive(archive_path, readonly=True) as archive:
        page = Client(create_app(archive)).get(f"/articles/{edited_id(archive_path)}").text
    assert "This article changed: 2 versions" in page
    assert "<del>" in page and "<ins>" in page and "Correction: " in page


def test_export_versions_writes_a_line_per_version_with_its_edits(archive_path: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "docs" / "article.schema.json").read_text())
    out = tmp_path / "versions.jsonl"
    assert main(["export", "--format", "jsonl", "--versions", "-o", str(out), "--archive", archive_path]) == 0
    assert capsys.readouterr().err == f"exported 2 articles to {out}\n"
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    edited = edited_id(archive_path)
    first, second = (line for line in lines if line["id"] == edited)
    (other,) = (line for line in lines if line["id"] != edited)
    assert [(line["number"], line["versions"]) for line in (first, second, other)] == [(1, 2), (2, 2), (1, 1)]
    assert first["edits"] == [] and first["text"] == "\n\n".join(BODY)
    assert second["title"] == "Night buses to run in four more districts from March"
    assert any(e["action"] == "changed" and "twelve million" in e["old"] and "fifteen million" in e["new"]
               for e in second["edits"])
    assert [n["kind"] for n in second["notes"]] == ["correction"]
    assert other["edits"] == [] and other["title"] == "Harbour story"
    version = {"$ref": "#/$defs/version", "$defs": schema["$defs"]}
    for line in lines:  # each line is a documented version object, with the article id, count and text
        jsonschema.validate({k: v for k, v in line.items() if k not in ("id", "versions", "text")}, version)
    assert main(["export", "--format", "jsonl", "--versions", "--changed", "-o", str(out),
                 "--archive", archive_path]) == 0
    assert {json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()} == {edited}
    assert main(["export", "--format", "csv", "--versions", "-o", str(out), "--archive", archive_path]) == 2
    assert "--format jsonl" in capsys.readouterr().err
