"""The pure per-capture step of a batch: one Capture in, one ``StepResult`` out.

``StepResult`` is what a worker hands to the single archive writer
(``tearsheet.archive.Archive.store``): the capture, the Article read from it (or
the reason it could not be read), and what grouping needs — the MinHash
fingerprint and its LSH band keys — so the writer never re-reads a capture.
"""

from __future__ import annotations

from dataclasses import dataclass

from tearsheet.models import Article, Capture


@dataclass(frozen=True, slots=True, kw_only=True)
class StepResult:
    capture: Capture
    article: Article | None
    fingerprint: bytes | None  # Fingerprint.to_bytes() from tearsheet.reconcile
    lsh_keys: tuple[str, ...] = ()
    error: str | None = None  # reason slug (TearsheetError.reason) when the capture failed
    message: str | None = None  # the error's one-line message
