"""The pure per-capture step of a batch: one Capture in, one ``StepResult`` out.

``StepResult`` is what a worker hands to the single archive writer
(``tearsheet.archive.Archive.store``): the capture, the Article read from it (or
the reason it could not be read), and what grouping needs — the MinHash
fingerprint, its LSH band keys, the URL keys — so the writer never re-reads a capture
and computes nothing it could have been handed.

The Article travels in its stored form (``schema.to_compact_json``), and the capture's
bytes packed (``captures.packing``): both are made in the worker, so the writer — one
process for the whole run — only runs SQL, and a worker's result crosses the process
boundary as a few strings instead of a tree of objects to unpickle.

``process`` is the step itself. It is pure (bytes in, values out: no files, no SQL,
no network) and never raises, so every executor — local worker processes, Ray tasks —
can run it unchanged and a bad capture costs exactly one record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from tearsheet.captures.packing import Packed, pack
from tearsheet.errors import TearsheetError
from tearsheet.models import Article, Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.readers import read
from tearsheet.schema import from_compact_json, to_compact_json

INTERNAL_ERROR = "internal_error"  # reason slug for a reader bug: counted, never fatal to a batch


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


Step = Callable[[Capture, ReadOptions], StepResult]


def process(capture: Capture, options: ReadOptions = DEFAULT_OPTIONS, *,
            keep_bytes: bool = True) -> StepResult:
    """Read one capture and compute its grouping keys; a failure is a value, never raised.
    ``keep_bytes``: also pack the capture's bytes for the archive."""
    from tearsheet.reconcile import fingerprint, lsh_keys  # lazy: numpy loads in the workers only

    try:
        article = read(capture, options)
        print_ = fingerprint(article)
        keys = tuple(lsh_keys(print_))
    except TearsheetError as exc:
        return failed(capture, exc.reason, str(exc))
    except Exception as exc:  # noqa: BLE001 — a reader bug must cost one record, not the whole run
        return failed(capture, INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")
    result = succeeded(capture, article, print_.to_bytes(), keys)
    if not keep_bytes:  # not bound for the archive: it needs no bytes and no archive keys
        return result
    from tearsheet.archive.grouping import ReconcileGrouping, lookup_keys  # lazy: the archive imports us

    urls, bands = lookup_keys(ReconcileGrouping().url_key, (article.url, capture.url), keys)
    return dataclasses.replace(result, packed=pack(capture.data), url_keys=urls, band_keys=bands)


def process_without_bytes(capture: Capture, options: ReadOptions = DEFAULT_OPTIONS) -> StepResult:
    """``process`` for outputs that do not keep the capture's bytes (Parquet shards)."""
    return process(capture, options, keep_bytes=False)


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
