"""The pure per-capture step of a batch: one Capture in, one ``StepResult`` out.

``StepResult`` is what a worker hands to the single archive writer
(``tearsheet.archive.Archive.store``): the capture, the Article read from it (or
the reason it could not be read), and what grouping needs — the MinHash
fingerprint and its LSH band keys — so the writer never re-reads a capture.

``process`` is the step itself. It is pure (bytes in, values out: no files, no SQL,
no network) and never raises, so every executor — local worker processes, Ray tasks —
can run it unchanged and a bad capture costs exactly one record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tearsheet.errors import TearsheetError
from tearsheet.models import Article, Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.readers import read

INTERNAL_ERROR = "internal_error"  # reason slug for a reader bug: counted, never fatal to a batch


@dataclass(frozen=True, slots=True, kw_only=True)
class StepResult:
    capture: Capture
    article: Article | None
    fingerprint: bytes | None  # Fingerprint.to_bytes() from tearsheet.reconcile
    lsh_keys: tuple[str, ...] = ()
    error: str | None = None  # reason slug (TearsheetError.reason) when the capture failed
    message: str | None = None  # the error's one-line message


Step = Callable[[Capture, ReadOptions], StepResult]


def process(capture: Capture, options: ReadOptions = DEFAULT_OPTIONS) -> StepResult:
    """Read one capture and compute its grouping keys; a failure is a value, never raised."""
    from tearsheet.reconcile import fingerprint, lsh_keys  # lazy: numpy loads in the workers only

    try:
        article = read(capture, options)
        print_ = fingerprint(article)
        keys = tuple(lsh_keys(print_))
    except TearsheetError as exc:
        return failed(capture, exc.reason, str(exc))
    except Exception as exc:  # noqa: BLE001 — a reader bug must cost one record, not the whole run
        return failed(capture, INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")
    return StepResult(capture=capture, article=article, fingerprint=print_.to_bytes(), lsh_keys=keys)


def failed(capture: Capture, reason: str, message: str) -> StepResult:
    """The result for a capture that could not be read (``reason`` is a stable slug)."""
    return StepResult(capture=capture, article=None, fingerprint=None, error=reason,
                      message=" ".join(message.split()))
