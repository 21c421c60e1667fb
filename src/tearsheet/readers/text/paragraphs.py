"""Hard-wrapped dump lines → paragraphs, and paragraphs that a page break split → one.

Rules, in the order they apply:

1. A blank line ends a paragraph. So does a line that starts with a space: extraction
   servers sometimes write a paragraph break as "line ending in a space, next line starting
   with a space" instead of a blank line.
2. Wrapped lines are joined with one space, except after a hyphen or dash glued to its word
   ("8-year-" + "old": the browser broke the line after a real hyphen, so the hyphen stays
   and no space is added) and between two CJK characters (no spaces in those scripts).
3. A line that ends a sentence, with room left for the next line's first word, ends its
   paragraph even without a blank line after it (pdftotext and pypdf write none); so do
   the byline and date lines of the page-1 header, which are lines of their own.
4. The last paragraph of a page and the first of the next are one paragraph when the first
   does not end a sentence and either its last line runs to the full text width (the page
   break, not the paragraph, ended it) or the next page goes on in lower case.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tearsheet.readers.text.header import byline_names, parse_date
from tearsheet.readers.text.pages import Page

FULL_LINE_SHARE = 0.7  # a line at least this share of the text width was filled by wrapping
WIDTH_PERCENTILE = 0.9  # the text width: this percentile of line lengths (robust to long URLs)
OUTLIER_LINE = 1.3  # a line this many times the median length is two printed lines glued
MIN_LINES_FOR_WIDTH = 5  # fewer lines than this: too few to know the width, trust punctuation
# How far back a line join looks for the word before the break. Longer "words" (URLs, text
# in scripts written without spaces) are never in the vocabulary, so this loses nothing,
# and it keeps joining linear: looking at the whole text so far made it quadratic.
MAX_WORD_CHARS = 100
# A line this far short of the text width, counting the next line's first word, was not
# filled by wrapping: its paragraph ended there (proportional fonts make full lines vary ~10 %).
FIT_SHARE = 1.0
AVERAGE_WORD = 6  # characters: what the next line's first word is assumed to take
BLANK_SHARE = 0.5  # this share of paragraph-end-looking lines followed by a blank: blanks mark paragraphs
HEADER_LINES = 8  # the page-1 header (title lines, byline, date) is within the first lines

# Syllables that end most Korean words (case particles, verb endings): a line that ends
# in one of them most likely broke at the space after the word.
KOREAN_WORD_ENDINGS = frozenset("가이는은을를의에도로고며다만게서와과면지런한던될할")

# Characters that close a sentence, possibly followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?…。！？:;]+[\"'”’»)\]」』]*$|^[\W_]+$")
_PUNCTUATION = ".,;:!?\"'“”‘’()[]«»"
_GLUED_DASH = re.compile(r"\S[-\u2010\u2011\u2013\u2014]$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    text: str
    page: int  # print page (1-based) where the paragraph starts
    last_page: int  # … and where it ends (later than ``page`` when a page break split it)
    last_line: str  # the paragraph's last line as printed (for the page-break rule)
    breaks: tuple[int, ...] = ()  # offsets in ``text`` where a printed line (or page) began
    page_breaks: tuple[int, ...] = ()  # … where a later page began


def paragraphs(pages: Sequence[Page]) -> list[Paragraph]:
    """The dump's paragraphs in reading order, page-split paragraphs joined."""
    width = text_width(pages)
    split_width = width if width is not None and not _blank_line_paragraphs(pages, width) else None
    vocabulary = Counter(word.strip(_PUNCTUATION).lower() for page in pages for line in page.lines
                         for word in line.split())
    result: list[Paragraph] = []
    for page in pages:
        page_paragraphs = _page_paragraphs(page, vocabulary, split_width)
        if result and page_paragraphs and continues(result[-1], page_paragraphs[0], width):
            first = page_paragraphs.pop(0)
            prev = result.pop()
            text, (join,) = _join([prev.text, first.text], vocabulary)
            breaks = (*prev.breaks, join, *(join + b for b in first.breaks))
            page_breaks = (*prev.page_breaks, join, *(join + b for b in first.page_breaks))
            result.append(Paragraph(text=text, page=prev.page, last_page=first.last_page,
                                    last_line=first.last_line, breaks=breaks, page_breaks=page_breaks))
        result.extend(page_paragraphs)
    return result


def text_width(pages: Sequence[Page]) -> int | None:
    """The width lines wrap at: the ``WIDTH_PERCENTILE`` line length, or, when short lines
    (a list, a spec sheet) crowd out the prose, that of the lines wrapped mid-sentence."""
    lengths = sorted(cells(line.strip()) for page in pages for line in page.lines if line.strip())
    if len(lengths) < MIN_LINES_FOR_WIDTH:
        return None
    wrapped = sorted(cells(line.strip()) for page in pages for line, after in zip(page.lines, page.lines[1:],
                                                                                 strict=False)
                     if line.strip() and after.strip()[:1].islower())
    general = _percentile_width(lengths)
    if len(wrapped) < MIN_LINES_FOR_WIDTH:
        return general
    return max(general, _percentile_width(wrapped))


def _percentile_width(lengths: list[int]) -> int:
    # pdftotext glues a line that ends in a hyphen to the next one: drop such outliers.
    median = lengths[len(lengths) // 2]
    lengths = [n for n in lengths if n <= OUTLIER_LINE * median]
    return lengths[min(len(lengths) - 1, int(len(lengths) * WIDTH_PERCENTILE))]


def continues(prev: Paragraph, nxt: Paragraph, width: int | None) -> bool:
    """Whether ``nxt`` (first on its page) goes on with ``prev`` (last on the page before)."""
    if ends_sentence(prev.text):
        return False
    starts_lower = nxt.text[:1].islower()
    full = width is not None and cells(prev.last_line.strip()) >= FULL_LINE_SHARE * width
    return starts_lower or full


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (or a whole bracketed aside such as "[ Wired ]")."""
    text = text.rstrip()
    if _SENTENCE_END.search(text):
        return True
    balanced = text.count("(") == text.count(")") and text.count("[") == text.count("]")
    return text.endswith((")", "]")) and balanced


def _blank_line_paragraphs(pages: Sequence[Page], width: int) -> bool:
    """Does the dump end its paragraphs with blank lines? Then only they (rule 1) end one.

    Told from the lines that look like paragraph ends (rule 3): in such a dump most of them
    are followed by a blank line; in pdftotext's or pypdf's text, by the next paragraph.
    """
    followed = blank = 0
    for page in pages:
        lines = [line.strip() for line in page.lines]
        for line, after in zip(lines, lines[1:], strict=False):
            if line and ends_sentence(line) and cells(line) + 1 + AVERAGE_WORD <= FIT_SHARE * width:
                followed += 1
                blank += not after
    return followed > 0 and blank >= BLANK_SHARE * followed


def _page_paragraphs(page: Page, vocabulary: Counter[str], width: int | None) -> list[Paragraph]:
    result: list[Paragraph] = []
    for group in _line_groups(page, width):
        text, breaks = _join(group, vocabulary)
        result.append(Paragraph(text=text, page=page.number, last_page=page.number, last_line=group[-1],
                                breaks=breaks))
    return result


def _line_groups(page: Page, width: int | None) -> list[list[str]]:
    """The page's lines, grouped into paragraphs (rules 1 and 3; rule 3 only with a ``width``)."""
    groups: list[list[str]] = []
    group: list[str] = []
    lines = [*page.lines, ""]
    title_lines = _title_lines(page)
    for i, line in enumerate(lines[:-1]):
        stripped = line.strip()
        header = page.number == 1 and i < HEADER_LINES and _header_line(stripped)
        alone = not group and i >= title_lines  # a one-line paragraph: a heading, a short line
        if group and (not stripped or line[:1].isspace() or header):
            groups.append(group)
            group = []
        if not stripped:
            continue
        group.append(line)
        if header or (width is not None and _ends_paragraph(stripped, lines[i + 1].strip(), width, alone)):
            groups.append(group)
            group = []
    if group:
        groups.append(group)
    return groups


def _title_lines(page: Page) -> int:
    """How many lines the title takes: those above the first byline or date line of page 1."""
    if page.number != 1:
        return 0
    return next((i for i, line in enumerate(page.lines[:HEADER_LINES]) if _header_line(line.strip())), 0)


def _header_line(line: str) -> bool:
    return bool(line) and (byline_names(line) is not None or parse_date(line) is not None)


def _ends_paragraph(line: str, following: str, width: int, alone: bool) -> bool:
    """A sentence ends the line (or the line is a paragraph of its own, such as a heading),
    and the next line's first word would have fitted after it: the line did not wrap, the
    paragraph ended (the next line starts a new one)."""
    if not following or following[:1].islower() or not (alone or ends_sentence(line)):
        return False
    first_word = following.split(maxsplit=1)[0]
    if _is_cjk(first_word[0]) or _is_hangul(first_word[0]):
        first_word = first_word[:1]  # no spaces in the script: the line may break after any character
    return cells(line) + 1 + cells(first_word) <= FIT_SHARE * width


def cells(text: str) -> int:
    """The printed width of ``text`` in character cells: wide (CJK, Hangul) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def join_lines(lines: Sequence[str], vocabulary: Counter[str] | None = None) -> str:
    """Join wrapped lines into one paragraph text (whitespace collapsed)."""
    return _join(lines, vocabulary)[0]


def _join(lines: Sequence[str], vocabulary: Counter[str] | None) -> tuple[str, tuple[int, ...]]:
    """The joined text and the offsets where each line after the first begins in it.

    Each join looks only at the end of the text so far (``_tail``), never at all of it, so
    a paragraph of 20,000 lines (a dump's URL list) is joined in linear time.
    """
    vocabulary = vocabulary or Counter()
    parts: list[str] = []
    size = 0
    breaks: list[int] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        left = _tail(parts)
        if parts and _broken_word(left, line, vocabulary):
            parts[-1] = parts[-1][:-1]  # "infor-" + "mation": a hyphen the line break made
            size -= 1
        elif parts and not _glued(left, line, vocabulary):
            parts.append(" ")
            size += 1
        if parts:
            breaks.append(size)
        parts.append(line)
        size += len(line)
    return "".join(parts), tuple(breaks)


def _tail(parts: list[str]) -> str:
    """The last ``MAX_WORD_CHARS`` characters of the parts joined (fewer if there are fewer)."""
    taken: list[str] = []
    size = 0
    for part in reversed(parts):
        taken.append(part)
        size += len(part)
        if size >= MAX_WORD_CHARS:
            break
    return "".join(reversed(taken))[-MAX_WORD_CHARS:]


def _broken_word(left: str, right: str, vocabulary: Counter[str]) -> bool:
    """A word hyphenated at the line end: soft hyphen, or the document spells it whole elsewhere.

    Browser prints do not hyphenate, so a trailing "-" is a real hyphen ("8-year-" + "old")
    unless the same text writes the joined word without one.
    """
    if left.endswith("\u00ad"):
        return True
    if not left.endswith("-") or not right[:1].isalpha() or not left[-2:-1].isalpha():
        return False
    head = left[:-1].rsplit(" ", 1)[-1].strip(_PUNCTUATION)
    tail = right.split(" ", 1)[0].strip(_PUNCTUATION)
    return vocabulary[(head + tail).lower()] > 0 and vocabulary[f"{head}-{tail}".lower()] == 0


def _glued(left: str, right: str, vocabulary: Counter[str]) -> bool:
    if _GLUED_DASH.search(left) and right[:1].isalnum():
        return True
    if _is_hangul(left[-1]) and _is_hangul(right[0]):
        head, tail = left.rsplit(" ", 1)[-1], right.split(" ", 1)[0]
        return _hangul_glued(head.strip(_PUNCTUATION), tail.strip(_PUNCTUATION), vocabulary)
    return _is_cjk(left[-1]) and _is_cjk(right[0])


def _hangul_glued(head: str, tail: str, vocabulary: Counter[str]) -> bool:
    """Korean is written with spaces, but the browser also breaks lines inside words.

    The document's own words decide: the joined word occurs elsewhere → one word; both
    halves occur elsewhere as words → two words; else one word (a break inside a word is
    the likelier case: most break points are not at a space).
    """
    if vocabulary[head + tail] > 0:
        return True
    if vocabulary[head] > 1 and vocabulary[tail] > 1:
        return False
    return not (len(head) > 1 and head[-1] in KOREAN_WORD_ENDINGS)


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"


def _is_cjk(char: str) -> bool:
    """Han, kana and full-width forms: scripts written without spaces between words."""
    if not char:
        return False
    name = unicodedata.name(char, "")
    return name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "FULLWIDTH", "IDEOGRAPHIC", "HALFWIDTH KATAKANA"))
