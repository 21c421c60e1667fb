"""Deferred reconciliation: merged captures mark their article pending, and
``reconcile_pending`` rebuilds it once — giving exactly the articles that reconciling
on every merge gives, and surviving a kill between the stores and the rebuild."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tearsheet.archive import Archive, writer
from tearsheet.archive.incoming import StepResult
from tearsheet.models import Author, Block, BlockKind
from test_archive_durability import check_consistent
from test_archive_support import grouping, make_article, page_html, result_for

TESTS = Path(__file__).parent
ARTICLES = 5
COPIES = 7  # captures per article: past the small reconcile limit tested below


def copies(i: int) -> list[StepResult]:
    """Captures of one article that differ the way real captures do: a paragraph more or
    less, another author list, a changed title."""
    group = grouping()
    base = make_article(i)
    results = []
    for copy in range(COPIES):
        blocks = base.blocks[:len(base.blocks) - copy % 2]
        if copy % 3 == 1:
            blocks = (*blocks, Block(kind=BlockKind.PARAGRAPH, text=f"Update {copy}: the council met again."))
        authors = base.authors + ((Author(name="Bea Editor"),) if copy % 4 == 2 else ())
        title = base.title if copy % 5 else f"{base.title} (updated)"
        article = dataclasses.replace(base, blocks=blocks, authors=authors, title=title)
        results.append(result_for(article, group, salt=f"copy-{copy}"))
    return results


def everything(archive: Archive) -> dict[str, tuple[object, ...]]:
    """Every article as ``get`` returns it, with its capture count and captures."""
    ids = [row[0] for row in archive._query("SELECT id FROM articles ORDER BY id")]
    return {article_id: (archive.get(article_id), archive.summary(article_id).captures,
                         tuple(c.id for c in archive.captures(article_id))) for article_id in ids}


@pytest.mark.parametrize("limit", [writer.MAX_RECONCILED_CAPTURES, 3], ids=["default", "small-limit"])
def test_deferred_reconcile_gives_the_same_articles_as_reconciling_every_merge(
        monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    monkeypatch.setattr(writer, "MAX_RECONCILED_CAPTURES", limit)
    results = [result for i in range(ARTICLES) for result in copies(i)]
    random.Random(7).shuffle(results)
    rnd = random.Random(11)
    with Archive(":memory:", grouping=grouping()) as eager, \
            Archive(":memory:", grouping=grouping()) as deferred:
        for result in results:
            eager.store(result)
            deferred.store(result, defer=True)
            assert eager.pending() == 0
            if rnd.random() < 0.2:  # a periodic rebuild mid-run, as a long add does
                deferred.reconcile_pending()
        assert deferred.pending() > 0
        # Counts are kept at once, before the rebuild.
        assert {k: v[1:] for k, v in everything(deferred).items()} == \
            {k: v[1:] for k, v in everything(eager).items()}
        assert deferred.reconcile_pending() > 0
        assert deferred.pending() == 0
        assert deferred.stats().pending == 0
        assert len(everything(eager)) == ARTICLES
        assert everything(deferred) == everything(eager)
        for word in ("council", "updated", "Bea"):
            assert [h.id for h in deferred.search(word).hits] == [h.id for h in eager.search(word).hits]


def test_reconciling_in_worker_processes_gives_the_same_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    from tearsheet.archive import archive as archive_module

    monkeypatch.setattr(archive_module, "POOL_MIN_ARTICLES", 2)
    results = [result for i in range(ARTICLES) for result in copies(i)]
    with Archive(":memory:", grouping=grouping()) as eager, \
            Archive(":memory:", grouping=grouping()) as deferred:
        for result in results:
            eager.store(result)
            deferred.store(result, defer=True)
        seen: list[tuple[int, int]] = []
        assert deferred.reconcile_pending(jobs=2, progress=lambda done, total: seen.append((done, total))) \
            == ARTICLES
        assert seen[-1] == (ARTICLES, ARTICLES)
        assert deferred.pending() == 0
        assert everything(deferred) == everything(eager)


def test_reconcile_pending_honours_limit_and_reports_progress() -> None:
    with Archive(":memory:", grouping=grouping()) as archive:
        for i in range(3):
            for result in copies(i)[:2]:
                archive.store(result, defer=True)
        assert archive.pending() == 3
        seen: list[tuple[int, int]] = []
        done = archive.reconcile_pending(limit=2, progress=lambda done, total: seen.append((done, total)))
        assert done == 2
        assert seen == [(1, 2), (2, 2)]
        assert archive.pending() == 1
        assert archive.reconcile_pending(time_budget=0.0) == 0  # no time: nothing started
        assert archive.reconcile_pending() == 1
        assert archive.pending() == 0


STORE_SCRIPT = """
import sys, time
sys.path.insert(0, {tests!r})
from test_archive_support import grouping, page_html
from tearsheet.archive import Archive
from tearsheet.api import to_capture
from tearsheet.batch.inline import read_step
with Archive({path!r}, grouping=grouping()) as archive:
    for i in range({pages}):
        for copy in range(3):
            data = page_html(i) + f"<!-- copy {{copy}} -->".encode()
            archive.store(read_step(archive, to_capture(data), archive_options()), defer=True)
    print("stored", archive.pending(), flush=True)
    time.sleep(600)  # killed here: the merged articles are still pending
"""


def test_kill_after_stores_before_reconcile_then_a_rerun_leaves_nothing_pending(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    pages = 4
    script = STORE_SCRIPT.format(tests=str(TESTS), path=str(path), pages=pages).replace(
        "archive_options()", "__import__('tearsheet.options').options.DEFAULT_OPTIONS")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert line.split() == ["stored", str(pages)]
    assert check_consistent(path) == (pages, pages * 3)  # counts already right, articles pending
    with Archive(path, readonly=True) as archive:
        assert archive.stats().pending == pages

    folder = tmp_path / "pages"
    folder.mkdir()
    # Stored before: the rerun stores nothing, and finishes the pending articles.
    (folder / "page.html").write_bytes(page_html(0) + b"<!-- copy 0 -->")
    rerun = subprocess.run([sys.executable, "-m", "tearsheet", "add", str(folder), "--archive", str(path),
                            "--jobs", "1"], capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert check_consistent(path) == (pages, pages * 3)
    with Archive(path, readonly=True) as archive:
        assert archive.stats().pending == 0
        fresh = Archive(":memory:", grouping=grouping())
        for i in range(pages):
            for copy in range(3):
                data = page_html(i) + f"<!-- copy {copy} -->".encode()
                fresh.add(data)
        assert [fresh.get(a.id) for a in fresh.list(limit=100).items] == \
            [archive.get(a.id) for a in archive.list(limit=100).items]
        fresh.close()
