"""The head of a print: title (largest type near the top), byline ("By …") and date line.

The title is the paragraph in the largest font among the first ones of the print,
when it is clearly larger than the body type. Byline and date are short lines just
below it (or at the very top when there is no title), read line by line because a
print often sets them close together, as one visual paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tearsheet.models import Author
from tearsheet.readers.pdf.join import Vocabulary, join_lines
from tearsheet.readers.pdf.paragraphs import Paragraph

TITLE_SCALE = 1.2  # the title's font is at least this many times the body font
HEAD_PARAGRAPHS = 8  # the title is among the first paragraphs of the print
HINTED_PARAGRAPHS = 80  # a heading that the print header's page title names may stand below menus
TITLE_HINT_CHARS = 30  # enough of a heading to recognise it in a page title the browser cut short
META_LINES = 6  # byline and date are among the lines right after the title
MAX_META_CHARS = 120  # a byline or date line is short
# "By" in the languages news sites most often print it in; a byline word is followed by a name.
BYLINE = re.compile(r"^(?:(?:posted|written|reported|story|words|text)\s+)?"
                    r"(?:by|por|par|von|di|door|av|af|przez|от|автор:?)\s+(?P<names>\S.*)$", re.IGNORECASE)
# A byline piece naming a desk, a title or an outlet ("CNN Business", "Staff Writer"), not a person.
DESK_WORDS = frozenset({"staff", "writer", "writers", "reporter", "correspondent", "editor", "editors",
                        "columnist", "contributor", "news", "business", "press", "desk", "bureau", "wire",
                        "agency", "team"})
AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b)\s*", re.IGNORECASE)
AUTHOR_TAIL = re.compile(r"\s*(?:[|·•–—-]|\bupdated\b|\bpublished\b).*$", re.IGNORECASE)
DATE_LABEL = re.compile(r"^(?:(?:last\s+)?updated|published|posted|date|on)\s*:?\s*", re.IGNORECASE)
MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
DATE_FORMS = (
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"^(?P<year>\d{4})-(?P<nmonth>\d{2})-(?P<day>\d{2})\b"),
    # 27/09/2018 or 11/19/2019: read only when one number is over 12 and so must be the day.
    re.compile(r"^(?P<first>\d{1,2})[./](?P<second>\d{1,2})[./](?P<year>\d{4})\b"),
)
SEARCH_FORMS = tuple(re.compile(form.pattern.lstrip("^").replace("(?P<month>", r"\b(?P<month>", 1),
                                re.IGNORECASE) for form in DATE_FORMS)
DATE_WORD = re.compile(r"\b(?:published|updated|posted|date)\b", re.IGNORECASE)
MAX_MONTH = 12
WEEKDAY_ONLY = re.compile(r"^\W*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\W*$", re.IGNORECASE)
MAX_DATELINE_CHARS = 90  # a dateline is short; a sentence that mentions a date is not one
TIME_TAIL = re.compile(r"^(?:,|\bat\b|\s)*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*$",
                       re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Head:
    title: str | None = None
    authors: tuple[Author, ...] = ()
    published: datetime | None = None
    body: tuple[Paragraph, ...] = field(default=())  # the paragraphs left for the body


def body_size(paragraphs: Sequence[Paragraph]) -> float:
    """The font size most of the text is set in."""
    weights: dict[float, int] = {}
    for paragraph in paragraphs:
        key = round(paragraph.size, 1)
        weights[key] = weights.get(key, 0) + paragraph.chars
    return max(weights, key=lambda size: weights[size]) if weights else 0.0


def read_head(paragraphs: Sequence[Paragraph], title_hint: str | None = None) -> Head:
    """Take the title, byline and date off the top of the paragraphs."""
    base = body_size(paragraphs)
    title_at = _title_index(paragraphs, base, title_hint)
    vocabulary = Vocabulary.of(line.text for paragraph in paragraphs for line in paragraph.lines)
    title = join_lines(paragraphs[title_at].lines, vocabulary).text if title_at is not None else None
    start = 0 if title_at is None else title_at + 1
    authors: tuple[Author, ...] = ()
    published: datetime | None = None
    consumed: dict[int, int] = {}  # paragraph index → lines taken from its top
    seen = 0
    for index in range(start, len(paragraphs)):
        paragraph = paragraphs[index]
        taken = 0
        for line in paragraph.lines:
            seen += 1
            if seen > META_LINES or len(line.text) > MAX_META_CHARS:
                break
            if not authors and (names := byline_authors(line.text)):
                authors = names
            elif published is None and (date := parse_date_line(line.text)):
                published = date
            else:
                break
            taken += 1
        if taken:
            consumed[index] = taken
        if taken < len(paragraph.lines):
            break
    body = _rest(paragraphs, title_at, consumed)
    return Head(title=title, authors=authors, published=published, body=body)


def _title_index(paragraphs: Sequence[Paragraph], base: float, hint: str | None) -> int | None:
    head = list(enumerate(paragraphs[:HEAD_PARAGRAPHS]))
    if hint:
        wanted = _plain(hint)
        for index, paragraph in enumerate(paragraphs[:HINTED_PARAGRAPHS]):
            text = _plain(" ".join(line.text for line in paragraph.lines))
            if paragraph.size >= base * TITLE_SCALE and text and text[:TITLE_HINT_CHARS] in wanted:
                return index
    candidates = [(index, p) for index, p in head if p.size >= base * TITLE_SCALE]
    if not candidates:
        return None
    return max(candidates, key=lambda item: (item[1].size, -item[0]))[0]


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _rest(paragraphs: Sequence[Paragraph], title_at: int | None,
          consumed: dict[int, int]) -> tuple[Paragraph, ...]:
    rest: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        if index == title_at:
            continue
        lines = paragraph.lines[consumed.get(index, 0):]
        if lines:
            rest.append(Paragraph(lines=lines))
    return tuple(rest)


def byline_authors(text: str) -> tuple[Author, ...]:
    """``By A, B and C`` → authors; () when the line is not a byline."""
    match = BYLINE.match(text.strip())
    if not match:
        return ()
    names = AUTHOR_TAIL.sub("", match.group("names"))
    pieces = [_name_case(name.strip(" .")) for name in AUTHOR_SPLIT.split(names) if name.strip(" .")]
    found = [name for name in pieces if not DESK_WORDS.intersection(name.lower().split())]
    if not found or any(len(name.split()) > 5 or not name[:1].isupper() for name in found):
        return ()
    return tuple(Author(name=name) for name in found)


def find_date(text: str) -> datetime | None:
    """A date inside a short dateline ("Published 11:11 PM EST Nov 19, 2019", "PUBLISHED: …").

    What stands before the date must say it is a dateline: a label ("Published"), only
    a weekday ("Mon 18 Nov 2019"), or a byline ("By A on Monday, November 18th, 2019").
    """
    if len(text) > MAX_DATELINE_CHARS:
        return None
    for form in SEARCH_FORMS:
        match = form.search(text)
        if match and (_dateline_lead(text[:match.start()]) or BYLINE.match(text.strip())):
            return _date(match)
    return None


def _dateline_lead(before: str) -> bool:
    return not before.strip() or bool(DATE_WORD.search(before)) or bool(WEEKDAY_ONLY.match(before))


def find_byline(texts: Sequence[str]) -> tuple[Author, ...]:
    """The first byline among short lines."""
    for text in texts:
        if len(text) <= MAX_META_CHARS and (authors := byline_authors(text)):
            return authors
    return ()


def _name_case(name: str) -> str:
    """A byline set in capitals ("BILL HOPPE") is the name in title case."""
    return name.title() if name.isupper() and len(name) > 3 else name


def parse_date_line(text: str) -> datetime | None:
    """A line that is a date (optionally labelled "Updated"/"Published", with a time) → date."""
    rest = DATE_LABEL.sub("", text.strip())
    for form in DATE_FORMS:
        match = form.match(rest)
        if match and TIME_TAIL.match(rest[match.end():]):
            return _date(match)
    return None


def _date(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    if parts.get("first"):
        first, second = int(parts["first"]), int(parts["second"])
        if (first > MAX_MONTH) == (second > MAX_MONTH):
            return None  # 05/06/2019: day-month or month-day, the line does not say
        day, month = (first, second) if first > MAX_MONTH else (second, first)
    else:
        day = int(parts["day"])
        name = (parts.get("month") or "").lower()
        month = int(parts["nmonth"]) if parts.get("nmonth") else MONTHS.get(name, 0)
    try:
        return datetime(int(parts["year"]), month, day) if month else None
    except ValueError:
        return None
