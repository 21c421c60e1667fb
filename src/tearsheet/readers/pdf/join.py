"""A paragraph's lines → one string, with its links placed on the words they cover.

Hard wraps become spaces, except between CJK characters (Chinese and Japanese do
not put spaces between words; Korean does, and wraps at them). A hyphen at the end
of a line is kept unless the document shows it was made by the line break: a soft
hyphen, or the joined word used elsewhere in the document while the hyphenated
form is not. Web pages rarely hyphenate, so a real compound ("re-election") is the
default reading.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tearsheet.models import Link
from tearsheet.readers.pdf.layout import Line

HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen, soft hyphen
SOFT_HYPHEN = "\u00ad"
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+", re.UNICODE)
LAST_WORD = re.compile(r"([^\W\d_]+)[-\u2010\u00ad]$", re.UNICODE)
FIRST_WORD = re.compile(r"^([^\W\d_]+)", re.UNICODE)
# Scripts written without spaces between words: a wrap between two of these joins directly.
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANGUL_RUN_END = re.compile(r"[\uac00-\ud7a3]+$")
HANGUL_RUN_START = re.compile(r"^[\uac00-\ud7a3]+")
# How far back from a line end a word is looked for. A regex anchored at the end ("…$")
# still tries every start position of the line, and lines run to 5,000 characters; no word
# in a vocabulary is longer than this.
MAX_WORD_CHARS = 100
NO_SPACE_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


class Vocabulary:
    """Words and hyphenated compounds the document uses (lower case).

    Built on first use: most prints have no hyphen at a line end to decide on.
    """

    __slots__ = ("_text", "_counts", "_compounds", "_sorted")

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: Counter[str] | None = None
        self._compounds: frozenset[str] | None = None
        self._sorted: list[str] | None = None

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        return cls("\n".join(texts).lower())

    @property
    def counts(self) -> Counter[str]:
        """How often each word occurs (a word split by a wrap counts as its two pieces)."""
        if self._counts is None:
            self._counts = Counter(WORD.findall(self._text))
        return self._counts

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self.counts)

    def has_prefix(self, prefix: str) -> bool:
        """Does some word start with ``prefix``? (Binary search: a scan per wrap was quadratic.)"""
        if self._sorted is None:
            self._sorted = sorted(self.counts)
        at = bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    @property
    def compounds(self) -> frozenset[str]:
        if self._compounds is None:
            self._compounds = frozenset(COMPOUND.findall(self._text))
        return self._compounds


@dataclass(frozen=True, slots=True)
class Joined:
    text: str
    links: tuple[Link, ...]


def join_lines(lines: Iterable[Line], vocabulary: Vocabulary) -> Joined:
    """Join a paragraph's lines; link spans follow their characters into the joined text."""
    parts: list[str] = []
    length = 0
    placed: list[tuple[int, int, str, int]] = []  # start, end, href, page
    lines = list(lines)
    for i, line in enumerate(lines):
        text = line.text
        following = lines[i + 1].text if i + 1 < len(lines) else None
        kept, separator = _wrap(text, following, vocabulary)
        for span in line.links:
            start, end = length + min(span.start, kept), length + min(span.end, kept)
            if end > start:
                placed.append((start, end, span.href, line.page))
        parts.append(text[:kept] + separator)
        length += kept + len(separator)
    joined = "".join(parts).rstrip()
    return Joined(joined, _merge_links(joined, placed))


def _wrap(text: str, following: str | None, vocabulary: Vocabulary) -> tuple[int, str]:
    """How much of ``text`` to keep and what goes between it and the next line."""
    if following is None:
        return len(text), ""
    if text[-1] in HYPHENS and len(text) > 1 and text[-2].isalpha():
        return (len(text) - 1, "") if _break_made(text, following, vocabulary) else (len(text), "")
    if NO_SPACE_SCRIPTS.match(text[-1]) or NO_SPACE_SCRIPTS.match(following[0]):
        return len(text), ""
    if HANGUL.match(text[-1]) and HANGUL.match(following[0]):
        return len(text), "" if _hangul_word_runs_on(text, following, vocabulary) else " "
    return len(text), " "


def _hangul_word_runs_on(text: str, following: str, vocabulary: Vocabulary) -> bool:
    """Did the wrap split a Korean word?

    Browsers may break Korean between any two syllables (UAX #14), so most wraps cut a
    word and the default is to join. A space goes back when the document uses either
    piece as a word of its own elsewhere, unless a word elsewhere starts with the
    joined form (the word with a particle: 여주인공 → 여주인공은).
    """
    left = HANGUL_RUN_END.search(text, max(0, len(text) - MAX_WORD_CHARS))
    right = HANGUL_RUN_START.match(following)
    if not left or not right:
        return True
    head, tail = left.group(), right.group()
    joined = head + tail
    if vocabulary.has_prefix(joined):
        return True
    return vocabulary.counts[head] <= 1 and vocabulary.counts[tail] <= 1


def _break_made(text: str, following: str, vocabulary: Vocabulary) -> bool:
    """Was the line-end hyphen inserted by hyphenation (join the word) or part of it (keep)?"""
    if text.endswith(SOFT_HYPHEN):
        return True
    left, right = LAST_WORD.search(text, max(0, len(text) - MAX_WORD_CHARS)), FIRST_WORD.match(following)
    if not left or not right or not following[0].islower():
        return False
    head, tail = left.group(1).lower(), right.group(1).lower()
    if f"{head}-{tail}" in vocabulary.compounds:
        return False
    return head + tail in vocabulary.words


def _merge_links(text: str, placed: list[tuple[int, int, str, int]]) -> tuple[Link, ...]:
    """One link per annotation run: a wrapped link has one annotation per line."""
    merged: list[tuple[int, int, str, int]] = []
    for start, end, href, page in sorted(placed):
        if merged and merged[-1][2] == href and not text[merged[-1][1]:start].strip(HYPHENS + " "):
            previous = merged[-1]
            merged[-1] = (previous[0], max(previous[1], end), href, previous[3])
        else:
            merged.append((start, end, href, page))
    return tuple(Link(text=text[s:e], href=h, start=s, page=p) for s, e, h, p in merged)
