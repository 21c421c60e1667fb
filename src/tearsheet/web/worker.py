"""Reading uploads in a worker process with a time limit, off the server's event loop.

An upload (``--allow-add``) is read by the same readers as ``tearsheet add``, and a
hostile page can keep a parser busy for many seconds (one took 21.6 s). Read on the
event loop, that froze every other request. Here the captures go to a
``LocalExecutor`` (``tearsheet.batch.local``) with one worker process, driven from a
thread the loop awaits, so the reading room keeps answering; a capture with no result
after ``timeout`` seconds has its worker killed and fails with ``timeout``.

The worker only reads (``read_capture``): the grouping keys are made afterwards by the
archive's own grouping, in the server (``Store.add_read``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from tearsheet.archive.incoming import StepResult, failed, succeeded
from tearsheet.batch.local import LocalExecutor
from tearsheet.batch.step import INTERNAL_ERROR, Step
from tearsheet.batch.task import Task
from tearsheet.errors import TearsheetError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.readers import read

# Far above what a real page or print takes to read (tens of milliseconds), far below
# what a visitor waits for before giving up on the upload.
READ_TIMEOUT_SECONDS = 15.0


def read_capture(capture: Capture, options: ReadOptions) -> StepResult:
    """The worker's step: the Article read from ``capture``, without grouping keys; a
    failure is a value, never raised."""
    try:
        article = read(capture, options)
    except TearsheetError as exc:
        return failed(capture, exc.reason, str(exc))
    except Exception as exc:  # noqa: BLE001 — a reader bug fails this upload, not the server
        return failed(capture, INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")
    return succeeded(capture, article, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadReader:
    """Reads uploaded captures in a worker process; ``step`` is what the worker runs."""

    timeout: float = READ_TIMEOUT_SECONDS
    step: Step = read_capture
    options: ReadOptions = DEFAULT_OPTIONS

    async def read(self, captures: Sequence[Capture]) -> list[StepResult]:
        """One result per capture, in order (a capture past the time limit: ``timeout``)."""
        return await run_in_threadpool(self._run, captures)

    def _run(self, captures: Sequence[Capture]) -> list[StepResult]:
        tasks = [Task(seq=i, source=capture.source or capture.id[:12], capture=capture)
                 for i, capture in enumerate(captures)]
        with LocalExecutor(jobs=1, timeout=self.timeout, step=self.step, options=self.options) as executor:
            return [done.result for done in executor.run(tasks) if done.result is not None]
