"""Opening the SQLite file: WAL, a busy timeout, migrations, sqlite3 errors → ``ArchiveError``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tearsheet.archive.migrations import migrate, pending
from tearsheet.errors import ArchiveError, ArchiveNotFoundError

MEMORY = ":memory:"
BUSY_TIMEOUT_SECONDS = 30.0  # a reader or second writer waits this long for the writer's lock
CACHE_KIB = 64 * 1024  # page cache per connection: search over 100k articles stays in memory
# WAL pages between checkpoints (SQLite's default: 1,000). Each capture adds ~45 index
# entries at random places (URL and LSH keys, ids); on a large archive those are ~45
# distinct pages per commit, and a longer WAL lets one checkpoint write a page that
# several commits changed once.
WAL_AUTOCHECKPOINT_PAGES = 10_000


def connect(path: Path | str, *, readonly: bool = False,
            timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """Open (and, unless read-only, create and migrate) the archive at ``path``.

    WAL mode lets searches run while an add is writing; ``synchronous=NORMAL`` keeps
    every committed transaction across a killed process (only a power cut can lose the
    last few), at a fraction of FULL's cost.
    """
    memory = str(path) == MEMORY
    if not memory and readonly and not Path(path).exists():
        raise ArchiveNotFoundError(f"no archive at {path}: add captures first with 'tearsheet add'")
    try:
        conn = _open(path, readonly=readonly and not memory, timeout=timeout)
        _configure(conn, memory=memory, readonly=readonly)
        if readonly:
            if pending(conn):
                raise ArchiveError(f"{path} is not a tearsheet archive, or needs an upgrade: "
                                   "open it once without read-only")
        else:
            migrate(conn)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open the archive {path}: {exc}") from exc
    return conn


def _open(path: Path | str, *, readonly: bool, timeout: float) -> sqlite3.Connection:
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                               check_same_thread=False)
    if str(path) != MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so one store is one transaction.
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)


def _configure(conn: sqlite3.Connection, *, memory: bool, readonly: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not memory and not readonly:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise ArchiveError(f"cannot switch the archive to WAL mode (got {mode})")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    conn.execute("PRAGMA synchronous = NORMAL")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed whole, or rolled back whole (also on Ctrl-C)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot write to the archive: {exc}") from exc
    try:
        yield conn
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise ArchiveError(f"cannot write to the archive: {exc}") from exc
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise ArchiveError(f"cannot commit to the archive: {exc}") from exc
