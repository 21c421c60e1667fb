"""Long runs that survive: kill -9 mid-add leaves a consistent archive that a rerun
completes; searches run while an add is writing (WAL)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tearsheet.archive import Archive
from tearsheet.archive.writer import store
from test_archive_support import grouping, make_article, result_for

TESTS = Path(__file__).parent
PAGES = 40
KILL_AFTER = 15  # stores seen committed before the kill

ADD_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_archive_support import grouping, page_html
from tearsheet.archive import Archive
with Archive({path!r}, grouping=grouping()) as archive:
    for i in range({pages}):
        outcome = archive.add([page_html(i)] + [page_html(i, seed=1)] * (i % 2))
        print(i, ",".join(sorted(outcome.elements())), flush=True)
"""


def start_add(path: Path) -> subprocess.Popen[str]:
    script = ADD_SCRIPT.format(tests=str(TESTS), path=str(path), pages=PAGES)
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)


def check_consistent(path: Path) -> tuple[int, int]:
    """Integrity of the file, the FTS index and the archive's own invariants."""
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    assert conn.execute("SELECT count(*) FROM captures c LEFT JOIN capture_blobs b ON b.capture_id = c.id "
                        "WHERE b.capture_id IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM captures c LEFT JOIN articles a ON a.id = c.article_id "
                        "WHERE c.status = 'ok' AND a.id IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles a WHERE a.captures != "
                        "(SELECT count(*) FROM captures c WHERE c.article_id = a.id)").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM captures c "
                        "WHERE c.article_id = a.id)").fetchone()[0] == 0
    articles, captures = conn.execute("SELECT (SELECT count(*) FROM articles), "
                                      "(SELECT count(*) FROM captures)").fetchone()
    conn.close()
    return articles, captures


def test_kill_9_mid_add_then_rerun_finishes_the_job(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    process = start_add(path)
    assert process.stdout is not None
    for _ in range(KILL_AFTER):
        assert process.stdout.readline(), "the add ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    articles, captures = check_consistent(path)
    assert KILL_AFTER <= articles < PAGES + PAGES // 2

    rerun = start_add(path)
    output, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0
    # Nothing lost and nothing twice: every page once, the seed-1 pages merged into their own
    # articles (seed 1 is a different story: other words, other URL).
    assert check_consistent(path) == (PAGES + PAGES // 2, PAGES + PAGES // 2)
    assert output.count("duplicate") >= captures


def test_search_while_a_write_transaction_is_open(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Archive(path, grouping=grouping()) as writer, Archive(path, readonly=True) as reader:
        writer.store(result_for(make_article(1), writer._grouping))
        conn = writer._conn
        conn.execute("BEGIN IMMEDIATE")
        store(conn, result_for(make_article(2), writer._grouping), writer._grouping)
        started = time.perf_counter()
        assert reader.search("Story").total == 1  # the committed state, without waiting
        assert time.perf_counter() - started < 1.0
        conn.execute("COMMIT")
        assert reader.search("Story").total == 2


def test_search_while_an_add_process_runs(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    Archive(path).close()
    process = start_add(path)
    assert process.stdout is not None
    process.stdout.readline()
    totals = []
    with Archive(path, readonly=True) as reader:
        while process.poll() is None:
            totals.append(reader.search("story OR day").total)
            time.sleep(0.02)
    process.communicate()
    assert totals == sorted(totals) and totals[-1] > totals[0]
