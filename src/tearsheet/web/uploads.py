"""Adding captures through the web (only with ``--allow-add``): an upload form and POST /api/captures."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.requests import Request

from tearsheet.api import to_capture
from tearsheet.archive.records import DUPLICATE
from tearsheet.errors import EmptyInputError, InputError, InputTooLargeError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.web.store import Store
from tearsheet.web.worker import UploadReader

MAX_FILES = 50  # files per upload; a folder of thousands is `tearsheet add`'s job
UPLOAD_SOURCE = "upload:"  # Capture.source prefix, so the archive shows where a capture came from


@dataclass(frozen=True, slots=True, kw_only=True)
class AddOutcome:
    capture_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    report: str


async def add_from_form(store: Store, reader: UploadReader, request: Request) -> AddOutcome:
    """Read the uploaded files (field ``file``, repeatable; optional ``url``) into the archive.
    (Requests from another site's page never get here: see ``tearsheet.web.guard``.)"""
    async with request.form(max_files=MAX_FILES, max_fields=10) as form:
        url = str(form.get("url") or "").strip() or None
        uploads = [item for item in form.getlist("file") if isinstance(item, UploadFile)]
        captures = [await _capture(upload, url) for upload in uploads if upload.filename]
    if not captures:
        raise EmptyInputError("choose at least one capture file to add")
    return await _add(store, reader, captures)


async def add_from_body(store: Store, reader: UploadReader, request: Request) -> AddOutcome:
    """A raw body (any content type but multipart) is one capture; ``?url=`` says where it lives."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await add_from_form(store, reader, request)
    data = await _read_limited(request)
    capture = to_capture(data, url=request.query_params.get("url") or None)
    return await _add(store, reader, [dataclasses.replace(capture, source=f"{UPLOAD_SOURCE}body")])


async def _capture(upload: UploadFile, url: str | None) -> Capture:
    data = await upload.read(DEFAULT_OPTIONS.max_bytes + 1)
    if len(data) > DEFAULT_OPTIONS.max_bytes:
        raise InputTooLargeError(f"{upload.filename}: over the {DEFAULT_OPTIONS.max_bytes:,}-byte limit")
    capture = to_capture(data, url=url)
    return dataclasses.replace(capture, source=f"{UPLOAD_SOURCE}{upload.filename}")


async def _read_limited(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > DEFAULT_OPTIONS.max_bytes:
            raise InputTooLargeError(f"the body is over the {DEFAULT_OPTIONS.max_bytes:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


async def _add(store: Store, reader: UploadReader, captures: list[Capture]) -> AddOutcome:
    """Read the captures the archive lacks in a worker process (``UploadReader``), then store them."""
    held = store.known([c.id for c in captures])
    fresh = [capture for capture in captures if capture.id not in held]
    report: Counter[str] = store.add_read(await reader.read(fresh)) if fresh else Counter()
    if len(captures) > len(fresh):
        report[DUPLICATE] += len(captures) - len(fresh)
    article_ids = store.articles_of([c.id for c in captures])
    if not article_ids:
        raise InputError(f"no article could be read from the upload ({outcome_words(report)})")
    return AddOutcome(capture_ids=tuple(c.id for c in captures), article_ids=article_ids,
                      report=outcome_words(report))


def outcome_words(outcomes: Mapping[str, int]) -> str:
    """``1 added, 2 failed (binary)``: the archive's outcome counts, most frequent first."""
    parts = []
    for slug, count in sorted(outcomes.items(), key=lambda item: (-item[1], item[0])):
        outcome, _, reason = slug.partition(":")
        parts.append(f"{count:,} {outcome}" + (f" ({reason})" if reason else ""))
    return ", ".join(parts) or "nothing added"
