"""The package's API boundary: a bug in grouping or reconciling leaves as a ``ReconcileError``.

Callers such as the archive or a batch run isolate one article on any ``TearsheetError``;
an unexpected exception (an ``IndexError`` deep in the aligner) would take the whole run
down instead. ``guarded`` turns it into a ``ReconcileError`` chained ``from`` the original,
so the traceback still shows the bug. The unguarded function stays reachable as
``__wrapped__``: the fuzz tests call that, so the net never hides a crash from them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from tearsheet.errors import ReconcileError, TearsheetError

P = ParamSpec("P")
R = TypeVar("R")


def guarded(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a public entry point: anything but a ``TearsheetError`` becomes a ``ReconcileError``."""
    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return function(*args, **kwargs)
            except TearsheetError:
                raise
            except Exception as exc:
                raise ReconcileError(f"{what} failed: {type(exc).__name__}: {exc}") from exc

        return call

    return decorate
