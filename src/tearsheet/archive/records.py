"""What the archive hands back: frozen rows of its tables, search hits and pages, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# Outcomes of storing one capture (the batch report counts them).
ADDED = "added"  # a new article
MERGED = "merged"  # a new capture of an article already in the archive
DUPLICATE = "duplicate"  # these exact bytes were stored before: nothing changed
FAILED = "failed"  # written "failed:<reason>"

# Stages a failure is named at (``failures.stage``).
LOAD = "load"  # the source gave no capture: unreadable file, failed fetch, broken WARC record
READ = "read"  # the capture gave no article (it is kept, with its bytes, in ``captures``)
RECONCILE = "reconcile"  # the article's rebuild failed; it keeps its last good record
REFRESH = "refresh"  # re-fetching an article's URL failed (``add --refresh``); the article stands


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """One source the archive could not take, and why (``tearsheet failures`` lists them)."""

    stage: str  # LOAD, READ or RECONCILE
    source: str  # the path, URL or WARC record as given; the article id for RECONCILE
    reason: str  # a stable slug: not_an_article, timeout, corrupt_pdf, internal_error …
    message: str | None
    capture_id: str | None
    article_id: str | None
    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureRecord:
    """One stored capture (its bytes: ``Archive.capture_bytes``)."""

    id: str
    article_id: str | None  # None: the capture could not be read
    kind: str
    source: str | None
    url: str | None
    fetched: datetime | None
    added: datetime
    size: int
    status: str  # "ok" or "failed"
    reason: str | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleSummary:
    """An article's row without its body: what lists and result pages show."""

    id: str
    title: str | None
    site: str | None
    url: str | None
    published: datetime | None
    authors: tuple[str, ...]
    language: str | None
    captures: int
    added: datetime
    updated: datetime
    confidence: float | None = None  # Article.confidence: below LOW_CONFIDENCE the body is doubtful


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One search result. ``snippet`` is plain text; ``highlights`` are the
    ``(start, end)`` character spans in it that matched the query."""

    id: str
    title: str | None
    site: str | None
    url: str | None
    published: datetime | None
    authors: tuple[str, ...]
    language: str | None
    rank: float  # bm25 (title ×10, authors ×5, body ×1): lower is better
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()

    def marked(self, start: str = "[", end: str = "]") -> str:
        """The snippet with each highlight wrapped in ``start`` … ``end``."""
        out: list[str] = []
        cursor = 0
        for a, b in self.highlights:
            out += [self.snippet[cursor:a], start, self.snippet[a:b], end]
            cursor = b
        out.append(self.snippet[cursor:])
        return "".join(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchPage:
    query: str
    hits: tuple[SearchHit, ...]
    total: int  # every match, not only this page (a lower bound unless total_exact)
    limit: int
    offset: int
    total_exact: bool = True  # False: more than ``total`` matches (counting stopped there)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPage:
    items: tuple[ArticleSummary, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveStats:
    path: str
    size_bytes: int
    articles: int
    captures: int  # read and stored, failed ones not included
    failed: int
    multi_capture_articles: int  # articles reconciled from two or more captures
    kinds: tuple[tuple[str, int], ...]
    failures: tuple[tuple[str, int], ...]  # by reason
    sites: tuple[tuple[str, int], ...]  # the largest sites first
    languages: tuple[tuple[str, int], ...]
    first_published: str | None
    last_published: str | None
    last_added: str | None
    pending: int = 0  # articles with merged captures awaiting reconciliation


def path_size(path: Path | str) -> int:
    """Bytes on disk of the database and its WAL."""
    total = 0
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            total += file.stat().st_size
    return total
