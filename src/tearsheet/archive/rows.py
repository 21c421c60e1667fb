"""Article and Capture ⇄ the columns of their rows (JSON via ``tearsheet.schema``)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from tearsheet.archive.facets import facets
from tearsheet.archive.records import ArticleSummary, CaptureRecord
from tearsheet.models import Article, NoteKind
from tearsheet.schema import to_compact_json

AUTHOR_SEPARATOR = "; "  # names hold commas ("Smith, Jr."), rarely semicolons

SUMMARY_COLUMNS = "id, title, site, url, published, authors, language, captures, added, updated, confidence"
CAPTURE_COLUMNS = "id, article_id, kind, source, url, fetched, added, size, status, reason, message"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def authors_tuple(value: str | None) -> tuple[str, ...]:
    return tuple(value.split(AUTHOR_SEPARATOR)) if value else ()


def host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        name = urlsplit(url).hostname
    except ValueError:
        return None
    return name.lower().removeprefix("www.") if name else None


def article_columns(article: Article) -> dict[str, Any]:
    """The searchable and filterable columns of an ``articles`` row."""
    site_host = host(article.url)
    site = article.site_name or site_host
    return {
        "title": article.title,
        "authors": AUTHOR_SEPARATOR.join(a.name for a in article.authors) or None,
        "text": article.text,
        "site": site,
        "host": site_host,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "date": article.published.date().isoformat() if article.published else None,
        "language": article.language,
        "facets": facets(article.site_name, site_host, article.language,
                         article.published.date().isoformat() if article.published else None),
        "confidence": article.confidence,
        "versions": len(article.versions),
        "corrected": int(any(note.kind is NoteKind.CORRECTION for v in article.versions for note in v.notes)),
        "json": to_compact_json(article),
    }


def summary(row: sqlite3.Row | tuple[Any, ...]) -> ArticleSummary:
    """An ``ArticleSummary`` from a row selected as ``SUMMARY_COLUMNS``."""
    article_id, title, site, url, published, authors, language, captures, added, updated, confidence = row
    return ArticleSummary(id=article_id, title=title, site=site, url=url, published=parse_time(published),
                          authors=authors_tuple(authors), language=language, captures=captures,
                          added=datetime.fromisoformat(added), updated=datetime.fromisoformat(updated),
                          confidence=confidence)


def capture_record(row: sqlite3.Row | tuple[Any, ...]) -> CaptureRecord:
    """A ``CaptureRecord`` from a row selected as ``CAPTURE_COLUMNS``."""
    capture_id, article_id, kind, source, url, fetched, added, size, status, reason, message = row
    return CaptureRecord(id=capture_id, article_id=article_id, kind=kind, source=source, url=url,
                         fetched=parse_time(fetched), added=datetime.fromisoformat(added), size=size,
                         status=status, reason=reason, message=message)
