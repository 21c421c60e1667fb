"""A text dump's pages: the text lines of each print page and the URL list the server put after it.

A PDF extraction server writes, for every page, the page's text, a blank line, the URI of
every link annotation on the page (one per line), then two blank lines. A page with no
links therefore ends in a run of blank lines. A capture cut at a length limit ends inside
a text line, with no page-end blank line after it and the last page's URL list lost.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from tearsheet.readers.common.prose import is_url_line

# A line that is nothing but a URL. Only schemes that link annotations use, so a line
# such as "Note:x" is never taken for one.
PAGE_BREAK_BLANKS = 2  # blank lines that end a page with no links (a paragraph gap is one)
PAGE_END_NEWLINES = 2  # a complete page is followed by at least a blank line
MIN_PAGES_FOR_RUNNING = 3  # a running header shows only when it repeats on several pages
RUNNING_SHARE = 0.6  # … on at least this share of them (the first page may lack it)
EDGE_LINES = 2  # running headers and footers are within the first/last two text lines
# A line that is only a page number: "3", "3/7", "Page 3 of 7", "- 3 -".
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    number: int  # 1-based
    lines: tuple[str, ...]  # text lines as the dump has them (blank lines kept, URL list removed)
    # The page's link URLs in annotation order, a wrapped link's two listings as one (a third
    # listing in a row is another link to the same URL).
    urls: tuple[str, ...]
    wrapped: tuple[bool, ...] = ()  # parallel to ``urls``: listed more than once in a row (a wrapped link)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dump:
    pages: tuple[Page, ...]
    cut: bool  # the text stops inside a line: no page end after the last text line


def split_pages(text: str) -> Dump:
    """Split a dump (newlines already normalised to ``\\n``) into pages."""
    # A form feed is the page break of pdftotext-style dumps.
    lines = text.replace("\f", "\n" * (PAGE_BREAK_BLANKS + 2)).split("\n")
    pages: list[Page] = []
    current: list[str] = []
    i = 0
    while i < len(lines):
        if _is_blank(lines[i]) and _url_block_follows(lines, i):
            urls, wrapped, i = _read_urls(lines, i + 1)
            pages.append(_page(len(pages) + 1, current, urls, wrapped))
            current = []
            continue
        if _is_blank(lines[i]) and _blank_run(lines, i) > PAGE_BREAK_BLANKS and current:
            pages.append(_page(len(pages) + 1, current, []))
            current = []
            i += _blank_run(lines, i)
            continue
        current.append(lines[i])
        i += 1
    cut = _ends_cut(text)
    if any(not _is_blank(line) for line in current):
        pages.append(_page(len(pages) + 1, current, []))
    return Dump(pages=tuple(drop_running_lines([p for p in pages if p.lines or p.urls])), cut=cut)


def drop_running_lines(pages: list[Page]) -> list[Page]:
    """Remove page numbers and running headers/footers (the same line atop or under most pages).

    Clean prints have none; a print made with the browser's header and footer on repeats
    the date, title, URL and "n/m" on every page, and they must not end up in paragraphs.
    """
    if len(pages) < MIN_PAGES_FOR_RUNNING:
        return [_without(page, lambda line, _edge: _PAGE_NUMBER.fullmatch(line.strip()) is not None)
                for page in pages]
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        for edge, line in _edges(page):
            counts[(edge, _shape(line))] += 1
    running = {key for key, count in counts.items() if count >= RUNNING_SHARE * len(pages)}

    def is_running(line: str, edge: str) -> bool:
        return (edge, _shape(line)) in running or _PAGE_NUMBER.fullmatch(line.strip()) is not None

    return [_without(page, is_running) for page in pages]


def _edges(page: Page) -> list[tuple[str, str]]:
    text = [line for line in page.lines if line.strip()]
    return [("top", line) for line in text[:EDGE_LINES]] + [("bottom", line) for line in text[-EDGE_LINES:]]


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _without(page: Page, running: Callable[[str, str], bool]) -> Page:
    lines = list(page.lines)
    text_rows = [i for i, line in enumerate(lines) if line.strip()]
    drop: set[int] = set()
    for edge, rows in (("top", text_rows[:EDGE_LINES]), ("bottom", text_rows[::-1][:EDGE_LINES])):
        for i in rows:  # from the page edge inwards, up to the first line that is not running
            if not running(lines[i], edge):
                break
            drop.add(i)
    if not drop:
        return page
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return Page(number=page.number, lines=tuple(_page(page.number, kept, []).lines), urls=page.urls,
                wrapped=page.wrapped)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _blank_run(lines: list[str], i: int) -> int:
    j = i
    while j < len(lines) and _is_blank(lines[j]):
        j += 1
    return j - i


def _url_block_follows(lines: list[str], i: int) -> bool:
    """A blank line, then URL-only lines, then a blank line or the end of the dump."""
    j = i + 1
    while j < len(lines) and is_url_line(lines[j]):
        j += 1
    return j > i + 1 and (j == len(lines) or _is_blank(lines[j]))


def _read_urls(lines: list[str], i: int) -> tuple[list[str], list[bool], int]:
    urls: list[str] = []
    wrapped: list[bool] = []
    while i < len(lines) and is_url_line(lines[i]):
        url = lines[i].strip()
        if urls and urls[-1] == url and not wrapped[-1]:  # a link wrapped over two lines is listed twice
            wrapped[-1] = True
        else:
            urls.append(url)
            wrapped.append(False)
        i += 1
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    return urls, wrapped, i


def _page(number: int, lines: list[str], urls: list[str], wrapped: list[bool] | None = None) -> Page:
    while lines and _is_blank(lines[-1]):
        lines = lines[:-1]
    while lines and _is_blank(lines[0]):
        lines = lines[1:]
    flags = tuple(wrapped or [False] * len(urls))
    return Page(number=number, lines=tuple(lines), urls=tuple(urls), wrapped=flags)


def _ends_cut(text: str) -> bool:
    """No blank line after the last text line: the capture stopped mid-page.

    A dump that ends on its URL list is complete: the server writes the list last.
    """
    stripped = text.rstrip(" \t\n\r\f\v")
    if not stripped or is_url_line(stripped.rsplit("\n", 1)[-1]):
        return False
    return text[len(stripped):].count("\n") < PAGE_END_NEWLINES
