"""The archive core: storing captures once, grouping them, reading articles back."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from tearsheet.archive import ADDED, DUPLICATE, MERGED, Archive, default_path
from tearsheet.archive.incoming import StepResult
from tearsheet.archive.migrations import NAMES
from tearsheet.errors import ArchiveError, ArchiveNotFoundError, NotInArchiveError
from test_archive_support import grouping, make_article, make_capture, page_html, result_for


@pytest.fixture
def archive() -> Archive:
    with Archive(":memory:", grouping=grouping()) as db:
        yield db


def test_store_once_under_the_content_hash(archive: Archive) -> None:
    result = result_for(make_article(1), archive._grouping)
    assert archive.store(result) == ADDED
    assert archive.store(result) == DUPLICATE
    stats = archive.stats()
    assert (stats.articles, stats.captures) == (1, 1)
    assert archive.capture_bytes(result.capture.id) == result.capture.data
    record = archive.capture(result.capture.id)
    assert (record.kind, record.size, record.status) == ("html", len(result.capture.data), "ok")


def test_new_capture_of_a_known_article_merges_and_updates_it(archive: Archive) -> None:
    article = make_article(1)
    first = archive.store(result_for(article, archive._grouping))
    retitled = dataclasses.replace(article, title=article.title + " (updated)")
    second = archive.store(result_for(retitled, archive._grouping, salt="v2"))
    assert (first, second) == (ADDED, MERGED)
    [hit] = archive.list().items
    assert hit.captures == 2
    captures = archive.captures(hit.id)
    assert len(captures) == 2
    reconciled = archive.get(hit.id)
    assert reconciled.provenance is not None
    assert set(reconciled.provenance.captures) == {c.id for c in captures}


def test_different_articles_stay_apart(archive: Archive) -> None:
    outcomes = [archive.store(result_for(make_article(i), archive._grouping)) for i in range(6)]
    assert outcomes == [ADDED] * 6
    assert archive.stats().articles == 6


def test_text_only_capture_joins_its_article_by_content(archive: Archive) -> None:
    article = make_article(7)
    archive.store(result_for(article, archive._grouping))
    dump = dataclasses.replace(article, url=None, title=None, authors=(), published=None)
    assert archive.store(result_for(dump, archive._grouping, salt="dump")) == MERGED


def test_failed_capture_is_recorded_named_and_retried_on_rerun(archive: Archive) -> None:
    capture = make_capture(b"\x00\x01 not an article")
    result = StepResult(capture=capture, article_json=None, fingerprint=None, error="not_an_article",
                        message="no article body")
    assert archive.store(result) == "failed:not_an_article"
    assert archive.known([capture.id, "0" * 64]) == set()  # a rerun reads it again ...
    assert archive.store(result) == "failed:not_an_article"  # ... and its new result replaces the old
    stats = archive.stats()
    assert (stats.failed, stats.failures, stats.articles) == (1, (("not_an_article", 1),), 0)
    (failure,) = archive.failures()
    assert (failure.stage, failure.source, failure.reason, failure.message, failure.capture_id) == (
        "read", capture.source or capture.id, "not_an_article", "no article body", capture.id)
    with pytest.raises(NotInArchiveError, match="not_an_article"):
        archive.capture_article(capture.id)


def test_a_capture_that_failed_and_then_reads_replaces_its_failure(archive: Archive) -> None:
    good = result_for(make_article(5), archive._grouping)
    archive.store(StepResult(capture=good.capture, article_json=None, fingerprint=None, error="timeout",
                             message="over 60 s"))
    assert [f.reason for f in archive.failures()] == ["timeout"]
    assert archive.store(good) == "added"
    assert archive.failures() == ()
    stats = archive.stats()
    assert (stats.failed, stats.captures, stats.articles) == (0, 1, 1)
    assert archive.known([good.capture.id]) == {good.capture.id}


def test_article_ids_are_short_stable_and_resolvable(archive: Archive) -> None:
    result = result_for(make_article(3), archive._grouping)
    archive.store(result)
    article_id = archive.list().items[0].id
    assert article_id == result.capture.id[:12]
    assert archive.resolve(article_id[:6]) == article_id
    assert archive.resolve(result.capture.id) == article_id  # a capture id names its article
    assert archive.get(article_id[:6]).title == make_article(3).title
    with pytest.raises(NotInArchiveError):
        archive.get("ffffffffffff")


def test_capture_article_is_the_single_capture_reading(archive: Archive) -> None:
    result = result_for(make_article(2), archive._grouping)
    archive.store(result)
    assert archive.capture_article(result.capture.id).text == make_article(2).text


def test_add_reads_files_and_bytes_in_process(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"page{i}.html").write_bytes(page_html(i))
    (tmp_path / "empty.html").write_bytes(b"")
    with Archive(tmp_path / "a.db", grouping=grouping()) as archive:
        outcomes = archive.add(tmp_path)
        assert outcomes == {ADDED: 3, "failed:empty": 1}
        assert archive.add([page_html(1)]) == {DUPLICATE: 1}
        assert archive.add(tmp_path / "page2.html") == {DUPLICATE: 1}
        assert archive.stats().articles == 3


def test_list_filters_and_pages(archive: Archive) -> None:
    for i in range(5):
        archive.store(result_for(make_article(i, site="a.example.org" if i % 2 else "b.example.org"),
                                 archive._grouping))
    assert archive.list().total == 5
    assert archive.list(site="a.example.org").total == 2
    assert archive.list(site="example.org").total == 5
    page = archive.list(limit=2, offset=2)
    assert (len(page.items), page.total) == (2, 5)


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    Archive(path).close()
    Archive(path).close()
    conn = sqlite3.connect(path)
    assert [row[0] for row in conn.execute("SELECT name FROM migrations")] == list(NAMES)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_readonly_needs_an_existing_archive(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFoundError, match="no archive"):
        Archive(tmp_path / "missing.db", readonly=True)
    path = tmp_path / "a.db"
    with Archive(path, grouping=grouping()) as archive:
        archive.store(result_for(make_article(1), archive._grouping))
    with Archive(path, readonly=True) as archive:
        assert archive.stats().articles == 1
        with pytest.raises(ArchiveError):
            archive.store(result_for(make_article(2), grouping()))


def test_not_an_archive_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match="cannot open the archive"):
        Archive(path)


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TEARSHEET_ARCHIVE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "tearsheet" / "archive.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_path() == Path.home() / ".local" / "share" / "tearsheet" / "archive.db"
    monkeypatch.setenv("TEARSHEET_ARCHIVE", str(tmp_path / "x.db"))
    assert default_path() == tmp_path / "x.db"


def test_opens_in_sqlite_utils_with_its_fts(tmp_path: Path) -> None:
    sqlite_utils = pytest.importorskip("sqlite_utils")
    path = tmp_path / "a.db"
    with Archive(path, grouping=grouping()) as archive:
        for i in range(3):
            archive.store(result_for(make_article(i), archive._grouping))
    db = sqlite_utils.Database(path)
    assert {"articles", "captures", "capture_blobs", "migrations"} <= set(db.table_names())
    assert db["articles"].detect_fts() == "articles_fts"
    assert db["articles"].count == 3
    rows = list(db["articles"].search("Story"))
    assert len(rows) == 3
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_older_archive_is_migrated_and_keeps_its_articles(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tearsheet.archive import migrations

    path = tmp_path / "old.db"
    full = migrations.MIGRATIONS
    monkeypatch.setattr(migrations, "MIGRATIONS", full[:1])
    monkeypatch.setattr(migrations, "NAMES", migrations.NAMES[:1])
    conn = sqlite3.connect(path)
    migrations.migrate(conn)
    conn.execute("INSERT INTO articles (id, title, authors, text, site, host, url, published, date, "
                 "language, captures, json, added, updated) VALUES ('abc123abc123', 'Old harbour story', "
                 "'Ann', 'Text of it', 'news.example.com', 'news.example.com', "
                 "'https://news.example.com/a', NULL, NULL, 'en-GB', 0, '{}', "
                 "'2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", full)
    monkeypatch.setattr(migrations, "NAMES", tuple(name for name, _ in full))
    with Archive(path) as archive:
        assert archive.search("harbour", site="example.com", lang="en").total == 1
        assert archive.search("harbour", site="other.org").total == 0
        assert archive.list(site="news.example.com").total == 1
