"""Background checkpoints: bulk stores leave copying the WAL into the database file to a
thread, and the writer connection checkpoints itself again once the archive closes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from tearsheet.archive import Archive
from tearsheet.archive.checkpoints import BackgroundCheckpoints
from tearsheet.archive.database import WAL_AUTOCHECKPOINT_PAGES
from test_archive_support import grouping, make_article, result_for

ROWS = 64
ROW_BYTES = 16_384


def wal_database(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE blobs (data BLOB)")
    return conn


def autocheckpoint(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def test_the_thread_copies_the_wal_into_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = wal_database(path)
    writer.execute("PRAGMA wal_autocheckpoint = 1234")  # the writer's own threshold
    checkpoints = BackgroundCheckpoints(path, writer, every=0.05)
    checkpoints.start()
    assert autocheckpoint(writer) == 0  # the writer no longer checkpoints in its commits
    writer.executemany("INSERT INTO blobs VALUES (?)", [(b"x" * ROW_BYTES,) for _ in range(ROWS)])
    deadline = time.monotonic() + 10
    while path.stat().st_size < ROWS * ROW_BYTES and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.stat().st_size >= ROWS * ROW_BYTES  # the rows reached the database file
    checkpoints.stop()
    assert not checkpoints.running
    assert autocheckpoint(writer) == 1234
    writer.close()


def test_without_the_thread_the_rows_stay_in_the_wal(tmp_path: Path) -> None:
    # The control for the test above: with automatic checkpoints off and no thread,
    # nothing copies the WAL, so the file size there is the thread's doing.
    path = tmp_path / "a.db"
    writer = wal_database(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.executemany("INSERT INTO blobs VALUES (?)", [(b"x" * ROW_BYTES,) for _ in range(ROWS)])
    time.sleep(0.3)
    assert path.stat().st_size < ROWS * ROW_BYTES
    writer.close()


def test_bulk_stores_run_it_and_closing_stops_it(tmp_path: Path) -> None:
    group = grouping()
    archive = Archive(tmp_path / "archive.db", grouping=group)
    archive.store_many([result_for(make_article(i), group) for i in range(3)])
    assert any(t.name == "tearsheet-checkpoints" for t in threading.enumerate())
    archive.close()
    assert not any(t.name == "tearsheet-checkpoints" for t in threading.enumerate())
    with Archive(tmp_path / "archive.db", grouping=group) as reopened:
        assert reopened.stats().captures == 3
        assert autocheckpoint(reopened._conn) == WAL_AUTOCHECKPOINT_PAGES  # noqa: SLF001


def test_in_memory_and_read_only_archives_have_none(tmp_path: Path) -> None:
    group = grouping()
    with Archive(":memory:", grouping=group) as memory:
        memory.store_many([result_for(make_article(0), group)])
        assert not any(t.name == "tearsheet-checkpoints" for t in threading.enumerate())
    Archive(tmp_path / "archive.db").close()
    with Archive(tmp_path / "archive.db", readonly=True) as readonly:
        assert readonly._checkpoints is None  # noqa: SLF001
