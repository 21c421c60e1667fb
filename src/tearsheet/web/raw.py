"""Serve a capture's own bytes without letting them act in the app's origin.

A captured web page is hostile input: its scripts must never run with the reading
room's cookies or be able to call the app. It is served under a CSP ``sandbox``
(a unique opaque origin, no scripts, no forms, no plugins) that also forbids every
network load, so a page cannot even phone home for images; the page that embeds
it adds a ``sandbox`` iframe attribute as a second lock. PDFs go to the browser's
own viewer (the sandbox would block it) under a type the browser cannot
re-sniff into HTML; text dumps and clips are plain text.
"""

from __future__ import annotations

from starlette.responses import Response

from tearsheet.models import CaptureKind
from tearsheet.readers.common.charset import decode

SANDBOX_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
PDF_CSP = "frame-ancestors 'self'"
TEXT_TYPE = "text/plain; charset=utf-8"

HTML_TYPE = "text/html; charset=utf-8"
MEDIA_TYPES = {
    CaptureKind.HTML: HTML_TYPE,
    CaptureKind.PDF: "application/pdf",
    CaptureKind.TEXT: TEXT_TYPE,
    CaptureKind.MARKDOWN: TEXT_TYPE,
}
EXTENSIONS = {
    CaptureKind.HTML: "html",
    CaptureKind.PDF: "pdf",
    CaptureKind.TEXT: "txt",
    CaptureKind.MARKDOWN: "md",
}


def capture_response(data: bytes, kind: str, capture_id: str, *, download: bool = False) -> Response:
    """The captured bytes with headers that keep them inert (see the module docstring).

    Shown in the page, text and HTML are decoded the way the readers decode them and
    sent as UTF-8, so a capture in windows-1252 displays right; a download is the
    original bytes, untouched.
    """
    capture_kind = _kind(kind)
    media_type = MEDIA_TYPES.get(capture_kind, TEXT_TYPE) if capture_kind else TEXT_TYPE
    filename = f"capture-{capture_id[:12]}.{EXTENSIONS.get(capture_kind, 'txt') if capture_kind else 'txt'}"
    headers = {
        "Content-Security-Policy": PDF_CSP if capture_kind is CaptureKind.PDF else SANDBOX_CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Content-Disposition": f'{"attachment" if download else "inline"}; filename="{filename}"',
        "Cache-Control": "private, max-age=3600",  # a capture's bytes never change (content-hash id)
        "Referrer-Policy": "no-referrer",
    }
    if download:
        return Response(data, media_type="application/octet-stream", headers=headers)
    body = data if capture_kind is CaptureKind.PDF else decode(data).encode("utf-8")
    return Response(body, media_type=media_type, headers=headers)


def _kind(kind: str) -> CaptureKind | None:
    try:
        return CaptureKind(kind)
    except ValueError:
        return None
