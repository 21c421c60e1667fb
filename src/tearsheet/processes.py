"""How tearsheet starts worker processes — for a batch's extraction workers and for the
archive's parallel reconcile pass alike.

forkserver: workers fork from a clean server with the readers preloaded, never from a
parent that runs threads (rich's progress refresh, the feeders) — fast starts, no
inherited locks. Where there is no forkserver (Windows, macOS defaults aside), spawn.
"""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing.context import BaseContext

# Imported once, in the fork server, so each worker (and each replacement) starts warm.
# Names, not imports: this module sits below the packages it names.
PRELOAD = ["tearsheet.batch.step", "tearsheet.archive.grouping", "tearsheet.readers.html",
           "tearsheet.readers.pdf", "tearsheet.readers.text", "tearsheet.readers.markdown",
           "tearsheet.reconcile"]


def mp_context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
