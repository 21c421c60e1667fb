"""The JSON twins of the pages, under /api/… (documented in ``openapi``).

Each handler computes the same view as its page and serialises it; articles use the
documented ``tearsheet.schema`` form (with provenance), so API clients and
``tearsheet show --format json`` read the same shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tearsheet.archive import CaptureRecord
from tearsheet.errors import TearsheetError
from tearsheet.schema import to_dict
from tearsheet.web import ids, uploads
from tearsheet.web.diff import TextDiff
from tearsheet.web.openapi import OPENAPI
from tearsheet.web.reading import CaptureLabel
from tearsheet.web.state import state
from tearsheet.web.store import Hit, stats_dict
from tearsheet.web.views import PAGE_SIZE, article_view, captures_view, search_view

BAD_REQUEST = 400
FORBIDDEN = 403
CREATED = 201


async def search(request: Request) -> Response:
    view = search_view(state(request).store, request.query_params)
    if view.error:
        return error_json(BAD_REQUEST, view.error)
    results = view.results
    return JSONResponse(
        {
            "query": view.filters.q,
            "filters": {k: str(v) for k, v in view.filters.as_kwargs().items()},
            "page": view.page,
            "page_size": PAGE_SIZE,
            "total": results.total if results else 0,
            "hits": [_hit(h) for h in results.hits] if results else [],
            "articles": view.archived.total if view.archived else None,
            "recent": [_hit(h) for h in view.archived.hits] if view.archived else [],
        }
    )


async def article(request: Request) -> Response:
    view = article_view(state(request).store, ids.article_id(request.path_params["article_id"]))
    return JSONResponse(
        {
            "id": view.id,
            "article": to_dict(view.article),
            "captures": [_capture(row) for row in view.captures],
            "inferred_links": view.reading.inferred_links,
        }
    )


async def captures(request: Request) -> Response:
    article_id = ids.article_id(request.path_params["article_id"])
    left, right = (request.query_params.get(n) for n in ("left", "right"))
    view = captures_view(
        state(request).store, article_id, left and ids.capture_id(left), right and ids.capture_id(right)
    )
    return JSONResponse(
        {
            "id": view.id,
            "captures": [_capture(row) for row in view.captures],
            "diff": _diff(view.left, view.right, view.diff) if view.diff else None,
            "errors": [{"capture": cid, "message": msg} for cid, msg in view.errors],
        }
    )


async def stats(request: Request) -> Response:
    return JSONResponse(stats_dict(state(request).store.stats()))


async def add(request: Request) -> Response:
    if not state(request).allow_add:
        return error_json(FORBIDDEN, "this reading room is read-only (start it with --allow-add)")
    try:
        outcome = await uploads.add_from_body(state(request).store, state(request).reader, request)
    except TearsheetError as exc:
        return error_json(BAD_REQUEST, str(exc))
    return JSONResponse(
        {
            "captures": list(outcome.capture_ids),
            "articles": list(outcome.article_ids),
            "report": outcome.report,
        },
        status_code=CREATED,
    )


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


def error_json(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "title": hit.title,
        "site": hit.site,
        "url": hit.url,
        "published": _iso(hit.published),
        "authors": list(hit.authors),
        "rank": hit.rank,
        "snippet": "".join(text for text, _ in hit.snippet),
        "highlights": [text for text, match in hit.snippet if match],
        "links": {"html": f"/articles/{hit.id}", "json": f"/api/articles/{hit.id}"},
    }


def _capture(row: CaptureRecord) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "source": row.source,
        "url": row.url,
        "fetched": _iso(row.fetched),
        "added": _iso(row.added),
        "size": row.size,
        "status": row.status,
        "raw": f"/articles/{row.article_id}/captures/{row.id}/raw",
    }


def _diff(left: CaptureLabel | None, right: CaptureLabel | None, diff: TextDiff) -> dict[str, Any]:
    return {
        "left": left.id if left else None,
        "right": right.id if right else None,
        "same": diff.same,
        "changed": diff.changed,
        "only_left": diff.only_left,
        "only_right": diff.only_right,
        "rows": [
            {"tag": r.tag, "left": [list(s) for s in r.left], "right": [list(s) for s in r.right]}
            for r in diff.rows
        ],
    }
