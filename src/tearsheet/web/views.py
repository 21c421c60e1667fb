"""What each page shows, computed once and rendered twice: as HTML and as its /api JSON twin.

A view function takes the ``Store`` and the request's parameters and returns a
frozen record; ``pages`` hands it to a template, ``api`` turns it into JSON. So
the HTML page and its JSON twin can never disagree about what they show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from tearsheet.archive import CaptureRecord
from tearsheet.errors import QuerySyntaxError, TearsheetError
from tearsheet.models import Article
from tearsheet.web.diff import TextDiff, diff_texts
from tearsheet.web.reading import CaptureLabel, ReadingView, capture_labels, reading_view
from tearsheet.web.store import Filters, Results, Store

PAGE_SIZE = 20  # results per search page: one laptop screen of titles and snippets
MAX_PAGE = 500  # deeper pages than this are never what a reader wants; keeps OFFSET cheap
RECENT = 8  # articles listed on the home page
MAX_QUERY_CHARS = 500  # a query longer than this is a paste accident, not a search
PERIOD = re.compile(r"\d{4}(-\d{1,2}(-\d{1,2})?)?")  # what `tearsheet search --since` takes


class BadRequestError(ValueError):
    """A parameter the user typed cannot be used (shown back to them, HTTP 400)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchView:
    filters: Filters
    page: int
    results: Results | None  # None: nothing asked yet
    error: str | None
    archived: Results | None = None  # the home page: every article's count, the most recent first

    @property
    def pages(self) -> int:
        total = self.results.total if self.results else 0
        return max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        shown = len(self.results.hits) if self.results else 0
        return self.first + shown - 1

    def query_string(self, **changes: object) -> str:
        """The current search's URL parameters, with ``changes`` applied (for links)."""
        params = {"q": self.filters.q, **{k: str(v) for k, v in self.filters.as_kwargs().items()}}
        params.update({k: str(v) for k, v in changes.items() if v is not None})
        return urlencode({k: v for k, v in params.items() if v})


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleView:
    id: str
    article: Article
    reading: ReadingView
    captures: tuple[CaptureRecord, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CapturesView:
    id: str
    article: Article
    captures: tuple[CaptureRecord, ...]
    labels: tuple[CaptureLabel, ...]
    left: CaptureLabel | None
    right: CaptureLabel | None
    diff: TextDiff | None
    errors: tuple[tuple[str, str], ...]  # (capture id, why its text could not be read)
    shown: CaptureRecord | None  # the capture whose own bytes the page shows

    def label(self, capture_id: str) -> CaptureLabel | None:
        return next((label for label in self.labels if label.id == capture_id), None)


def parse_filters(params: Mapping[str, str]) -> Filters:
    q = params.get("q", "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequestError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    return Filters(
        q=q,
        site=_text(params, "site"),
        author=_text(params, "author"),
        since=_date(params, "since"),
        until=_date(params, "until"),
        lang=_text(params, "lang"),
        low_confidence=params.get("low_confidence", "") in ("1", "on", "true"),
    )


def parse_page(params: Mapping[str, str]) -> int:
    raw = params.get("page", "1") or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise BadRequestError(f"page must be a number from 1 to {MAX_PAGE}")
    return int(raw)


def search_view(store: Store, params: Mapping[str, str]) -> SearchView:
    try:
        filters, page = parse_filters(params), parse_page(params)
    except BadRequestError as exc:
        return SearchView(
            filters=Filters(q=params.get("q", "")[:MAX_QUERY_CHARS]),
            page=1,
            results=None,
            error=str(exc),
        )
    if not filters.q and not filters.as_kwargs():
        # Not Archive.stats(): its GROUP BYs scan every article (seconds at 100,000);
        # the list's count and first page come from indexes.
        archived = store.search(filters, limit=RECENT, offset=0)
        return SearchView(filters=filters, page=1, results=None, error=None, archived=archived)
    try:
        results = store.search(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    except QuerySyntaxError as exc:
        return SearchView(filters=filters, page=page, results=None, error=str(exc))
    return SearchView(filters=filters, page=page, results=results, error=None)


def article_view(store: Store, article_id: str) -> ArticleView:
    article_id = store.resolve(article_id)
    article = store.article(article_id)
    captures = store.captures(article_id)
    kinds = {row.id: row.kind for row in captures}
    return ArticleView(
        id=article_id, article=article, reading=reading_view(article, kinds), captures=captures
    )


def captures_view(
    store: Store, article_id: str, left: str | None, right: str | None, shown: str | None = None
) -> CapturesView:
    article_id = store.resolve(article_id)
    article = store.article(article_id)
    rows = store.captures(article_id)
    labels = capture_labels(article, {row.id: row.kind for row in rows})
    pick_left = _pick(labels, left, 0)
    pick_right = _pick(labels, right, len(labels) - 1)  # first vs last: usually the page vs a print
    diff, errors = None, []
    if pick_left and pick_right:
        texts: dict[str, str] = {}
        for label in (pick_left, pick_right):
            try:
                texts[label.id] = store.capture_article(label.id).text
            except TearsheetError as exc:  # one unreadable capture must not hide the page
                errors.append((label.id, f"{type(exc).__name__}: {exc}"))
                texts[label.id] = ""
        diff = diff_texts(texts[pick_left.id], texts[pick_right.id])
    order = {label.id: label.number for label in labels}
    rows = tuple(sorted(rows, key=lambda row: order.get(row.id, len(order) + 1)))
    show = next((row for row in rows if shown and row.id.startswith(shown)), rows[0] if rows else None)
    return CapturesView(
        id=article_id,
        article=article,
        captures=rows,
        labels=labels,
        left=pick_left,
        right=pick_right,
        diff=diff,
        errors=tuple(errors),
        shown=show,
    )


def _pick(labels: tuple[CaptureLabel, ...], wanted: str | None, default: int) -> CaptureLabel | None:
    if wanted:
        found = next((label for label in labels if label.id.startswith(wanted)), None)
        if found:
            return found
    return labels[default] if len(labels) > 1 else None


def _text(params: Mapping[str, str], name: str) -> str | None:
    value = " ".join(params.get(name, "").split())
    if len(value) > MAX_QUERY_CHARS:
        raise BadRequestError(f"{name} is longer than {MAX_QUERY_CHARS} characters")
    return value or None


def _date(params: Mapping[str, str], name: str) -> str | None:
    raw = params.get(name, "").strip()
    if raw and not PERIOD.fullmatch(raw):
        raise BadRequestError(f"{name} must be a year, a month or a day: 2024, 2024-03 or 2024-03-31")
    return raw or None
