"""Running headers and footers: the lines a print repeats in its margins on every page.

Candidates are the few lines nearest a page's top and bottom edge. One is running
when, with its digits masked, it recurs on most pages, or when it has a shape only
print margins have: a page number (``7``, ``3/12``, ``Page 3 of 12``), the browser's
print header (``11/22/26, 10:41 PM  Page title``) or its footer (``https://… 1/3``).

A browser print header and URL footer are also *evidence*: they show the file is a
whole web page printed with Ctrl+P (``PrintFrame.full_page``), which the reader then
hands to the web-page reader's main-content selection. The footer URL is the page's
URL; the header's date is when it was printed, never when the article was published.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tearsheet.readers.pdf.layout import Line, PageLines

EDGE_LINES = 2  # lines nearest each page edge that may be running header/footer
RECUR_SHARE = 0.5  # a margin line on at least this share of pages is running
MIN_PAGES_FOR_RECURRENCE = 2
FULL_PAGE_SHARE = 0.5  # share of pages with the browser's header or footer to call it a full-page print

PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–(]?\s*\d{1,4}\s*(?:(?:/|of|sur|von|de|из)\s*\d{1,4})?\s*[-–)]?$",
                         re.IGNORECASE)
# "… 2/5", "… 2 of 5" at the end of a margin line
PAGE_MARK = re.compile(r"(?:^|\s)(?:page\s*)?\d{1,4}\s*(?:/|of)\s*\d{1,4}$", re.IGNORECASE)
URL = re.compile(r"(?:https?|file)://\S+")
# The browser's print stamp: "11/22/26, 10:41 PM" (Chrome puts the page title after it).
PRINT_STAMP = re.compile(
    r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}),?\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)"
    r"(?:\s+(?P<title>.*))?$"
)
DIGITS = re.compile(r"\d+")
SAME_PLACE = 4.0  # pt: a running header/footer stands at the same height on every page


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintFrame:
    """What the running header and footer say about the print."""

    full_page: bool = False  # browser header/footer found: the whole web page was printed
    url: str | None = None  # the page URL from the footer
    url_prefix: str | None = None  # the footer URL's start when the browser cut it short ("…")
    printed: datetime | None = None  # the print date from the header (NOT the publication date)
    page_title: str | None = None  # the page title from the header (may be cut short)


@dataclass(frozen=True, slots=True, kw_only=True)
class Stripped:
    pages: tuple[PageLines, ...]
    frame: PrintFrame
    removed: int  # lines removed as running header/footer


def strip_running(pages: Sequence[PageLines]) -> Stripped:
    """Remove running header/footer lines from every page and read the print frame."""
    recurring = _recurring_keys(pages) if len(pages) >= MIN_PAGES_FOR_RECURRENCE else set()
    kept_pages: list[PageLines] = []
    stamps: list[re.Match[str]] = []
    urls: list[str] = []
    removed = 0
    for page in pages:
        edges = _edge_lines(page.lines)
        kept: list[Line] = []
        for line in page.lines:
            if id(line) in edges and _running(line, recurring, stamps, urls):
                removed += 1
            else:
                kept.append(line)
        kept_pages.append(replace(page, lines=tuple(kept)))
    return Stripped(pages=tuple(kept_pages), frame=_frame(len(pages), stamps, urls), removed=removed)


def _edge_lines(lines: Sequence[Line]) -> set[int]:
    ordered = sorted(lines, key=lambda line: -line.baseline)
    return {id(line) for line in ordered[:EDGE_LINES] + ordered[-EDGE_LINES:]}


def _key(line: Line) -> str:
    """The line's text with digits masked (page numbers, dates) and where it sits on the page."""
    text = DIGITS.sub("#", " ".join(line.text.lower().split()))
    return f"{round(line.baseline / SAME_PLACE)}|{text}"


def _recurring_keys(pages: Sequence[PageLines]) -> set[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        edges = _edge_lines(page.lines)
        counts.update({_key(line) for line in page.lines if id(line) in edges})
    needed = max(MIN_PAGES_FOR_RECURRENCE, RECUR_SHARE * len(pages))
    return {key for key, count in counts.items() if count >= needed}


def _running(line: Line, recurring: set[str], stamps: list[re.Match[str]], urls: list[str]) -> bool:
    """Is this margin line a running header/footer? Note the print stamp and URL it shows."""
    text = " ".join(line.text.split())
    if stamp := PRINT_STAMP.search(text):
        stamps.append(stamp)
        urls.extend(URL.findall(text))
        return True
    url = URL.search(text)
    if url and (PAGE_MARK.search(text) or _key(line) in recurring):
        urls.append(url.group().rstrip(".,;)"))
        return True
    return bool(PAGE_NUMBER.match(text)) or _key(line) in recurring


def _frame(page_count: int, stamps: list[re.Match[str]], urls: list[str]) -> PrintFrame:
    evidence = max(len(stamps), len(urls))
    if not page_count or evidence < FULL_PAGE_SHARE * page_count:
        return PrintFrame()
    url = urls[0] if urls else None
    if url and url.lower().startswith("file:"):
        url = None  # a saved copy printed from disk: the footer names the file, not the page
    prefix = None
    if url and (cut := _cut(url)) is not None:
        url, prefix = None, cut  # the browser cut a long URL short: only its start is known
    stamp = stamps[0] if stamps else None
    title = (stamp.group("title") or None) if stamp and stamp.start() == 0 else None
    if title and URL.search(title):
        title = None  # a stamp line that holds the URL, not the page title
    return PrintFrame(full_page=True, url=url, url_prefix=prefix,
                      printed=_print_date(stamp) if stamp else None,
                      page_title=title if title is None or _cut(title) is None else _cut(title))


def _cut(text: str) -> str | None:
    """The text before an ellipsis the browser put where it cut a long header or footer."""
    for mark in ("…", "..."):
        if text.endswith(mark):
            return text[: -len(mark)]
    return None


def _print_date(header: re.Match[str]) -> datetime | None:
    for pattern in ("%m/%d/%y", "%m/%d/%Y", "%d.%m.%y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(header.group("date"), pattern)
        except ValueError:
            continue
    return None
