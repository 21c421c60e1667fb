"""Facet tokens: the site and language filters, indexed in FTS5 beside the text.

A filtered search ("budget" on one site of three hundred) must not walk every match
of a common word and look each article up to test its site: that costs a second
per query on 100,000 articles. Instead each article's ``facets`` column holds one
opaque token per value it can be filtered by — its host and every parent domain
(``news.example.com`` also files it under ``example.com``), its site name, its
language and language family, and its publication year, month and day (a date range
is the few year, month and day tokens that cover it) — and a filter becomes one more FTS5 term, which the
index intersects with the query as cheaply as any rare word. The column has weight
0 in bm25, so it never changes the ranking.

The index stems words (the porter tokenizer), and it stems this column too. Every token
ends in a digit, which the stemmer never changes (its rules all look at a final letter:
``-s``, ``-ed``, ``-y``, ``-e`` …), so no site or language token is ever cut into another.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

SITE_PREFIX = "s"  # token letters keep the namespaces apart: s… sites, l… languages,
LANGUAGE_PREFIX = "l"  # y… years, m… months, d… days of publication
MAX_DATE_TERMS = 120  # a date range is covered by whole years, months and days: at most this many
MIN_DOMAIN_LABELS = 2  # example.com yes, com no
STEM_GUARD = "0"  # ends every site and language token: the stemmer leaves a final digit alone


def site_token(value: str) -> str:
    """The token of a site name or domain, as written in a filter or an article."""
    normalised = value.strip().lower().removeprefix("www.").rstrip(".")
    digest = hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()
    return SITE_PREFIX + digest + STEM_GUARD


def language_token(code: str) -> str:
    return LANGUAGE_PREFIX + "".join(ch for ch in code.strip().lower() if ch.isalnum()) + STEM_GUARD


def day_tokens(day: date) -> list[str]:
    return [f"y{day:%Y}", f"m{day:%Y%m}", f"d{day:%Y%m%d}"]


def date_range_terms(start: date, end: date) -> list[str]:
    """The fewest year, month and day tokens that cover ``[start, end)``."""
    terms: list[str] = []
    cursor = start
    while cursor < end and len(terms) < MAX_DATE_TERMS:
        next_year = date(cursor.year + 1, 1, 1)
        next_month = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        if cursor.month == 1 and cursor.day == 1 and next_year <= end:
            terms.append(f"y{cursor:%Y}")
            cursor = next_year
        elif cursor.day == 1 and next_month <= end:
            terms.append(f"m{cursor:%Y%m}")
            cursor = next_month
        else:
            terms.append(f"d{cursor:%Y%m%d}")
            cursor += timedelta(days=1)
    return terms


def facets(site: str | None, host: str | None, language: str | None, day: str | None = None) -> str:
    """The ``facets`` column of an article: space-separated tokens (``day``: ISO date)."""
    tokens: list[str] = []
    if day:
        tokens += day_tokens(date.fromisoformat(day))
    if host:
        labels = host.lower().split(".")
        tokens += [site_token(".".join(labels[i:])) for i in range(len(labels) - MIN_DOMAIN_LABELS + 1)]
    if site:
        tokens.append(site_token(site))
    if language:
        tokens.append(language_token(language))
        family = language.split("-")[0]
        if family != language:
            tokens.append(language_token(family))
    return " ".join(dict.fromkeys(tokens))
