"""What the archive asks of grouping and reconciliation, behind one small interface.

The archive persists fingerprints and their LSH band keys, so an add looks up
candidate captures by key instead of rescanning; ``Grouping`` decides whether a
candidate is the same article and merges an article's captures. The default,
``ReconcileGrouping``, is ``tearsheet.reconcile``; tests may pass another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

from tearsheet.models import Article

TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "smid")


class Grouping(Protocol):
    def fingerprint(self, article: Article) -> tuple[bytes, tuple[str, ...]]:
        """The article's fingerprint (bytes) and its LSH band keys."""

    def same_article(self, a: bytes, b: bytes) -> bool:
        """Are these two fingerprints captures of one article?"""

    def reconcile(self, articles: Sequence[Article]) -> Article:
        """One canonical Article, with provenance, from the captures' Articles."""

    def url_key(self, url: str | None) -> str | None:
        """One key for every spelling of an article URL."""


class ReconcileGrouping:
    """The real thing: ``tearsheet.reconcile`` (imported on first use)."""

    def fingerprint(self, article: Article) -> tuple[bytes, tuple[str, ...]]:
        from tearsheet.reconcile import fingerprint, lsh_keys

        print_ = fingerprint(article)
        return print_.to_bytes(), tuple(lsh_keys(print_))

    def same_article(self, a: bytes, b: bytes) -> bool:
        from tearsheet.reconcile import Fingerprint, same_article

        return bool(same_article(Fingerprint.from_bytes(a), Fingerprint.from_bytes(b)))

    def reconcile(self, articles: Sequence[Article]) -> Article:
        from tearsheet.reconcile import reconcile

        return reconcile(list(articles))

    def url_key(self, url: str | None) -> str | None:
        from tearsheet.reconcile.urls import url_key

        return url_key(url)


def fallback_url_key(url: str | None) -> str | None:
    """A plain URL key (host without ``www.``, path without trailing slash, tracking
    parameters dropped), for groupings that bring no URL rules of their own."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PARAMS)]
    path = parts.path.rstrip("/") or "/"
    return host + path + (f"?{urlencode(sorted(query))}" if query else "")


def band_key(key: str) -> int:
    """An LSH band key as a signed 64-bit integer (SQLite's INTEGER)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def lookup_keys(url_key: Callable[[str | None], str | None], urls: Iterable[str | None],
                lsh_keys: Iterable[str]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """What the archive files a capture under and looks candidates up by: the distinct
    keys of its URLs (the article's and the capture's) and of its LSH bands, sorted."""
    return (tuple(sorted({key for key in map(url_key, set(urls)) if key})),
            tuple(sorted({band_key(key) for key in lsh_keys})))
