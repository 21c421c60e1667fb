"""Dates a page states: machine-readable values, printed datelines and the URL.

Parsing is strict on purpose: a value that is not clearly a date is no date. A
value with a zone gives an aware ``datetime``; one without gives a naive one.

The *local* rendering matters for the publication date a reader sees: many pages
state the instant in UTC in their metadata ("2019-11-20T02:59:46Z") while the page
prints the local date ("November 19, 2019 at 8:59 pm"). ``localize`` finds another
rendering of the same instant with a local offset and returns the instant in that
offset, so the date part is the publisher's own calendar date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

MIN_YEAR = 1990  # earlier "dates" are placeholders ("0001-01-01") or archive ids
MAX_FUTURE = timedelta(days=2)  # a later date is a placeholder or an event date, not publication
SAME_INSTANT = timedelta(seconds=90)  # two renderings of one instant (datelines drop seconds)
OFFSET_STEP = timedelta(minutes=15)  # every real UTC offset is a multiple of 15 minutes
MAX_OFFSET = timedelta(hours=14)
MAX_DATELINE_CHARS = 160  # a longer text is a paragraph that happens to hold a date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Zone abbreviations printed in datelines (US zones are the common case on English news pages).
ZONE_ABBREVIATIONS = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "msk": 3,
    "ist": 5.5, "hkt": 8, "sgt": 8, "jst": 9, "kst": 9, "aest": 10, "aedt": 11,
    "est": -5, "edt": -4, "et": -5, "cst": -6, "cdt": -5, "ct": -6, "mst": -7, "mdt": -6, "mt": -7,
    "pst": -8, "pdt": -7, "pt": -8, "akst": -9, "hst": -10,
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_PREFIX = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?")
_ISO_ZONE = re.compile(r"^\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*(?:\((?:UTC|GMT)\))?\s*$", re.IGNORECASE)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?\s*$")
_MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_MDY = re.compile(_MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH_NAME + r",?\s+(\d{4})", re.IGNORECASE)
_NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4})\s?[-./년年]\s?(\d{1,2})\s?[-./월月]\s?(\d{1,2})(?!\d)")
_NUMERIC_DMY = re.compile(r"(?<!\d)(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)")
_CLOCK = re.compile(
    r"(?<!\d)(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*\(?([A-Za-z]{1,5})\)?(?![a-z]))?",
    re.IGNORECASE,
)
_TEXT_ZONE_OFFSET = re.compile(r"(?:GMT|UTC)\s*([+-]\d{2}):?(\d{2})")
_URL_DATE = re.compile(
    r"[/_-]((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/\-_.]|$)"
)


def parse_machine(value: str | None, now: datetime | None = None) -> datetime | None:
    """A machine-readable date (meta content, JSON-LD, ``<time datetime>``), or None."""
    if not value:
        return None
    value = value.strip()
    parsed = _parse_iso(value) or _parse_compact(value) or parse_printed(value)
    return parsed if parsed is not None and _plausible(parsed, now) else None


def _parse_iso(value: str) -> datetime | None:
    head = _ISO_PREFIX.match(value)
    if head is None:
        return None
    rest = value[head.end():]
    if not _ISO_ZONE.match(rest):
        return None
    zone = rest.strip().split("(")[0].strip().upper()
    if zone in ("UTC", "GMT"):
        zone = "+00:00"
    try:
        parsed = datetime.fromisoformat(head.group(0).strip().replace(" ", "T").replace(",", ".") + zone)
    except ValueError:
        return None
    return parsed


def _parse_compact(value: str) -> datetime | None:
    match = _COMPACT.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def parse_dateline(text: str, now: datetime | None = None, *, day_first: bool = False) -> datetime | None:
    """A printed date that could be a publication date (not before 1990, not in the future).
    ``day_first`` reads an ambiguous "05/10/2018" as 5 October (most of the world)."""
    parsed = parse_printed(text, day_first=day_first)
    return parsed if parsed is not None and _plausible(parsed, now) else None


def parse_printed(text: str, *, day_first: bool = False) -> datetime | None:
    """A date as printed for readers ("Published 11:11 PM EST Nov 19, 2019",
    "27/09/2018", "2018-09-28 17:32", "Tue Nov 19 21:57:01 UTC 2019"), or None."""
    found = _printed_date(text, day_first)
    if found is None:
        return None
    day, rest = found
    clock = _CLOCK.search(rest) or _CLOCK.search(text)
    if clock is None:
        return datetime(day.year, day.month, day.day)
    return _with_clock(day, clock, text)


def _printed_date(text: str, day_first: bool) -> tuple[date, str] | None:
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy"), (_NUMERIC_YMD, "ymd"), (_NUMERIC_DMY, "num")):
        match = pattern.search(text)
        if match is None:
            continue
        day = _date_from(match, order, day_first)
        if day is not None:
            return day, text[: match.start()] + " " + text[match.end():]
    return _weekday_year_last(text)


def _date_from(match: re.Match[str], order: str, day_first: bool) -> date | None:
    groups = match.groups()
    try:
        if order == "mdy":
            return date(int(groups[2]), _MONTHS[groups[0][:3].lower()], int(groups[1]))
        if order == "dmy":
            return date(int(groups[2]), _MONTHS[groups[1][:3].lower()], int(groups[0]))
        if order == "ymd":
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        first, _, second, year = groups
        # 27/09/2018 can only be day-first; dotted dates (19.11.2019) always are.
        dmy = int(first) > 12 or match.group(2) == "." or (day_first and int(second) <= 12)
        day_num, month = (int(first), int(second)) if dmy else (int(second), int(first))
        return date(int(year), month, day_num)
    except (ValueError, KeyError):
        return None


_WEEKDAY_YEAR_LAST = re.compile(
    r"[a-z]{3}\s+" + _MONTH_NAME + r"\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+([A-Za-z]{1,5})\s+(\d{4})",
    re.IGNORECASE,
)


def _weekday_year_last(text: str) -> tuple[date, str] | None:
    """``date``'s own format: "Tue Nov 19 21:57:01 UTC 2019"."""
    match = _WEEKDAY_YEAR_LAST.search(text)
    if match is None:
        return None
    try:
        day = date(int(match.group(7)), _MONTHS[match.group(1)[:3].lower()], int(match.group(2)))
    except (ValueError, KeyError):
        return None
    return day, f"{match.group(3)}:{match.group(4)}:{match.group(5)} {match.group(6)}"


def _with_clock(day: date, clock: re.Match[str], text: str) -> datetime:
    hour, minute = int(clock.group(1)), int(clock.group(2))
    second = int(clock.group(3) or 0)
    meridian = (clock.group(4) or "").replace(".", "").lower()
    if meridian == "pm" and hour < 12:
        hour += 12
    elif meridian == "am" and hour == 12:
        hour = 0
    try:
        naive = datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        return datetime(day.year, day.month, day.day)
    offset = _zone_offset(clock.group(5), text)
    return naive if offset is None else naive.replace(tzinfo=timezone(offset))


def _zone_offset(abbreviation: str | None, text: str) -> timedelta | None:
    explicit = _TEXT_ZONE_OFFSET.search(text)
    if explicit:
        sign = -1 if explicit.group(1).startswith("-") else 1
        return sign * timedelta(hours=abs(int(explicit.group(1))), minutes=int(explicit.group(2)))
    if abbreviation and abbreviation.lower() in ZONE_ABBREVIATIONS:
        return timedelta(hours=ZONE_ABBREVIATIONS[abbreviation.lower()])
    return None


def url_date(url: str | None) -> date | None:
    """The date a URL path spells (/2019/11/19/, /2019-11-19/, /20191119/), or None."""
    if not url:
        return None
    match = _URL_DATE.search(url.split("?", 1)[0])
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _plausible(value: datetime, now: datetime | None) -> bool:
    if value.year < MIN_YEAR:
        return False
    reference = now or datetime.now(UTC)
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware <= reference + MAX_FUTURE


def same_instant_offset(value: datetime, other: datetime) -> timedelta | None:
    """The UTC offset under which ``other`` renders the same instant as aware ``value``
    (None when ``other`` is another instant, or the same rendering)."""
    if value.tzinfo is None:
        return None
    if other.tzinfo is not None:
        if abs(other - value) > SAME_INSTANT:
            return None
        offset = other.utcoffset()
        return offset if offset != value.utcoffset() else None
    delta = other - value.astimezone(UTC).replace(tzinfo=None)
    steps = round(delta / OFFSET_STEP)
    offset = steps * OFFSET_STEP
    if not steps or abs(offset) > MAX_OFFSET or abs(delta - offset) > SAME_INSTANT:
        return None
    return offset if offset != value.utcoffset() else None


def localize(value: datetime, renderings: list[datetime]) -> datetime:
    """``value`` in the local offset of another rendering of the same instant, if any."""
    for other in renderings:
        offset = same_instant_offset(value, other)
        if offset is not None:
            return value.astimezone(timezone(offset))
    return value


def give_zone(value: datetime, renderings: list[datetime]) -> datetime:
    """A naive ``value`` made aware when an aware rendering of the same wall time exists."""
    if value.tzinfo is not None:
        return value
    for other in renderings:
        if other.tzinfo is not None and abs(other.replace(tzinfo=None) - value) <= SAME_INSTANT:
            return value.replace(tzinfo=other.tzinfo)
    return value


def is_dateline_text(text: str) -> bool:
    return 6 <= len(text) <= MAX_DATELINE_CHARS
