"""EDGE: the single writer — pull tasks through an executor and store each result, in order.

Workers (processes or Ray tasks) only read and extract; this loop is the one place
that writes, one ``store`` (one transaction) per capture. Interrupting it between two
stores leaves a consistent archive, and running the same inputs again skips what is
stored (by content hash, before extraction) and finishes the job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from tearsheet.batch.source import check_inputs, iter_tasks
from tearsheet.batch.step import StepResult
from tearsheet.batch.task import Executor
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions


class Writer(Protocol):
    """What ingestion needs from an archive (``tearsheet.archive.Archive`` is one)."""

    def store(self, result: StepResult) -> str: ...

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
    """Add every capture of ``inputs`` through ``executor`` into ``writer``; yield each outcome."""
    check_inputs(inputs)
    tasks = iter_tasks(inputs, options=options, known=lambda capture_id: bool(writer.known([capture_id])))
    for done in executor.run(tasks):
        task, result = done.task, done.result
        if task.outcome is not None or result is None:
            yield Stored(source=task.source, outcome=task.outcome or "failed:internal_error",
                         position=task.position)
            continue
        outcome = writer.store(result)
        yield Stored(source=task.source, outcome=outcome, position=task.position, message=result.message)
