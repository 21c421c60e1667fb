"""The local executor: worker processes, input order kept, per-record timeouts, bounded memory."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from tearsheet.archive.incoming import StepResult, failed
from tearsheet.batch.local import BACKLOG_PER_WORKER, LocalExecutor
from tearsheet.batch.step import process
from tearsheet.batch.task import Task
from tearsheet.captures.load import capture_from_bytes
from tearsheet.models import Capture
from tearsheet.options import ReadOptions

HANG = b"<!-- hang -->"
CRASH = b"<!-- crash -->"


def echo_step(capture: Capture, options: ReadOptions) -> StepResult:
    """A stand-in reader (module-level, so worker processes can unpickle it)."""
    if HANG in capture.data:
        time.sleep(3600)  # a pathological file: the reader never returns
    if CRASH in capture.data:
        os._exit(3)  # a segfault in a C extension, as far as the parent can tell
    if b"fail" in capture.data:
        return failed(capture, "not_an_article", "no body")
    return StepResult(capture=capture, article_json=None, fingerprint=capture.data[-4:],
                      lsh_keys=(str(os.getpid()),))


def task(seq: int, body: bytes) -> Task:
    capture = capture_from_bytes(b"<html><p>" + body + b"</p></html>")
    return Task(seq=seq, source=f"item-{seq}", capture=capture)


def test_results_come_back_in_input_order_from_two_workers() -> None:
    tasks = [task(i, str(i).encode()) if i % 4 else Task(seq=i, source=f"item-{i}", outcome="skipped:x")
             for i in range(40)]
    with LocalExecutor(jobs=2, timeout=30, step=echo_step) as executor:
        done = list(executor.run(tasks))
    assert [d.task.seq for d in done] == list(range(40))
    assert all(d.result is None for d in done if d.task.outcome)
    results = [d.result for d in done if d.result is not None]
    assert all(d.result.capture is d.task.capture for d in done if d.result is not None)
    assert len({r.lsh_keys[0] for r in results}) == 2  # both workers took part


def test_a_hanging_record_times_out_alone() -> None:
    tasks = [task(0, b"a"), task(1, b"b" + HANG), task(2, b"c"), task(3, b"fail"), task(4, b"d")]
    start = time.monotonic()
    with LocalExecutor(jobs=2, timeout=1.0, step=echo_step) as executor:
        done = list(executor.run(tasks))
    assert time.monotonic() - start < 10
    errors = [d.result.error if d.result else None for d in done]
    assert errors == [None, "timeout", None, "not_an_article", None]
    assert done[1].result is not None and "1 s" in (done[1].result.message or "")


def test_captures_queued_behind_a_hanging_record_go_to_the_replacement_worker() -> None:
    # One worker is handed several captures at once; the ones queued behind the hung
    # capture must still be read (by the replacement), not lost or failed with it.
    tasks = [task(0, b"a"), task(1, b"b" + HANG), task(2, b"c"), task(3, b"d"), task(4, b"fail")]
    with LocalExecutor(jobs=1, timeout=1.0, step=echo_step) as executor:
        done = list(executor.run(tasks))
    assert [d.task.seq for d in done] == [0, 1, 2, 3, 4]
    errors = [d.result.error if d.result else None for d in done]
    assert errors == [None, "timeout", None, None, "not_an_article"]


def test_a_crashing_worker_costs_one_record_and_is_replaced() -> None:
    tasks = [task(0, b"a"), task(1, CRASH), task(2, b"b"), task(3, CRASH), task(4, b"c")]
    with LocalExecutor(jobs=1, timeout=30, step=echo_step) as executor:
        errors = [d.result.error if d.result else None for d in executor.run(tasks)]
    assert errors == [None, "worker_crashed", None, "worker_crashed", None]


def test_the_source_is_pulled_lazily_in_a_bounded_window() -> None:
    pulled = 0
    most_ahead = 0

    def source() -> Iterator[Task]:
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield task(i, str(i).encode())

    with LocalExecutor(jobs=2, timeout=30, step=echo_step) as executor:
        for count, _ in enumerate(executor.run(source()), start=1):
            most_ahead = max(most_ahead, pulled - count)
    assert pulled == 200
    assert most_ahead <= 2 * BACKLOG_PER_WORKER


def test_the_real_step_reads_a_page() -> None:
    from test_warc import page_b

    capture = capture_from_bytes(page_b(), url="http://www.panarmenian.net/eng/news/275221/")
    with LocalExecutor(jobs=1, timeout=60) as executor:
        [done] = list(executor.run([Task(seq=0, source="page", capture=capture)]))
    assert done.result is not None and done.result.error is None
    article = done.result.article()
    assert article is not None and "Iran" in (article.title or "")
    assert done.result.fingerprint and done.result.lsh_keys
    assert done.result == process(capture)
