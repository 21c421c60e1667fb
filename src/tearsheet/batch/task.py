"""One input item on its way from the source, through an executor, to the writer.

A ``Task`` either carries a capture to process or an outcome already decided at the
source (a WARC request record is ``skipped:request_record``, a capture already in the
archive is ``duplicate``). Executors process the first kind and pass the second through,
and hand every task back *in input order* as a ``Done`` — so the archive sees the same
sequence of stores whatever the number of workers or the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from tearsheet.archive.incoming import StepResult
from tearsheet.models import Capture


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    seq: int  # position in the input stream; executors return tasks in this order
    source: str  # a path, URL or "file.warc.gz#offset", for reports
    capture: Capture | None = None
    outcome: str | None = None  # decided at the source: nothing to process
    position: int = 0  # input bytes consumed once this item is done (progress and ETA)
    message: str | None = None  # why, for an outcome ``failed:…`` decided at the source


@dataclass(frozen=True, slots=True, kw_only=True)
class Done:
    task: Task
    result: StepResult | None  # None when the task's outcome was decided at the source


@dataclass(slots=True)
class InOrder:
    """The window every executor runs its tasks through: take tasks from the source while
    fewer than ``limit`` are held, pass source-decided ones straight to the finished pile,
    and release finished tasks strictly in input order."""

    source: Iterator[Task]
    limit: int
    ready: dict[int, Done] = field(default_factory=dict)  # finished, waiting for their turn
    next_seq: int | None = None
    exhausted: bool = False

    def take(self, in_flight: Callable[[], int]) -> Iterator[Task]:
        """Tasks that need processing, while ``ready`` plus ``in_flight()`` is under the limit."""
        while not self.exhausted and len(self.ready) + in_flight() < self.limit:
            task = next(self.source, None)
            if task is None:
                self.exhausted = True
                return
            self.next_seq = task.seq if self.next_seq is None else self.next_seq
            if task.capture is None:
                self.ready[task.seq] = Done(task=task, result=None)
            else:
                yield task

    def finish(self, done: Done) -> None:
        self.ready[done.task.seq] = done

    def release(self) -> Iterator[Done]:
        while self.next_seq is not None and self.next_seq in self.ready:
            done = self.ready.pop(self.next_seq)
            self.next_seq += 1
            yield done

    def drained(self) -> bool:
        """The source is exhausted and every task it gave has been released."""
        return self.exhausted and not self.ready


class Executor(Protocol):
    """Runs the step over tasks and yields every task back, in order."""

    def run(self, tasks: Iterable[Task]) -> Iterator[Done]: ...

    def close(self) -> None: ...
