"""The web UI's one door into the archive: a thin adapter over ``tearsheet.archive.Archive``.

Pages never run archive calls themselves; they ask a ``Store``, which turns the
archive's records into what the templates and the JSON API render (a snippet as
runs of plain and matched text, a search without words as a filtered list).
Keeping the translation here means an archive change touches one module.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tearsheet.archive import Archive, ArchiveStats, CaptureRecord, SearchHit
from tearsheet.archive.incoming import StepResult
from tearsheet.archive.records import DUPLICATE, ArticleSummary
from tearsheet.models import Article


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """A search as the user typed it: query text plus the optional filters.

    ``since``/``until`` are a year, a month or a day (``2024``, ``2024-03``,
    ``2024-03-31``), as ``tearsheet search`` takes them.
    """

    q: str = ""
    site: str | None = None
    author: str | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None
    low_confidence: bool = False

    def as_kwargs(self) -> dict[str, Any]:
        names = ("site", "author", "since", "until", "lang", "low_confidence")
        return {name: value for name in names if (value := getattr(self, name)) not in (None, False)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    id: str
    title: str | None
    site: str | None
    url: str | None
    published: datetime | None
    authors: tuple[str, ...]
    rank: float | None
    snippet: tuple[tuple[str, bool], ...]  # (text, is_match) runs


@dataclass(frozen=True, slots=True, kw_only=True)
class Results:
    hits: tuple[Hit, ...]
    total: int


@dataclass(slots=True)
class Store:
    archive: Archive

    def search(self, filters: Filters, *, limit: int, offset: int) -> Results:
        """Ranked full-text hits; without query words, the filtered articles, newest first."""
        if not filters.q:
            page = self.archive.list(limit=limit, offset=offset, **filters.as_kwargs())
            return Results(hits=tuple(_summary_hit(item) for item in page.items), total=page.total)
        found = self.archive.search(filters.q, limit=limit, offset=offset, **filters.as_kwargs())
        return Results(hits=tuple(_search_hit(hit) for hit in found.hits), total=found.total)

    def article(self, article_id: str) -> Article:
        return self.archive.get(article_id)

    def resolve(self, article_id: str) -> str:
        return self.archive.resolve(article_id)

    def captures(self, article_id: str) -> tuple[CaptureRecord, ...]:
        return self.archive.captures(article_id)

    def capture_bytes(self, capture_id: str) -> bytes:
        return self.archive.capture_bytes(capture_id)

    def capture_article(self, capture_id: str) -> Article:
        return self.archive.capture_article(capture_id)

    def stats(self) -> ArchiveStats:
        return self.archive.stats()

    def known(self, capture_ids: Iterable[str]) -> set[str]:
        """Which of these captures the archive holds already."""
        return self.archive.known(list(capture_ids))

    def add_read(self, results: Iterable[StepResult]) -> Counter[str]:
        """Store captures read elsewhere (an upload's worker), as ``Archive.add`` would:
        the grouping keys made here by the archive's own grouping, merged articles
        reconciled once at the end. The count of each outcome."""
        outcomes: Counter[str] = Counter()
        for result in results:
            if self.archive.known([result.capture.id]):
                outcomes[DUPLICATE] += 1
                continue
            article = result.article()
            if article is not None:
                fingerprint, keys = self.archive.grouping.fingerprint(article)
                result = dataclasses.replace(result, fingerprint=fingerprint, lsh_keys=keys)
            outcomes[self.archive.store(result, defer=True)] += 1
        self.archive.reconcile_pending()
        return outcomes

    def articles_of(self, capture_ids: Iterable[str]) -> tuple[str, ...]:
        """The articles these captures were grouped into (each once, in order)."""
        found: dict[str, None] = {}
        for capture_id in capture_ids:
            article_id = self.archive.capture(capture_id).article_id
            if article_id:
                found[article_id] = None
        return tuple(found)


def snippet_runs(snippet: str, highlights: Iterable[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """The snippet cut into (text, matched) runs at the archive's highlight spans."""
    runs: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in sorted(highlights):
        if start < cursor or end > len(snippet):
            continue  # overlapping or out-of-range span: keep the text, drop the mark
        if start > cursor:
            runs.append((snippet[cursor:start], False))
        if end > start:
            runs.append((snippet[start:end], True))
        cursor = end
    if cursor < len(snippet):
        runs.append((snippet[cursor:], False))
    return tuple(runs)


def _search_hit(hit: SearchHit) -> Hit:
    return Hit(
        id=hit.id,
        title=hit.title,
        site=hit.site,
        url=hit.url,
        published=hit.published,
        authors=hit.authors,
        rank=hit.rank,
        snippet=snippet_runs(hit.snippet, hit.highlights),
    )


def _summary_hit(item: ArticleSummary) -> Hit:
    return Hit(
        id=item.id,
        title=item.title,
        site=item.site,
        url=item.url,
        published=item.published,
        authors=item.authors,
        rank=None,
        snippet=(),
    )


def stats_dict(stats: ArchiveStats) -> dict[str, Any]:
    """The archive's statistics as JSON-ready data."""
    return {name: getattr(stats, name) for name in ArchiveStats.__slots__}
