"""``Article.confidence`` where a user looks: a warning from ``extract``, a column and a filter
in the archive (``list``/``search``/``export`` ``--low-confidence``), the reading room's notice,
and a reconciled article carrying the best confidence its captures' readers state."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tearsheet.archive import Archive
from tearsheet.cli import main
from tearsheet.models import LOW_CONFIDENCE
from test_archive_support import grouping, make_article, result_for

SHORT_PAGE = (b"<html><head><title>Council votes</title></head><body><article><h1>Council votes</h1>"
              b"<p>The council voted on Tuesday to approve the new budget for schools, roads and the "
              b"harbour.</p></article></body></html>")  # a stub of fifteen words


def test_extract_warns_on_one_line_when_the_reader_doubts_the_body(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "short.html"
    page.write_bytes(SHORT_PAGE)
    assert main(["extract", str(page), "--format", "json"]) == 0
    captured = capsys.readouterr()
    article = json.loads(captured.out)
    assert article["confidence"] < LOW_CONFIDENCE and "tiny_body" in article["warnings"]
    (line,) = captured.err.splitlines()
    assert line == (f"tearsheet: warning: {page}: low confidence {article['confidence']:.2f} "
                    f"({', '.join(article['warnings'])})")


def test_a_confident_page_gets_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    assert main(["extract", str(examples / "bike-style-book" / "page.html")]) == 0
    assert capsys.readouterr().err == ""


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive(tmp_path / "a.db", grouping=grouping())
    for i, confidence in enumerate((0.9, 0.3, None)):
        article = dataclasses.replace(make_article(i, title=f"Harbour story {i}"), confidence=confidence,
                                      warnings=("short_body",) if confidence == 0.3 else ())
        archive.store(result_for(article, archive.grouping))
    return archive


def test_the_archive_keeps_confidence_and_filters_on_it(archive: Archive, tmp_path: Path) -> None:
    with archive:
        assert {item.title: item.confidence for item in archive.list().items} == {
            "Harbour story 0": 0.9, "Harbour story 1": 0.3, "Harbour story 2": None}
        assert [i.title for i in archive.list(low_confidence=True).items] == ["Harbour story 1"]
        assert [h.title for h in archive.search("harbour", low_confidence=True).hits] == ["Harbour story 1"]
        assert len(archive.search("harbour").hits) == 3
        assert archive.export("jsonl", tmp_path / "doubtful.jsonl", low_confidence=True) == 1


def test_list_low_confidence_on_the_command_line(archive: Archive,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    archive.close()
    assert main(["list", "--low-confidence", "--archive", str(archive.path), "--format", "json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["title"] == "Harbour story 1"


def test_the_migration_fills_confidence_from_each_articles_json(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from tearsheet.archive import migrations

    path = tmp_path / "old.db"
    with Archive(path, grouping=grouping()) as db:
        article = dataclasses.replace(make_article(1), confidence=0.25)
        db.store(result_for(article, db.grouping))
    with sqlite3.connect(path) as conn:  # as an archive from before 0010 would be
        conn.execute("UPDATE articles SET confidence = NULL")
        conn.execute("DELETE FROM migrations WHERE name = '0010_confidence'")
        conn.execute("ALTER TABLE articles DROP COLUMN confidence")
    assert "0010_confidence" in migrations.NAMES
    with Archive(path) as db:
        assert [item.confidence for item in db.list().items] == [0.25]


def test_a_reconciled_article_carries_the_best_confidence_its_captures_state() -> None:
    import tearsheet

    base = make_article(7)
    low = dataclasses.replace(base, confidence=0.3, warnings=("short_body",), capture_id="a" * 64)
    high = dataclasses.replace(base, confidence=0.8, warnings=(), capture_id="b" * 64)
    silent = dataclasses.replace(base, capture_id="c" * 64)
    merged = tearsheet.reconcile([low, high, silent])
    assert (merged.confidence, merged.warnings) == (0.8, ())
    assert tearsheet.reconcile([silent, dataclasses.replace(silent, capture_id="d" * 64)]).confidence is None


def test_the_reading_room_says_when_the_body_is_doubtful(archive: Archive) -> None:
    from tearsheet.web import create_app
    from web_support import Client

    with archive:
        doubtful = archive.list(low_confidence=True).items[0].id
        confident = next(i.id for i in archive.list().items if i.confidence == 0.9)
        client = Client(create_app(archive))
        page = client.get(f"/articles/{doubtful}").text
        assert "notice-doubt" in page and "confidence 0.30: short body" in page
        assert "notice-doubt" not in client.get(f"/articles/{confident}").text
        found = client.get("/", params={"q": "harbour", "low_confidence": "1"}).text
        assert "Harbour story 1" in found and "Harbour story 0" not in found
