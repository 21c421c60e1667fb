"""The pure per-capture step of a batch: one Capture in, one ``StepResult`` out.

``StepResult`` (``tearsheet.archive.incoming``) is what a worker hands to the single
archive writer: the Article in its stored form, the capture's bytes packed, and the
grouping keys, all made here so the writer only runs SQL.

``process`` is the step itself. It is pure (bytes in, values out: no files, no SQL,
no network) and never raises, so every executor — local worker processes, Ray tasks —
can run it unchanged and a bad capture costs exactly one record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from tearsheet.archive.grouping import ReconcileGrouping, lookup_keys
from tearsheet.archive.incoming import StepResult, failed, succeeded
from tearsheet.captures.packing import pack
from tearsheet.errors import TearsheetError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.readers import read

INTERNAL_ERROR = "internal_error"  # reason slug for a reader bug: counted, never fatal to a batch


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
    urls, bands = lookup_keys(ReconcileGrouping().url_key, (article.url, capture.url), keys)
    return dataclasses.replace(result, packed=pack(capture.data), url_keys=urls, band_keys=bands)


def process_without_bytes(capture: Capture, options: ReadOptions = DEFAULT_OPTIONS) -> StepResult:
    """``process`` for outputs that do not keep the capture's bytes (Parquet shards)."""
    return process(capture, options, keep_bytes=False)
