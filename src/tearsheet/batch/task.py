"""One input item on its way from the source, through an executor, to the writer.

A ``Task`` either carries a capture to process or an outcome already decided at the
source (a WARC request record is ``skipped:request_record``, a capture already in the
archive is ``duplicate``). Executors process the first kind and pass the second through,
and hand every task back *in input order* as a ``Done`` — so the archive sees the same
sequence of stores whatever the number of workers or the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from tearsheet.batch.step import StepResult
from tearsheet.models import Capture


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    seq: int  # position in the input stream; executors return tasks in this order
    source: str  # a path, URL or "file.warc.gz#offset", for reports
    capture: Capture | None = None
    outcome: str | None = None  # decided at the source: nothing to process
    position: int = 0  # input bytes consumed once this item is done (progress and ETA)


@dataclass(frozen=True, slots=True, kw_only=True)
class Done:
    task: Task
    result: StepResult | None  # None when the task's outcome was decided at the source


class Executor(Protocol):
    """Runs the step over tasks and yields every task back, in order."""

    def run(self, tasks: Iterable[Task]) -> Iterator[Done]: ...

    def close(self) -> None: ...
