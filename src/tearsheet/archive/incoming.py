"""What the archive is handed to store for one capture: ``StepResult``.

It is made by the pure per-capture step (``tearsheet.batch.step.process``) in a worker,
or by ``Archive.add`` in this process: the capture, the Article read from it (or the
reason it could not be read), and what grouping needs — the MinHash fingerprint, its LSH
band keys, the URL keys — so the writer never re-reads a capture and computes nothing
it could have been handed.

The Article travels in its stored form (``schema.to_compact_json``), and the capture's
bytes packed (``captures.packing``): both are made in the worker, so the writer — one
process for the whole run — only runs SQL, and a worker's result crosses the process
boundary as a few strings instead of a tree of objects to unpickle.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from tearsheet.captures.packing import Packed
from tearsheet.models import Article, Capture
from tearsheet.schema import from_compact_json, to_compact_json


@dataclass(frozen=True, slots=True, kw_only=True)
class StepResult:
    capture: Capture
    article_json: str | None  # the Article read, as schema.to_compact_json (None: it failed)
    article_url: str | None = None  # its URL (grouping needs it without decoding the JSON)
    fingerprint: bytes | None  # Fingerprint.to_bytes() from tearsheet.reconcile
    lsh_keys: tuple[str, ...] = ()
    # The archive's lookup keys, made by ``process`` (None: the writer makes them from the
    # fields above): the URL keys of the article's and the capture's URL, and the LSH
    # band keys as the archive files them (``tearsheet.archive.grouping.band_key``).
    url_keys: tuple[str, ...] | None = None
    band_keys: tuple[int, ...] | None = None
    packed: Packed | None = None  # the capture's bytes packed for storage (None: the writer packs)
    error: str | None = None  # reason slug (TearsheetError.reason) when the capture failed
    message: str | None = None  # the error's one-line message

    def article(self) -> Article | None:
        """The Article read from the capture (decoded on each call: keep the result)."""
        return from_compact_json(self.article_json) if self.article_json is not None else None


def succeeded(capture: Capture, article: Article, fingerprint: bytes | None, lsh_keys: tuple[str, ...] = (),
              *, packed: Packed | None = None) -> StepResult:
    """The result for a capture read into ``article`` (which is stamped with the capture)."""
    if article.capture_id != capture.id or article.kind is None:
        article = dataclasses.replace(article, capture_id=capture.id, kind=article.kind or capture.kind)
    return StepResult(capture=capture, article_json=to_compact_json(article), article_url=article.url,
                      fingerprint=fingerprint, lsh_keys=lsh_keys, packed=packed)


def failed(capture: Capture, reason: str, message: str) -> StepResult:
    """The result for a capture that could not be read (``reason`` is a stable slug)."""
    return StepResult(capture=capture, article_json=None, fingerprint=None, error=reason,
                      message=" ".join(message.split()))
