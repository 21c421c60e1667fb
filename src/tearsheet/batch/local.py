"""EDGE: the local executor — worker processes read and extract, the caller writes.

Each worker holds one capture at a time, so the executor knows which capture a worker
is on and since when: a worker past the per-record time limit is killed and replaced,
and that capture alone fails with ``timeout`` (a signal inside the worker could not
interrupt a parser stuck in C code; killing the process always works). A worker that
dies (a segfault in a C extension, the OOM killer) costs its one capture the same way.

Memory is bounded: at most ``jobs × BACKLOG_PER_WORKER`` tasks are between the source
and the caller, results are reordered into input order inside that window, and the
source is pulled lazily.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from tearsheet.batch.step import Step, StepResult, failed, process
from tearsheet.batch.task import Done, InOrder, Task
from tearsheet.errors import RecordTimeoutError
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

DEFAULT_TIMEOUT_SECONDS = 60.0  # far above any sane page or print; a hung parser is cut off here
BACKLOG_PER_WORKER = 8  # tasks in flight or awaiting reorder per worker: bounds memory, keeps workers fed
WORKER_CRASHED = "worker_crashed"
# Imported once, in the fork server, so each worker (and each replacement) starts warm.
_PRELOAD = ["tearsheet.batch.step", "tearsheet.readers.html", "tearsheet.readers.pdf",
            "tearsheet.readers.text", "tearsheet.readers.markdown", "tearsheet.reconcile"]


def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def mp_context() -> BaseContext:
    # forkserver: workers fork from a clean server with the readers preloaded, never from a
    # parent that runs threads (rich's progress refresh) — fast starts, no inherited locks.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _work(conn: Connection, step: Step, options: ReadOptions) -> None:
    """A worker's loop: receive (seq, capture), send back (seq, the result without its bytes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the parent is gone
            return
        if message is None:
            return
        seq, capture = message
        result = step(capture, options)
        conn.send((seq, result.article, result.fingerprint, result.lsh_keys, result.error, result.message))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0


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
        waiting: list[Task] = []  # taken from the source, not yet on a worker, in order
        try:
            while True:
                waiting.extend(window.take(lambda: len(waiting) + self._busy()))
                self._dispatch(waiting)
                yield from window.release()
                if window.drained() and not waiting and not self._busy():
                    return
                if self._busy():
                    for done in self._collect():
                        window.finish(done)
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker (politely if idle, killed if busy)."""
        for worker in self._workers:
            if worker.task is None and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self._workers:
            worker.process.join(timeout=1.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers.clear()

    def _busy(self) -> int:
        return sum(1 for worker in self._workers if worker.task is not None)

    def _dispatch(self, waiting: list[Task]) -> None:
        while len(self._workers) < max(1, self.jobs) and len(self._workers) < self._busy() + len(waiting):
            self._workers.append(self._start_worker())
        for worker in self._workers:
            if not waiting:
                return
            if worker.task is None:
                task = waiting.pop(0)
                assert task.capture is not None
                worker.conn.send((task.seq, task.capture))
                worker.task, worker.started = task, time.monotonic()

    def _start_worker(self) -> _Worker:
        parent, child = self._context.Pipe()
        worker = self._context.Process(  # type: ignore[attr-defined]  # every concrete context has it
            target=_work, args=(child, self.step, self.options), daemon=True)
        worker.start()
        child.close()
        return _Worker(process=worker, conn=parent)

    def _collect(self) -> Iterator[Done]:
        """Wait for results (or a deadline); yield what finished, failed or timed out."""
        busy = [w for w in self._workers if w.task is not None]
        deadline = min(w.started for w in busy) + self.timeout
        readable = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        for worker in busy:
            task = worker.task
            assert task is not None and task.capture is not None
            if worker.conn in readable:
                yield self._receive(worker, task)
            elif now - worker.started >= self.timeout:
                self._replace(worker)
                error = RecordTimeoutError(f"{task.source}: no result after {self.timeout:g} s")
                yield Done(task=task, result=failed(task.capture, error.reason, str(error)))

    def _receive(self, worker: _Worker, task: Task) -> Done:
        assert task.capture is not None
        try:
            seq, article, fingerprint, lsh_keys, error, message = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1.0)
            code = worker.process.exitcode
            self._replace(worker)
            return Done(task=task, result=failed(task.capture, WORKER_CRASHED,
                                                 f"{task.source}: the worker died (exit code {code})"))
        worker.task = None
        assert seq == task.seq
        result = StepResult(capture=task.capture, article=article, fingerprint=fingerprint, lsh_keys=lsh_keys,
                            error=error, message=message)
        return Done(task=task, result=result)

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        index = self._workers.index(worker)
        self._workers[index] = self._start_worker()


