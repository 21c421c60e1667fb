"""Filters shared by search, list and export.

Site, language, author and a narrow date range become FTS5 terms (``fts``): the index
answers them as fast as any word (see ``tearsheet.archive.facets``), so a filtered
search never walks the matches of a common word to test each article. A wide date
range, which most articles pass, is tested on the rows instead (``sql``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from tearsheet.archive.facets import date_range_terms, language_token, site_token
from tearsheet.errors import QuerySyntaxError
from tearsheet.models import LOW_CONFIDENCE

# A date range covering more than this share of the archive's span is tested on each
# match's row (most matches pass, so that is quick); a narrower one becomes index terms
# (few articles carry them, so the index finds them at once).
DATE_TERMS_MAX_SHARE = 0.02
NO_DAY = "d00000000"  # a token no article has: an empty date range matches nothing
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFilter:
    """Which articles to consider: ``site`` is a site name or a domain (``example.com``
    also matches ``news.example.com``), ``author`` words of a name (the last may be cut
    short: ``ann wri``), ``lang`` a language code (``en`` matches ``en-GB``); ``since``
    and ``until`` are inclusive and may be a year, a month or a day (``2024``, ``2024-03``)."""

    site: str | None = None
    author: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    lang: str | None = None
    low_confidence: bool = False  # only articles whose reader doubts its body (``LOW_CONFIDENCE``)
    changed: bool = False  # only articles seen edited (two versions or more)
    corrected: bool = False  # only articles a version of which adds a correction note

    def fts(self, dates: tuple[str, str] | None = None) -> list[str]:
        """FTS5 terms (to be AND-ed with the query) for every filter; ``dates`` is the
        archive's first and last publication day, which bound an open date range."""
        terms: list[str] = []
        if self.site and self.site.strip():
            terms.append(f"facets : {site_token(self.site)}")
        if self.lang and self.lang.strip():
            terms.append(f"facets : {language_token(self.lang)}")
        words = re.findall(r"\w+", self.author or "")
        if words:  # the name's words in order, the last one a prefix ("smi" finds Smith)
            terms.append('authors : "' + " ".join(words) + '"*')
        if (self.since or self.until) and self._narrow(dates):
            terms.append(self._date_term(dates))
        return terms

    def sql(self, alias: str = "a", dates: tuple[str, str] | None = None) -> tuple[list[str], list[object]]:
        """SQL clauses for what the index does not answer: ``low_confidence``, ``changed``,
        ``corrected``, and a date range
        too wide for index terms (see ``DATE_TERMS_MAX_SHARE``)."""
        clauses: list[str] = []
        params: list[object] = []
        if self.low_confidence:
            clauses.append(f"{alias}.confidence < ?")
            params.append(LOW_CONFIDENCE)
        if self.changed:
            clauses.append(f"{alias}.versions > 1")
        if self.corrected:
            clauses.append(f"{alias}.corrected = 1")
        if not (self.since or self.until) or self._narrow(dates):
            return clauses, params
        if self.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(period(self.since)[0])
        if self.until:
            clauses.append(f"{alias}.date < ?")
            params.append(period(self.until)[1])
        return clauses, params

    def _narrow(self, dates: tuple[str, str] | None) -> bool:
        """Does the date range hold a small share of the archive's time span?"""
        if not dates:
            return True
        first, last = (date.fromisoformat(d) for d in dates)
        start = max(first, date.fromisoformat(period(self.since)[0])) if self.since else first
        end = date.fromisoformat(period(self.until)[1]) if self.until else date.fromisoformat(period(last)[1])
        span = (date.fromisoformat(period(last)[1]) - first).days or 1
        return (end - start).days / span <= DATE_TERMS_MAX_SHARE

    def _date_term(self, dates: tuple[str, str] | None) -> str:
        first, last = dates or ("", "")
        start = period(self.since)[0] if self.since else first
        end = period(self.until)[1] if self.until else (period(last)[1] if last else "")
        if first and start < first:
            start = first
        if last and end > period(last)[1]:
            end = period(last)[1]
        covering = date_range_terms(date.fromisoformat(start), date.fromisoformat(end)) \
            if start and end and start < end else []
        return "facets : (" + " OR ".join(covering or [NO_DAY]) + ")"

    def all_sql(self, alias: str = "a",
                dates: tuple[str, str] | None = None) -> tuple[list[str], list[object]]:
        """Every filter as SQL (for listing without a query), the FTS terms via the index."""
        clauses, params = self.sql(alias, dates)
        terms = self.fts(dates)
        if terms:
            clauses.insert(0, f"{alias}.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.insert(0, " AND ".join(terms))
        return clauses, params


def period(value: str | date) -> tuple[str, str]:
    """The first day of a year, month or day, and the first day after it (ISO dates)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat(), date.fromordinal(value.toordinal() + 1).isoformat()
    match = DATE_PATTERN.match(value.strip())
    if not match or match.end() != len(value.strip()):
        raise QuerySyntaxError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            start = date(year, month, day)
            end = date.fromordinal(start.toordinal() + 1)
        elif month is not None:
            start = date(year, month, 1)
            end = date(year + month // 12, month % 12 + 1, 1)
        else:
            start, end = date(year, 1, 1), date(year + 1, 1, 1)
    except ValueError as exc:
        raise QuerySyntaxError(f"bad date {value!r}: {exc}") from exc
    return start.isoformat(), end.isoformat()
