"""EDGE: MHTML (a page saved by Chrome or Edge as "Webpage, single file") → the page's HTML.

An MHTML file is a MIME ``multipart/related`` message: the first ``text/html`` part is the
page (usually quoted-printable), the other parts its images and styles, each named by its
``Content-Location``. The page's own address is the ``Snapshot-Content-Location`` header
(Blink) or the HTML part's ``Content-Location``. The stdlib ``email`` package parses it.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from dataclasses import dataclass
from email.message import Message

from tearsheet.errors import UnsupportedInputError

SNIFF_HEAD = 4096  # the MIME headers of a saved page fit well within this
_MHTML_HEAD = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
    rb"Content-Type:\s*multipart/related", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True, kw_only=True)
class SavedPage:
    html: bytes
    url: str | None
    content_type: str  # with the part's charset, so the HTML decodes as the browser saved it


def is_mhtml(data: bytes) -> bool:
    """Whether ``data`` starts like a saved MHTML page (MIME headers, ``multipart/related``)."""
    return _MHTML_HEAD.match(data[:SNIFF_HEAD]) is not None


def read_mhtml(data: bytes) -> SavedPage:
    """The page inside an MHTML file; raises ``UnsupportedInputError`` when it holds none."""
    message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data)
    part = _html_part(message)
    if part is None:
        raise UnsupportedInputError("the MHTML file holds no HTML page")
    payload = part.get_payload(decode=True)
    html = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    content_type = part.get_content_type() + (f"; charset={charset}" if charset else "")
    url = message.get("Snapshot-Content-Location") or part.get("Content-Location")
    return SavedPage(html=html, url=str(url).strip() if url else None, content_type=content_type)


def _html_part(message: Message) -> Message | None:
    for part in message.walk():
        if part.get_content_type() in HTML_TYPES and not part.is_multipart():
            return part
    return None
