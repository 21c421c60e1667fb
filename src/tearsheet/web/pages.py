"""The HTML pages: each handler computes its view (``views``) and renders one template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from tearsheet.errors import TearsheetError
from tearsheet.models import LOW_CONFIDENCE
from tearsheet.web import exports, ids, uploads
from tearsheet.web.openapi import DOWNLOADS, OPENAPI
from tearsheet.web.raw import capture_response
from tearsheet.web.state import state
from tearsheet.web.views import article_view, captures_view, search_view

TEMPLATES = Path(__file__).parent / "templates"
FORBIDDEN = 403
SEE_OTHER = 303


def environment() -> jinja2.Environment:
    # autoescape for every template: titles, bodies and snippets come from captured pages.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: never re-stat them per request
    )
    env.filters["size"] = human_size
    env.filters["day"] = lambda value: value.strftime("%Y-%m-%d") if value else ""
    env.filters["when"] = lambda value: value.strftime("%Y-%m-%d %H:%M") if value else ""
    env.filters["short"] = lambda value: (value or "")[:12]
    env.globals["low_confidence"] = LOW_CONFIDENCE
    return env


def human_size(size: int | None) -> str:
    if size is None:
        return "—"
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env: jinja2.Environment = state(request).templates
    html = env.get_template(name).render(allow_add=state(request).allow_add, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)


async def search_page(request: Request) -> Response:
    view = search_view(state(request).store, request.query_params)
    return render(request, "search.html", status_code=400 if view.error else 200, view=view)


async def article_page(request: Request) -> Response:
    view = article_view(state(request).store, ids.article_id(request.path_params["article_id"]))
    return render(request, "article.html", view=view)


async def captures_page(request: Request) -> Response:
    article_id = ids.article_id(request.path_params["article_id"])
    left, right = _optional_capture(request, "left"), _optional_capture(request, "right")
    shown = _optional_capture(request, "view")
    view = captures_view(state(request).store, article_id, left, right, shown)
    return render(request, "captures.html", view=view)


async def capture_raw(request: Request) -> Response:
    article_id = ids.article_id(request.path_params["article_id"])
    capture_id = ids.capture_id(request.path_params["capture_id"])
    store = state(request).store
    row = next((r for r in store.captures(article_id) if r.id.startswith(capture_id)), None)
    if row is None:
        raise HTTPException(404, "no such capture of this article")
    return capture_response(
        store.capture_bytes(row.id), row.kind, row.id, download=request.query_params.get("download") == "1"
    )


async def article_export(request: Request) -> Response:
    article_id = ids.article_id(request.path_params["article_id"])
    article = state(request).store.article(article_id)
    return exports.article_download(article, article_id, exports.fmt(request.query_params))


async def search_export(request: Request) -> Response:
    return exports.search_download(state(request).store, request.query_params)


async def add_page(request: Request) -> Response:
    if not state(request).allow_add:
        raise HTTPException(FORBIDDEN, "this reading room is read-only (start it with --allow-add)")
    if request.method == "GET":
        return render(request, "add.html", outcome=None, error=None)
    try:
        outcome = await uploads.add_from_form(state(request).store, state(request).reader, request)
    except TearsheetError as exc:
        return render(request, "add.html", status_code=400, outcome=None, error=str(exc))
    if len(outcome.article_ids) == 1:
        return RedirectResponse(f"/articles/{outcome.article_ids[0]}", status_code=SEE_OTHER)
    return render(request, "add.html", outcome=outcome, error=None)


async def api_page(request: Request) -> Response:
    return render(request, "api.html", openapi=OPENAPI, downloads=DOWNLOADS)


def _optional_capture(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name)
    return ids.capture_id(raw) if raw else None
