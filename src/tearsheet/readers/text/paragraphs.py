"""Hard-wrapped dump lines → paragraphs, and paragraphs that a page break split → one.

Rules, in the order they apply:

1. A blank line ends a paragraph. So does a line that starts with a space: extraction
   servers sometimes write a paragraph break as "line ending in a space, next line starting
   with a space" instead of a blank line.
2. Wrapped lines are joined with one space, except after a hyphen or dash glued to its word
   ("8-year-" + "old": the browser broke the line after a real hyphen, so the hyphen stays
   and no space is added) and between two CJK characters (no spaces in those scripts).
3. The last paragraph of a page and the first of the next are one paragraph when the first
   does not end a sentence and either its last line runs to the full text width (the page
   break, not the paragraph, ended it) or the next page goes on in lower case.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tearsheet.readers.text.pages import Page

FULL_LINE_SHARE = 0.7  # a line at least this share of the text width was filled by wrapping
WIDTH_PERCENTILE = 0.9  # the text width: this percentile of line lengths (robust to long URLs)
MIN_LINES_FOR_WIDTH = 5  # fewer lines than this: too few to know the width, trust punctuation
# How far back a line join looks for the word before the break. Longer "words" (URLs, text
# in scripts written without spaces) are never in the vocabulary, so this loses nothing,
# and it keeps joining linear: looking at the whole text so far made it quadratic.
MAX_WORD_CHARS = 100

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


def paragraphs(pages: Sequence[Page]) -> list[Paragraph]:
    """The dump's paragraphs in reading order, page-split paragraphs joined."""
    width = text_width(pages)
    vocabulary = Counter(word.strip(_PUNCTUATION).lower() for page in pages for line in page.lines
                         for word in line.split())
    result: list[Paragraph] = []
    for page in pages:
        page_paragraphs = _page_paragraphs(page, vocabulary)
        if result and page_paragraphs and continues(result[-1], page_paragraphs[0], width):
            first = page_paragraphs.pop(0)
            prev = result.pop()
            text, (join,) = _join([prev.text, first.text], vocabulary)
            breaks = (*prev.breaks, join, *(join + b for b in first.breaks))
            result.append(Paragraph(text=text, page=prev.page, last_page=first.last_page,
                                    last_line=first.last_line, breaks=breaks))
        result.extend(page_paragraphs)
    return result


def text_width(pages: Sequence[Page]) -> int | None:
    lengths = sorted(len(line.strip()) for page in pages for line in page.lines if line.strip())
    if len(lengths) < MIN_LINES_FOR_WIDTH:
        return None
    return lengths[min(len(lengths) - 1, int(len(lengths) * WIDTH_PERCENTILE))]


def continues(prev: Paragraph, nxt: Paragraph, width: int | None) -> bool:
    """Whether ``nxt`` (first on its page) goes on with ``prev`` (last on the page before)."""
    if ends_sentence(prev.text):
        return False
    starts_lower = nxt.text[:1].islower()
    full = width is not None and len(prev.last_line.strip()) >= FULL_LINE_SHARE * width
    return starts_lower or full


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (or a whole bracketed aside such as "[ Wired ]")."""
    text = text.rstrip()
    if _SENTENCE_END.search(text):
        return True
    balanced = text.count("(") == text.count(")") and text.count("[") == text.count("]")
    return text.endswith((")", "]")) and balanced


def _page_paragraphs(page: Page, vocabulary: Counter[str]) -> list[Paragraph]:
    result: list[Paragraph] = []
    group: list[str] = []
    for line in (*page.lines, ""):
        if group and (not line.strip() or line[:1].isspace()):
            text, breaks = _join(group, vocabulary)
            result.append(Paragraph(text=text, page=page.number, last_page=page.number, last_line=group[-1],
                                    breaks=breaks))
            group = []
        if line.strip():
            group.append(line)
    return result


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
