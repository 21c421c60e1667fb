"""EDGE: the single writer — pull tasks through an executor and store each result, in order.

Workers (processes or Ray tasks) only read and extract; this loop is the one place
that writes, a few captures per transaction. Interrupting it anywhere leaves a
consistent archive (a transaction is committed whole or not at all), and running the
same inputs again skips what is stored (by content hash, before extraction) and
finishes the job.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from tearsheet.batch.source import check_inputs, iter_tasks
from tearsheet.batch.step import StepResult
from tearsheet.batch.task import Done, Executor
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

STORE_BATCH = 64  # results per transaction: amortises the commit, bounds what a kill -9 loses
FLUSH_SECONDS = 0.5  # ... and a batch is never held longer than this once its next item arrives


class Writer(Protocol):
    """What ingestion needs from an archive (``tearsheet.archive.Archive`` is one)."""

    def store_many(self, results: Iterable[StepResult]) -> list[str]: ...

    def known(self, capture_ids: Iterable[str]) -> set[str]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    """One input item done: its outcome slug, and the input bytes consumed so far."""

    source: str
    outcome: str
    position: int
    message: str | None = None


def ingest(inputs: Sequence[str], writer: Writer, executor: Executor, *,
           options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Stored]:
    """Add every capture of ``inputs`` through ``executor`` into ``writer``; yield each outcome.

    Results are stored in input order, a few at a time, each batch in one transaction
    (all of it or none of it is in the archive); outcomes are yielded once stored.
    """
    check_inputs(inputs)
    tasks = iter_tasks(inputs, options=options, known=lambda capture_id: bool(writer.known([capture_id])))
    batch: list[Done] = []
    started = 0.0
    for done in executor.run(tasks):
        if not batch:
            started = time.monotonic()
        batch.append(done)
        if len(batch) >= STORE_BATCH or time.monotonic() - started >= FLUSH_SECONDS:
            yield from _flush(batch, writer)
            batch = []
    yield from _flush(batch, writer)


def _flush(batch: list[Done], writer: Writer) -> Iterator[Stored]:
    results = [done.result for done in batch if done.task.outcome is None and done.result is not None]
    outcomes = iter(writer.store_many(results) if results else [])
    for done in batch:
        task, result = done.task, done.result
        if task.outcome is not None or result is None:
            yield Stored(source=task.source, outcome=task.outcome or "failed:internal_error",
                         position=task.position)
        else:
            yield Stored(source=task.source, outcome=next(outcomes), position=task.position,
                         message=result.message)
