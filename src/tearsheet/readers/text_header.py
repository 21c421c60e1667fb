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
_LABEL = r"(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|date)(?:\s+on)?\s*:?\s*)?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = (r"(?:\s*(?:,|at|-|·|\|)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
         r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,5})?)?")
_DATE_FORMS = (
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # November 19, 2019 / Nov. 19, 2019
    rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",  # 19 November 2019
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})",  # 2019-11-19
)
_DATE_LINES = tuple(re.compile(rf"{_LABEL}{_WEEKDAY}{form}{_TIME}\.?", re.I) for form in _DATE_FORMS)
_BYLINE = re.compile(r"By\s+(?P<names>\S.*)", re.I | re.S)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)\s*")
_NOT_A_NAME = re.compile(r"[.!?;:\"“”]\s|[!?;\"“”]$|\d{3,}")


def parse_date(line: str) -> datetime | None:
    """The date (naive; midnight unless a time is given) of a line that is only a date."""
    text = " ".join(line.split())
    if not text or len(text) > MAX_DATE_LINE_CHARS:
        return None
    for pattern in _DATE_LINES:
        match = pattern.fullmatch(text)
        if match:
            return _to_datetime(match)
    return None


def _to_datetime(match: re.Match[str]) -> datetime | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    if month is None:
        return None
    hour, minute = _clock(match)
    try:
        return datetime(int(match.group("year")), month, int(match.group("day")), hour, minute)
    except ValueError:
        return None


def _clock(match: re.Match[str]) -> tuple[int, int]:
    if not match.group("hour"):
        return 0, 0
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
    """The names of a ``By A, B and C`` line, or None when the line is not a byline."""
    text = " ".join(line.split())
    match = _BYLINE.fullmatch(text)
    if not match or len(text) > MAX_BYLINE_CHARS:
        return None
    names = tuple(name.strip() for name in _NAME_SPLIT.split(match.group("names")) if name.strip())
    if not names or not all(_is_name(name) for name in names):
        return None
    return names


def _is_name(name: str) -> bool:
    words = name.split()
    if not 0 < len(words) <= MAX_NAME_WORDS or _NOT_A_NAME.search(name):
        return False
    return any(c.isalpha() for c in name)
