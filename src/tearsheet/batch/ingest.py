"""EDGE: the single writer — pull tasks through an executor and store each result, in order.

Workers (processes or Ray tasks) only read and extract; this loop is the one place
that writes, a few captures per transaction. Interrupting it anywhere leaves a
consistent archive (a transaction is committed whole or not at all), and running the
same inputs again skips what is stored (by content hash, before extraction) and
finishes the job.

A merged capture only marks its article pending (see ``tearsheet.archive.writer``):
the writer reconciles every pending article once at the end of the run, and every
``RECONCILE_EVERY_SECONDS`` along the way so a long run keeps its articles fresh. A run
that is killed leaves them pending; the next run finishes them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from tearsheet.archive.incoming import StepResult
from tearsheet.archive.records import FAILED
from tearsheet.batch.source import check_inputs, iter_tasks
from tearsheet.batch.task import Done, Executor
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

STORE_BATCH = 64  # results per transaction: amortises the commit, bounds what a kill -9 loses
FLUSH_SECONDS = 0.5  # ... and a batch is never held longer than this once its next item arrives
# Between rebuilds of the pending articles during a run. Each rebuild reads all of an
# article's captures (≈0.15 s at 32), so rebuilding more often costs throughput when
# the same articles keep receiving captures; five minutes keeps articles fresh enough
# for someone searching while a long add runs.
RECONCILE_EVERY_SECONDS = 300.0
# ... and a pass along the way stops starting rebuilds after this long. The pass runs in
# this process while the workers run dry (they hold a few captures each), so it is kept
# short: at most ~2 % of a run's time; the oldest articles go first, and the final pass,
# which merges in all worker processes, does the rest.
RECONCILE_BUDGET_SECONDS = 5.0
PROGRESS_MIN_ARTICLES = 200  # a final reconcile this long reports its progress on stderr
PROGRESS_EVERY_SECONDS = 2.0


class Writer(Protocol):
    """What ingestion needs from an archive (``tearsheet.archive.Archive`` is one)."""

    def store_many(self, results: Iterable[StepResult], *, defer: bool = False) -> list[str]: ...

    def known(self, capture_ids: Iterable[str]) -> set[str]: ...

    def reconcile_pending(self, limit: int | None = None, time_budget: float | None = None,
                          progress: Callable[[int, int], None] | None = None, *, jobs: int = 1) -> int: ...

    def record_failures(self, failures: Iterable[tuple[str, str, str | None]]) -> None: ...

    def retry_failures(self) -> int: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    """One input item done: its outcome slug, and the input bytes consumed so far."""

    source: str
    outcome: str
    position: int
    message: str | None = None


def ingest(inputs: Sequence[str], writer: Writer, executor: Executor, *,
           options: ReadOptions = DEFAULT_OPTIONS, reconcile_jobs: int = 1) -> Iterator[Stored]:
    """Add every capture of ``inputs`` through ``executor`` into ``writer``; yield each outcome.

    Results are stored in input order, a few at a time, each batch in one transaction
    (all of it or none of it is in the archive); outcomes are yielded once stored.
    The articles that captures merged into are reconciled every
    ``RECONCILE_EVERY_SECONDS`` and at the end (with those an interrupted run left);
    the final pass merges in ``reconcile_jobs`` processes (the extraction workers are
    idle by then).
    """
    check_inputs(inputs)
    writer.retry_failures()  # articles whose rebuild failed last time are rebuilt at this run's end
    tasks = iter_tasks(inputs, options=options, known=lambda capture_id: bool(writer.known([capture_id])))
    batch: list[Done] = []
    started = 0.0
    reconciled = time.monotonic()
    for done in executor.run(tasks):
        if not batch:
            started = time.monotonic()
        batch.append(done)
        if len(batch) >= STORE_BATCH or time.monotonic() - started >= FLUSH_SECONDS:
            yield from _flush(batch, writer)
            batch = []
            if time.monotonic() - reconciled >= RECONCILE_EVERY_SECONDS:
                writer.reconcile_pending(time_budget=RECONCILE_BUDGET_SECONDS)
                reconciled = time.monotonic()
    yield from _flush(batch, writer)
    writer.reconcile_pending(progress=_ProgressLine(), jobs=reconcile_jobs)


class _ProgressLine:
    """``progress(done, total)`` for a long final reconcile: a line on stderr every few seconds."""

    def __init__(self) -> None:
        self._last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total >= PROGRESS_MIN_ARTICLES and (now - self._last >= PROGRESS_EVERY_SECONDS or done == total):
            self._last = now
            print(f"tearsheet: reconciling merged articles: {done:,} of {total:,}",
                  file=sys.stderr, flush=True)


def _flush(batch: list[Done], writer: Writer) -> Iterator[Stored]:
    results = [done.result for done in batch if done.task.outcome is None and done.result is not None]
    outcomes = iter(writer.store_many(results, defer=True) if results else [])
    lost = [(done.task.source, _source_outcome(done).partition(":")[2], done.task.message)
            for done in batch if _source_outcome(done).startswith(f"{FAILED}:")]
    if lost:  # sources that gave no capture are named in the archive too, not only counted
        writer.record_failures(lost)
    for done in batch:
        task, result = done.task, done.result
        if task.outcome is not None or result is None:
            yield Stored(source=task.source, outcome=_source_outcome(done), position=task.position,
                         message=task.message)
        else:
            yield Stored(source=task.source, outcome=next(outcomes), position=task.position,
                         message=result.message)


def _source_outcome(done: Done) -> str:
    """The outcome of a task that reached the writer without a result to store ('' if it has one)."""
    if done.task.outcome is not None:
        return done.task.outcome
    return f"{FAILED}:internal_error" if done.result is None else ""
