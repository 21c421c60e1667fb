"""Filters shared by search, list and export: site, author, date range, language → SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from tearsheet.errors import QuerySyntaxError

DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFilter:
    """Which articles to consider. Strings are matched loosely: ``site`` is a site name
    or a domain (``example.com`` also matches ``news.example.com``), ``author`` a part of
    a name, ``lang`` a language code (``en`` matches ``en-GB``); ``since`` and ``until``
    are inclusive and may be a year, a month or a day (``2024``, ``2024-03``)."""

    site: str | None = None
    author: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    lang: str | None = None

    def sql(self, alias: str = "a") -> tuple[list[str], list[object]]:
        """WHERE clauses (to be AND-ed) and their parameters."""
        clauses: list[str] = []
        params: list[object] = []
        if self.site:
            site = self.site.strip().lower().removeprefix("www.")
            clauses.append(f"({alias}.site = ? COLLATE NOCASE OR {alias}.host = ? OR {alias}.host LIKE ?)")
            params += [self.site.strip(), site, f"%.{site}"]
        if self.author:
            clauses.append(f"{alias}.authors LIKE ?")
            params.append(f"%{self.author.strip()}%")
        if self.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(period(self.since)[0])
        if self.until:
            clauses.append(f"{alias}.date < ?")
            params.append(period(self.until)[1])
        if self.lang:
            clauses.append(f"({alias}.language = ? COLLATE NOCASE OR {alias}.language LIKE ?)")
            params += [self.lang.strip(), f"{self.lang.strip()}-%"]
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
