"""URL splitting and joining that never raise on the text of a capture.

``urllib.parse`` raises ``ValueError`` for malformed input — ``https://[x/story`` (an
unclosed IPv6 bracket), a port that is not a number — and captures are full of such text.
A reader must not fail on one bad link, so every reader goes through these.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit

EMPTY = SplitResult("", "", "", "", "")


def split_url(url: str) -> SplitResult:
    """``urlsplit(url)``, or an empty split for a URL it cannot parse."""
    try:
        return urlsplit(url)
    except ValueError:
        return EMPTY


def join_url(base: str, href: str) -> str:
    """``href`` made absolute against ``base``; as written when either does not parse."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href


def host_of(url: str) -> str:
    """The lower-cased host name, or ``""`` when there is none or the URL does not parse."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""
