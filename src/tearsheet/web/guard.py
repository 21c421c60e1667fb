"""Which requests the reading room answers at all: known Host names, and same-origin writes.

DNS rebinding: a page at ``evil.example`` can point its own name at 127.0.0.1 (or at
the machine's LAN address) and then read the archive and post to it as *same-origin*
requests, with matching ``Origin`` headers. Its requests still say ``Host:
evil.example``, so the app answers only to the names it knows — the loopback names,
the address it listens on when that is a specific one, and names given with
``--allow-host`` — whatever address the server is bound to.

A request that changes something (any method but GET, HEAD, OPTIONS) must also come
from the page's own origin: browsers name the page behind every such request in
``Origin`` and ``Sec-Fetch-Site``. One from another origin, or from an opaque one
(``Origin: null``: a sandboxed frame, a ``data:`` page) is refused. Tools such as curl
send neither header and are let through: no web page can make them post.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME_SITE_FETCHES = ("same-origin", "none")  # Sec-Fetch-Site values of the app's own pages, or typed URLs
BAD_REQUEST = 400
FORBIDDEN = 403


def host_name(value: str) -> str:
    """The name in a ``Host`` header or an allow-list entry, without its port, lower-case;
    an IPv6 address in brackets (``[::1]``), as URLs and Host headers write it."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    if value.count(":") > 1:  # a bare IPv6 address (an allow-list entry such as "::1")
        return f"[{value}]"
    return value.partition(":")[0].rstrip(".")


class RequestGuard:
    """ASGI middleware: answers 400 to an unknown Host name and 403 to a cross-origin write."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = frozenset(host_name(name) for name in (*LOOPBACK_NAMES, *allowed_hosts))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self.refusal(scope["method"], Headers(scope=scope), scope.get("path", ""))
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def refusal(self, method: str, headers: Headers, path: str) -> Response | None:
        """The response refusing this request, or None to let it through."""
        host = headers.get("host", "")
        if host_name(host) not in self.allowed:
            message = f"this reading room does not answer to the host name {host_name(host)!r}"
            return _error(path, BAD_REQUEST, message + " (start it with --allow-host NAME to add one)")
        if method.upper() in SAFE_METHODS:
            return None
        if headers.get("sec-fetch-site", "same-origin") not in SAME_SITE_FETCHES:
            return _error(path, FORBIDDEN, "requests from another site's page are refused")
        origin = headers.get("origin")
        if origin is not None and not self._same_origin(origin, host):
            return _error(path, FORBIDDEN, "requests from another site's page are refused")
        return None

    def _same_origin(self, origin: str, host: str) -> bool:
        netloc = urlsplit(origin).netloc.lower() if origin != "null" else ""
        return bool(netloc) and netloc == host.strip().lower() and host_name(netloc) in self.allowed


def _error(path: str, status: int, message: str) -> Response:
    if path.startswith("/api"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return PlainTextResponse(message, status_code=status)
