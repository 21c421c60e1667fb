"""The one split every benchmark uses: by site, into a tuning half and a checking half.

Rules are designed on ``tune`` (and on the 181 ScrapingHub pages); ``check`` is only
measured, so the gap between the halves shows overfitting. A site is its host without
``www.``; the same site falls in the same half in every benchmark, so a page tuned on in
one set is never a checking page of another.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

HALVES = ("tune", "check")


def site_of(url_or_host: str) -> str:
    """``https://www.example.com/a`` and ``www.example.com`` both give ``example.com``."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    return (host or "").lower().removeprefix("www.")


def half_of(url_or_host: str) -> str:
    """``tune`` when the first byte of SHA-1 of the site is even, else ``check``."""
    return HALVES[hashlib.sha1(site_of(url_or_host).encode("utf-8")).digest()[0] % 2]
