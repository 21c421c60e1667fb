"""When the article was first published, and last modified.

The cascade, first hit wins:

1. the JSON-LD article's ``datePublished`` (``dateCreated`` if absent);
2. publication meta tags (``article:published_time``, ``datePublished``, ``dc.date`` …);
3. ``<time>`` elements and ``itemprop=datePublished`` in the body, skipping ones
   marked as updates;
4. printed datelines in byline/date elements ("Published 11:11 PM EST Nov 19, 2019"),
   publication lines ("Published …", "By X on …") before others;
5. htmldate's quick search (no full-text scan) — a few milliseconds, so only here;
6. the date in the URL path — last, because URLs can carry a wrong or unrelated date.

Then the local calendar date: a UTC value is expressed in the local offset of
another displayed rendering of the same instant (``<time datetime>``). When the URL
spells the day before or after the UTC date, the publisher's calendar disagrees
with UTC: a printed dateline of the same instant gives the offset, or else an
offset the page states elsewhere (its update time) that puts the instant on the
URL's day. A URL date far from the stated date is ignored (the dates-in-URL trap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from htmldate import find_date
from selectolax.lexbor import LexborHTMLParser

from tearsheet.readers.html.body import class_of
from tearsheet.readers.html.metadata.dates import (
    give_zone,
    is_dateline_text,
    localize,
    parse_dateline,
    parse_machine,
    url_date,
)
from tearsheet.readers.html.metadata.sources import (
    ARTICLE_TYPES,
    DATELINE_SELECTOR,
    PAGE_TYPES,
    Sources,
    ld_text,
)

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "article:published",
    "datepublished", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
    "citation_publication_date", "citation_date", "publishdate", "publish-date", "publish_date",
    "pubdate", "og:pubdate", "parsely-pub-date", "sailthru.date", "analyticsattributes.articledate",
    "article.published", "originalpublicationdate", "datecreated", "dc.date", "dcterms.date", "date",
    "displaydate", "rnews:datepublished", "published_time", "release_date",
)
MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "article:updated_time", "revision_date",
)
UPDATE_WORDS = ("updat", "modif", "edited", "revised", "aktualisiert", "atualizad", "actualizad",
                "mis à jour", "更新")
MAX_TIME_NODES = 40  # datelines sit near the top; later <time>s are comments and related lists
# A dateline that says it is the publication line, or sits in the byline ("By X on <date>").
_PUBLICATION_LINE = re.compile(r"publi|posted|^\s*by\b|\bby\s")
# ... or whose element is named for publication (class="publish-date", itemprop="datePublished"),
# which outranks a bare date elsewhere on the page (a masthead's "today", a market ticker).
_PUBLICATION_NAME = re.compile(r"publi|posted")
URL_CALENDAR_SLACK = timedelta(days=1)  # a URL date this close is the same day in another zone


@dataclass(frozen=True, slots=True)
class Dates:
    published: datetime | None
    modified: datetime | None


def choose_dates(tree: LexborHTMLParser, sources: Sources, page_url: str | None, *,
                 day_first: bool = False) -> Dates:
    """Publication and modification dates; ``day_first`` for numeric printed dates."""
    displayed = _displayed_renderings(tree)
    machine = displayed + _meta_renderings(sources)
    published = _ld_date(sources, "datePublished") or _ld_date(sources, "dateCreated")
    published = published or _first_meta(sources, PUBLISHED_META) or _time_element(tree, day_first)
    url_day = url_date(sources.canonical or page_url) or url_date(page_url)
    printed: list[datetime] | None = None
    if published is None:
        printed = _printed_datelines(tree, day_first)
        published = printed[0] if printed else None
    if published is None:
        published = _htmldate(tree, page_url)
    if published is None and url_day is not None:
        published = datetime(url_day.year, url_day.month, url_day.day)
    learned_zone = None  # the zone a naive stated date turned out to be in
    if published is not None:
        zoned = give_zone(published, machine)
        learned_zone = zoned.tzinfo if published.tzinfo is None else None
        renderings = _Renderings(displayed, machine, printed, day_first)
        published = _local(zoned, renderings, url_day, tree)
    modified = _ld_date(sources, "dateModified") or _first_meta(sources, MODIFIED_META)
    if modified is not None and published is not None:
        modified = give_zone(modified, machine)
        if modified.tzinfo is None and learned_zone is not None:
            modified = modified.replace(tzinfo=learned_zone)  # naive siblings share one zone
        if modified.tzinfo is not None and published.tzinfo is not None:
            modified = modified.astimezone(published.tzinfo)  # both in the page's local offset
        if _comparable(modified) < _comparable(published):
            modified = None  # an "update" before publication is a template default
    return Dates(published=published, modified=modified)


@dataclass(frozen=True, slots=True)
class _Renderings:
    displayed: list[datetime]  # <time datetime> values
    machine: list[datetime]  # those and every meta date
    printed: list[datetime] | None  # printed datelines, when already read
    day_first: bool  # for reading printed datelines when not yet read


def _local(published: datetime, renderings: _Renderings, url_day: date | None,
           tree: LexborHTMLParser) -> datetime:
    """A UTC ``published`` in the page's local offset, as far as the page shows it."""
    if published.tzinfo is None or published.utcoffset():
        return published
    local = localize(published, renderings.displayed)
    if url_day is None or local.date() == url_day:
        return local
    if abs(local.date() - url_day) > URL_CALENDAR_SLACK:
        return local  # the URL's date is another day altogether: not this article's
    printed = renderings.printed
    if printed is None:
        printed = _printed_datelines(tree, renderings.day_first)
    candidate = localize(published, printed)
    if candidate.date() == url_day:
        return candidate
    # No rendering of this instant, but the page states its zone elsewhere (the update
    # time as "22:15:39-05:00"): the URL's calendar date confirms that zone.
    for offset in _page_offsets(renderings.machine):
        candidate = published.astimezone(timezone(offset))
        if candidate.date() == url_day:
            return candidate
    return local


def _page_offsets(values: list[datetime]) -> list[timedelta]:
    offsets: list[timedelta] = []
    for value in values:
        offset = value.utcoffset()
        if offset and offset not in offsets:
            offsets.append(offset)
    return offsets


def _comparable(value: datetime) -> datetime:
    return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone().replace(tzinfo=None)


def _ld_date(sources: Sources, field: str) -> datetime | None:
    for obj in sources.ld_of(ARTICLE_TYPES) + sources.ld_of(PAGE_TYPES):
        value = parse_machine(ld_text(obj.get(field)))
        if value is not None:
            return value
    return None


def _first_meta(sources: Sources, names: tuple[str, ...]) -> datetime | None:
    for name in names:
        for raw in sources.meta.get(name, ()):
            value = parse_machine(raw)
            if value is not None:
                return value
    return None


def _displayed_renderings(tree: LexborHTMLParser) -> list[datetime]:
    """The machine-readable dates of what the page displays: ``<time datetime>``.

    Only these set the local offset: meta values are often stamped by a feed or
    analytics tool in a zone other than the one the page prints."""
    nodes = tree.css("time[datetime]")[:MAX_TIME_NODES]
    values = [parse_machine(node.attributes.get("datetime")) for node in nodes]
    return [v for v in values if v is not None]


def _meta_renderings(sources: Sources) -> list[datetime]:
    raw_values = [raw for name in PUBLISHED_META + MODIFIED_META for raw in sources.meta.get(name, ())]
    values = [parse_machine(raw) for raw in raw_values]
    return [v for v in values if v is not None]


def _time_element(tree: LexborHTMLParser, day_first: bool) -> datetime | None:
    """The first ``<time>``/``itemprop=datePublished`` not marked as an update."""
    for node in tree.css('time, [itemprop="datePublished"]')[:MAX_TIME_NODES]:
        attrs = node.attributes
        text = node.text(strip=True) or ""
        marker = f"{attrs.get('class') or ''} {attrs.get('itemprop') or ''} {text}".lower()
        if "datepublished" not in marker and any(word in marker for word in UPDATE_WORDS):
            continue
        value = parse_machine(attrs.get("datetime") or attrs.get("content"))
        if value is None and node.tag == "time":
            text = node.text(separator=" ", strip=True) or ""
            value = parse_dateline(text, day_first=day_first) if is_dateline_text(text) else None
        if value is not None:
            return value
    return None


def _htmldate(tree: LexborHTMLParser, page_url: str | None) -> datetime | None:
    """Last resort before the URL: htmldate's quick search (no full-text scan; a few ms,
    so it only runs on the few pages that state no date in any structured way)."""
    try:
        found = find_date(tree.html or "", url=page_url, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a helper library's failure on odd markup is no date
        return None
    return parse_machine(found) if isinstance(found, str) else None


def _printed_datelines(tree: LexborHTMLParser, day_first: bool) -> list[datetime]:
    """Dates printed in byline/date elements, publication lines first, updates skipped."""
    found: list[tuple[int, datetime]] = []
    for node in tree.css(DATELINE_SELECTOR)[: MAX_TIME_NODES * 3]:
        text = node.text(separator=" ", strip=True) or ""
        if not is_dateline_text(text):
            continue
        lowered = text.lower()
        names = f"{class_of(node)} {node.attributes.get('itemprop') or ''}".lower()
        marker = f"{names} {lowered}"
        if any(word in marker for word in UPDATE_WORDS) and "publi" not in marker:
            continue
        value = parse_dateline(" ".join(text.split()), day_first=day_first)
        if value is not None:
            stated = _PUBLICATION_LINE.search(lowered) or _PUBLICATION_NAME.search(names)
            found.append((0 if stated else 1, value))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]
