"""Byline and date lines at the top of a text dump or a clip: ``By A and B``, ``Updated Nov. 19, 2019``.

Both readers of plain text (dumps and clips) meet the same header lines, so the rules
live here once. A line is taken as a byline or a date only when the WHOLE line is one:
a sentence that merely mentions a date or starts with "By" is body text.
"""

from __future__ import annotations

import re
from datetime import datetime

MAX_BYLINE_CHARS = 200  # a byline names a few people; longer "By …" lines are sentences
MAX_NAME_WORDS = 6  # "Текст Лида Буслаева", "Mary Ann de la Cruz": names stay short
MAX_DATE_LINE_CHARS = 80  # "Published Tuesday, November 19, 2019 at 10:30 a.m. ET" fits

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
_DATES = (
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"),  # November 19, 2019 / Nov. 19, 2019
    re.compile(rf"(?<!\w){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)"),  # 19 November 2019
    re.compile(r"(?<![\w-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),  # 2019-11-19
)
_CLOCK = re.compile(rf"(?<![\d:])(?<![A-SU-Za-su-z]){_TIME}Z?(?![\w:])", re.I)  # ISO "T10:30Z" too
# What may stand around the date on a date line: labels, weekdays, "at", time zones.
_DATE_LINE_WORDS = frozenset(
    "published updated posted modified date first last on at am pm a m p et est edt ct cst cdt mt mst mdt pt "  # noqa: SIM905
    "pst pdt gmt utc bst cet cest ist jst kst aest z t mon tue tues wed thu thur thurs fri sat sun monday "
    "tuesday wednesday thursday friday saturday sunday min mins minute minutes read".split()
)
# What separates a date from the rest of a page's date line ("… | UPDATED: …", "… / 10:07 AM /").
_DATE_PARTS = re.compile(r"\s+[|/•·]\s+|\s+[-–—]\s+|\s*\|\s*")


def date_line(line: str) -> datetime | None:
    """The date of a page's date line, whole or in parts: "Updated on: November 19, 2019 /
    10:07 AM", "PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: …", "5 min read February 6, 2026"."""
    found = parse_date(line)
    if found is not None:
        return found
    return next((d for part in _DATE_PARTS.split(line) if (d := parse_date(part)) is not None), None)
_BYLINE = re.compile(r"By\s+(?P<names>\S.*)", re.I | re.S)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)\s*", re.I)
# Sentence punctuation inside a "name" (initials such as "J. R." and "Jr." excepted).
_NOT_A_NAME = re.compile(r"(?<!\b[A-Z])\.\s|[!?;:\"“”]\s|[!?;\"“”]$|(?<!\b[A-Z])(?<!Jr)(?<!Sr)\.$|\d{3,}")
# A byline part with one of these words names a desk or an outlet, not a person
# ("Staff Writer", "The Associated Press"): it is left out of the authors.
ROLE_WORDS = frozenset(
    "writer reporter editor correspondent staff press news contributor columnist desk bureau "  # noqa: SIM905
    "service wire agency team newsroom editorial opinion business today undefined null none".split()
)
NAME_PARTICLES = frozenset("de da di del della der den van von la le du dos das bin ibn al el y of".split())  # noqa: SIM905


def parse_date(line: str) -> datetime | None:
    """The date (naive; midnight unless a time is given) of a line that is only a date."""
    text = " ".join(line.split())
    if not text or len(text) > MAX_DATE_LINE_CHARS:
        return None
    for pattern in _DATES:
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        rest = pattern.sub(" ", text)
        clock = _CLOCK.search(rest)
        rest = _CLOCK.sub(" ", rest)
        if any(word not in _DATE_LINE_WORDS for word in re.findall(r"[^\W\d_]+", rest.lower())):
            return None  # a sentence that mentions a date
        return _to_datetime(matches[0], clock)
    return None


def _to_datetime(match: re.Match[str], clock: re.Match[str] | None) -> datetime | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    if month is None:
        return None
    hour, minute = _clock(clock) if clock and len(_DATES[0].findall(match.string)) <= 1 else (0, 0)
    try:
        return datetime(int(match.group("year")), month, int(match.group("day")), hour, minute)
    except ValueError:
        return None


def _clock(match: re.Match[str]) -> tuple[int, int]:
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    ampm = (match.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return 0, 0
    return hour, minute


def byline_names(line: str) -> tuple[str, ...] | None:
    """The names of a ``By A, B and C`` line, or None when the line is not a byline; none
    (``()``) for a byline that names a desk only ("By Podium Staff"): still the byline."""
    text = " ".join(line.split())
    match = _BYLINE.fullmatch(text)
    if not match or len(text) > MAX_BYLINE_CHARS:
        return None
    # "By Jane Doe | Reuters": what follows a bar is the outlet.
    people = re.split(r"\s+[|/•·]\s+", match.group("names"))[0]
    parts = [part.strip() for part in _NAME_SPLIT.split(people) if part.strip()]
    names = tuple(part for part in parts if not ROLE_WORDS & set(part.lower().split()))
    if not all(_is_name(part) for part in parts if part in names or not names):
        return None
    return names if names or parts else None


def author_names(value: str) -> tuple[str, ...]:
    """The people a metadata author field names ("A and B", "by A", "A, B"), desks and
    outlets left out, and nothing for a value that names no person ("undefined", a handle)."""
    text = re.sub(r"^\s*by\s+", "", " ".join(value.split()), flags=re.I)
    parts = [part.strip() for part in _NAME_SPLIT.split(text) if part.strip()]
    return tuple(part for part in parts if not ROLE_WORDS & set(part.lower().split()) and _is_name(part))


def _is_name(name: str) -> bool:
    words = name.split()
    if not 0 < len(words) <= MAX_NAME_WORDS or _NOT_A_NAME.search(name):
        return False
    # Every word of a name is capitalised ("de", "van" … excepted); scripts without
    # case (CJK) pass as they are.
    return all(w[0].isupper() or not w[0].islower() or w.lower() in NAME_PARTICLES for w in words) \
        and any(c.isalpha() for c in name)
