"""EDGE: the local executor — worker processes read and extract, the caller writes.

Each worker is handed up to ``QUEUED_PER_WORKER`` captures at once, so it never waits
for the caller: while the caller stores a batch in SQLite (a commit can take tens of
milliseconds), every worker still has captures queued. A feeder thread per worker does
the sending, because writing a large capture into a pipe blocks until the worker reads
it, and the caller must never block on a busy worker.

The executor knows which capture a worker is on and since when: a worker past the
per-record time limit is killed and replaced, that capture alone fails with
``timeout`` (a signal inside the worker could not interrupt a parser stuck in C code;
killing the process always works), and the captures queued behind it go to the
replacement. A worker that dies (a segfault in a C extension, the OOM killer) costs
its one capture the same way.

Memory is bounded: at most ``jobs × BACKLOG_PER_WORKER`` tasks are between the source
and the caller, results are reordered into input order inside that window, and the
source is pulled lazily.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from tearsheet.archive.incoming import StepResult, failed
from tearsheet.batch.step import Step, process
from tearsheet.batch.task import Done, InOrder, Task
from tearsheet.errors import RecordTimeoutError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.processes import ignore_interrupt, mp_context

DEFAULT_TIMEOUT_SECONDS = 60.0  # far above any sane page or print; a hung parser is cut off here
# Captures handed to one worker at a time. Storing a batch of 64 results takes the caller
# ~0.2 s; at ~5-8 ms a page a worker needs a few dozen queued to stay busy meanwhile.
QUEUED_PER_WORKER = 32
BACKLOG_PER_WORKER = 48  # tasks in flight or awaiting reorder per worker: bounds memory (~10 MB)
WORKER_CRASHED = "worker_crashed"
# Workers yield the CPU to the caller: it is the one serial stage (it reads the input and
# writes the archive), and while it waits for a core every worker's queue runs dry.
WORKER_NICENESS = 5
# A result goes back without its capture: the caller holds it, and its bytes are the bulk.
_SENT_FIELDS = tuple(f.name for f in dataclasses.fields(StepResult) if f.name != "capture")
def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _work(inbox: Connection, outbox: Connection, step: Step, options: ReadOptions) -> None:
    """A worker's loop: receive (seq, capture), send back (seq, the result without its bytes)."""
    ignore_interrupt()
    if hasattr(os, "nice"):  # POSIX only
        os.nice(WORKER_NICENESS)
    while True:
        try:
            message = inbox.recv()
        except EOFError:  # the parent is gone
            return
        if message is None:
            return
        seq, capture = message
        result = step(capture, options)
        outbox.send((seq, {name: getattr(result, name) for name in _SENT_FIELDS}))


class _Feeder:
    """Sends a worker its captures from a thread, in order, so the caller never blocks."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._queue: queue.SimpleQueue[tuple[int, object] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="tearsheet-feeder", daemon=True)
        self._thread.start()

    def send(self, message: tuple[int, object]) -> None:
        self._queue.put(message)

    def stop(self) -> None:
        """Send the worker its stop message after what is queued, and end the thread."""
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            message = self._queue.get()
            try:
                self._conn.send(message)
            except OSError:  # the worker was killed or died: the executor requeues its tasks
                return
            if message is None:
                return

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    inbox: Connection  # our end: captures go out (through the feeder)
    outbox: Connection  # our end: results come back
    feeder: _Feeder
    tasks: deque[Task] = field(default_factory=deque)  # handed over, in the order it runs them
    started: float = 0.0  # when it began the first of ``tasks`` (as far as we can tell)


@dataclass(slots=True)
class LocalExecutor:
    """Run ``step`` over tasks in ``jobs`` worker processes; yield them back in input order."""

    jobs: int = field(default_factory=default_jobs)
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    options: ReadOptions = DEFAULT_OPTIONS
    step: Step = process
    _workers: list[_Worker] = field(default_factory=list)
    _context: BaseContext = field(default_factory=mp_context)

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, tasks: Iterable[Task]) -> Iterator[Done]:
        window = InOrder(source=iter(tasks), limit=max(1, self.jobs) * BACKLOG_PER_WORKER)
        waiting: deque[Task] = deque()  # taken from the source (or back from a dead worker), not on a worker
        try:
            while True:
                waiting.extend(window.take(lambda: len(waiting) + self._busy()))
                self._dispatch(waiting)
                yield from window.release()
                if window.drained() and not waiting and not self._busy():
                    return
                if self._busy():
                    for done in self._collect(waiting):
                        window.finish(done)
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker (politely if idle, killed if busy)."""
        for worker in self._workers:
            if not worker.tasks and worker.process.is_alive():
                worker.feeder.stop()
        for worker in self._workers:
            worker.process.join(timeout=1.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            self._close_ends(worker)
        self._workers.clear()

    def _busy(self) -> int:
        return sum(len(worker.tasks) for worker in self._workers)

    def _dispatch(self, waiting: deque[Task]) -> None:
        while len(self._workers) < max(1, self.jobs) and len(self._workers) < self._busy() + len(waiting):
            self._workers.append(self._start_worker())
        while waiting:
            worker = min(self._workers, key=lambda w: len(w.tasks))
            if len(worker.tasks) >= QUEUED_PER_WORKER:
                return
            task = waiting.popleft()
            assert task.capture is not None
            if not worker.tasks:
                worker.started = time.monotonic()
            worker.tasks.append(task)
            worker.feeder.send((task.seq, task.capture))

    def _start_worker(self) -> _Worker:
        inbox_theirs, inbox_ours = self._context.Pipe(duplex=False)
        outbox_ours, outbox_theirs = self._context.Pipe(duplex=False)
        worker = self._context.Process(  # type: ignore[attr-defined]  # every concrete context has it
            target=_work, args=(inbox_theirs, outbox_theirs, self.step, self.options), daemon=True)
        worker.start()
        inbox_theirs.close()
        outbox_theirs.close()
        return _Worker(process=worker, inbox=inbox_ours, outbox=outbox_ours, feeder=_Feeder(inbox_ours))

    def _collect(self, waiting: deque[Task]) -> Iterator[Done]:
        """Wait for results (or a deadline); yield what finished, failed or timed out.
        The captures queued behind a killed worker go back to the front of ``waiting``."""
        busy = [w for w in self._workers if w.tasks]
        deadline = min(w.started for w in busy) + self.timeout
        readable = wait([w.outbox for w in busy], timeout=max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        for worker in busy:
            if worker.outbox in readable:
                yield self._receive(worker, waiting)
            elif now - worker.started >= self.timeout:
                task = self._replace(worker, waiting)
                error = RecordTimeoutError(f"{task.source}: no result after {self.timeout:g} s")
                yield Done(task=task, result=failed(_capture(task), error.reason, str(error)))

    def _receive(self, worker: _Worker, waiting: deque[Task]) -> Done:
        try:
            seq, fields = worker.outbox.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1.0)
            code = worker.process.exitcode
            task = self._replace(worker, waiting)
            return Done(task=task, result=failed(_capture(task), WORKER_CRASHED,
                                                 f"{task.source}: the worker died (exit code {code})"))
        task = worker.tasks.popleft()
        worker.started = time.monotonic()  # it starts on the next queued capture now
        assert seq == task.seq
        return Done(task=task, result=StepResult(capture=_capture(task), **fields))

    def _replace(self, worker: _Worker, waiting: deque[Task]) -> Task:
        """Kill ``worker``, start another in its place, put the captures queued behind the
        one it was on back at the front of ``waiting``; returns the one it was on."""
        worker.process.kill()
        worker.process.join()
        self._close_ends(worker)
        task = worker.tasks.popleft()
        waiting.extendleft(reversed(worker.tasks))
        self._workers[self._workers.index(worker)] = self._start_worker()
        return task

    @staticmethod
    def _close_ends(worker: _Worker) -> None:
        worker.feeder.stop()
        worker.feeder.join(timeout=1.0)
        worker.inbox.close()
        worker.outbox.close()


def _capture(task: Task) -> Capture:
    assert task.capture is not None
    return task.capture
