"""The reading room's ASGI app: routes, security headers, error pages.

``create_app(archive)`` is all a server (``tearsheet serve``, uvicorn, a test
client) needs. The app only reads unless ``allow_add`` is set.

Handlers are ``async`` and call the archive directly, on the event loop's one
thread: the archive holds one SQLite connection, which must not be used by two
threads at once, and its reads take milliseconds (see BENCHMARKS.md, Web UI), so a
thread pool would add hand-offs without adding throughput for a local reader.
Reading an upload is the exception: it can take seconds, so it runs in a worker
process with a time limit (``tearsheet.web.worker``) and only the store is done here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tearsheet.archive import Archive
from tearsheet.errors import ArchiveError, NotInArchiveError, QuerySyntaxError, TearsheetError
from tearsheet.web import api, pages
from tearsheet.web.guard import RequestGuard
from tearsheet.web.state import AppState
from tearsheet.web.store import Store
from tearsheet.web.worker import UploadReader

STATIC = Path(__file__).parent / "static"

# The app's own pages run no script at all; they load only our stylesheet, frame only
# our own sandboxed capture route, and post forms only to themselves.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",  # never tell a site which archive article linked to it
}


class SecurityHeaders:
    """Adds ``PAGE_HEADERS`` to every response that did not set its own (raw captures do)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [
                    (k.encode(), v.encode()) for k, v in PAGE_HEADERS.items() if k.encode() not in present
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def routes() -> list[Route | Mount]:
    return [
        Route("/", pages.search_page, name="search"),
        Route("/export", pages.search_export, name="search_export"),
        Route("/articles/{article_id}", pages.article_page, name="article"),
        Route("/articles/{article_id}/captures", pages.captures_page, name="captures"),
        Route("/articles/{article_id}/captures/{capture_id}/raw", pages.capture_raw, name="capture_raw"),
        Route("/articles/{article_id}/export", pages.article_export, name="article_export"),
        Route("/add", pages.add_page, methods=["GET", "POST"], name="add"),
        Route("/api", pages.api_page, name="api_docs"),
        Route("/api/search", api.search),
        Route("/api/articles/{article_id}", api.article),
        Route("/api/articles/{article_id}/captures", api.captures),
        Route("/api/stats", api.stats),
        Route("/api/captures", api.add, methods=["POST"]),
        Route("/api/openapi.json", api.openapi),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]


def create_app(
    archive: Archive,
    *,
    allow_add: bool = False,
    allowed_hosts: Sequence[str] = (),
    upload_reader: UploadReader | None = None,
) -> Starlette:
    """The reading room over ``archive`` (a ``tearsheet.archive.Archive``).

    It answers only to the loopback names (localhost, 127.0.0.1, [::1]) and to
    ``allowed_hosts`` (``tearsheet serve`` adds the address it listens on and each
    ``--allow-host``), so a web page that rebinds its own domain to this machine still
    cannot reach the archive; writes must come from its own pages (``web.guard``).
    ``upload_reader``: how uploads are read (default: a worker process, 15 s limit).
    """
    app = Starlette(
        routes=routes(),
        # Outermost first: every answer, the guard's refusals included, gets the headers.
        middleware=[Middleware(SecurityHeaders), Middleware(RequestGuard, allowed_hosts=allowed_hosts)],
        exception_handlers={
            HTTPException: _http_error,
            NotInArchiveError: _not_found,
            TearsheetError: _tearsheet_error,
            Exception: _server_error,
        },
    )
    app.state.reading_room = AppState(
        store=Store(archive), templates=pages.environment(), allow_add=allow_add,
        reader=upload_reader or UploadReader(),
    )
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(request, exc.status_code, exc.detail)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, "not in this archive")


async def _tearsheet_error(request: Request, exc: Exception) -> Response:
    # A bad query is the user's to fix (400); any other archive error is the server's (500).
    status = 500 if isinstance(exc, ArchiveError) and not isinstance(exc, QuerySyntaxError) else 400
    return _error(request, status, str(exc))


async def _server_error(request: Request, exc: Exception) -> Response:
    """A bug: a plain 500 (the server logs the traceback). Starlette sends it from outside
    every middleware, so it carries the security headers itself."""
    message = "internal error: the server could not answer this request"
    try:
        response = _error(request, 500, message)
    except Exception:  # noqa: BLE001 — the error page itself failed: answer in plain text
        response = PlainTextResponse(message, status_code=500)
    response.headers.update(PAGE_HEADERS)
    return response


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api"):
        return api.error_json(status, message)
    return pages.render(request, "error.html", status_code=status, status=status, message=message)
