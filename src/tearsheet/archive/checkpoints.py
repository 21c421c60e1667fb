"""Copying the write-ahead log into the database file from a thread of its own.

SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold: that
one commit writes the WAL's pages into the database file and syncs it. In a long add
the writer is the one serial stage, and while it sits in such a commit every worker
runs through its queue and waits: over a 20,000-record add, one commit in ~14 took
~200 ms (every ~3.5 s) against a median of 6 ms.

``BackgroundCheckpoints`` turns the writer connection's automatic checkpoint off and
runs passive checkpoints from a thread with a connection of its own instead. A passive
checkpoint never blocks the writer or a reader (it copies what no reader still needs),
and Python's sqlite3 releases the GIL while SQLite works, so the writer's thread goes on
storing meanwhile. Durability does not change: a committed transaction is in the WAL
either way, and SQLite replays the WAL of a killed process when the file next opens.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

CHECKPOINT_EVERY_SECONDS = 1.0  # short enough that the WAL stays small (tens of MB in a fast add)


class BackgroundCheckpoints:
    """Passive checkpoints of the archive at ``path`` every ``every`` seconds, while started."""

    def __init__(self, path: Path, writer: sqlite3.Connection, *,
                 every: float = CHECKPOINT_EVERY_SECONDS) -> None:
        self._path = path
        self._writer = writer
        self._every = every
        self._writer_pages = 0  # the writer's own threshold while started, back in force after stop
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Take over checkpointing from the writer connection (no-op when already running)."""
        if self._thread is not None:
            return
        conn = sqlite3.connect(str(self._path), isolation_level=None, check_same_thread=False)
        self._writer_pages = int(self._writer.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        self._writer.execute("PRAGMA wal_autocheckpoint = 0")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(conn,), name="tearsheet-checkpoints",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the thread after its current checkpoint; the writer checkpoints itself again."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None
        self._writer.execute(f"PRAGMA wal_autocheckpoint = {self._writer_pages}")

    def _run(self, conn: sqlite3.Connection) -> None:
        try:
            while not self._stop.wait(self._every):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:  # busy or locked now: the next round copies it
                    continue
        finally:
            conn.close()
