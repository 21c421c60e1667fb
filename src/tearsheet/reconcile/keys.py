"""Normalised text keys: compare the same words across captures that spell them differently.

Captures of one paragraph differ in whitespace and wrapping, curly or straight quotes,
dash styles, soft hyphens, hyphens a line break made ("re-\\nelection") and letter case.
The *letter key* of a text keeps only its letters and digits, case-folded: every one of
those differences disappears, and a position in the key maps back to the text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

# Scripts written without spaces between words: every character is a word for shingling.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A list item's marker ("1.", "2)", "•") is layout: one capture prints it, another not.
_LIST_MARKER = re.compile(r"\s*(?:\d{1,3}[.)]|[•▪◦‣*–-])\s+")
# The two alternatives are disjoint; the common one (a run of letters) is tried first.
_WORD = re.compile(rf"[^\W_{_UNSPACED}]+|[{_UNSPACED}]")
# Keys are recomputed for the same texts many times (every capture of an article repeats
# most paragraphs; a reconcile along an ingest re-keys the same captures): remember them.
KEY_CACHE = 1024  # distinct block texts remembered: an article's captures, a few MB at most


class _Folds(dict[str, str]):
    """Character → its key characters (letters and digits of its NFKC case-fold), filled on demand."""

    def __missing__(self, ch: str) -> str:
        folded = "".join(c for c in unicodedata.normalize("NFKC", ch).casefold() if c.isalnum())
        self[ch] = folded
        return folded


_FOLDS = _Folds()


def letters(text: str) -> str:
    """The letter key of ``text``: its letters and digits only, NFKC-normalised and case-folded.

    Exactly the key ``KeyedText`` computes (a leading list marker left out).
    """
    return KeyedText.of(text).key


def words(text: str) -> list[str]:
    """Case-folded words (single characters in Chinese/Japanese script), for shingles and titles."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def title_key(title: str | None) -> str | None:
    """A title's words joined by one space; None for a missing or wordless title."""
    key = " ".join(words(title or ""))
    return key or None


@dataclass(frozen=True, slots=True)
class KeyedText:
    """A text with its letter key and, for each key character, its index in the text."""

    text: str
    key: str
    positions: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> KeyedText:
        return _keyed_text(text)

    def key_offset(self, index: int) -> int:
        """How many key characters come before text index ``index``."""
        return bisect_left(self.positions, index)

    def text_index(self, offset: int) -> int:
        """The text index of key character ``offset`` (the text's end past the last one)."""
        return self.positions[offset] if offset < len(self.positions) else len(self.text)

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """Text slice covering key characters ``start`` … ``end - 1``."""
        if end <= start:
            return self.text_index(start), self.text_index(start)
        return self.positions[start], self.positions[end - 1] + 1


@lru_cache(maxsize=KEY_CACHE)
def _keyed_text(text: str) -> KeyedText:
    """``KeyedText.of``: each character folded on its own (NFKC, case-fold), letters and digits kept.

    A KeyedText is immutable, so one instance serves every caller keying the same text.
    """
    marker = _LIST_MARKER.match(text)
    skip = marker.end() if marker else 0
    folds = _FOLDS
    parts = [folds[ch] for ch in text[skip:]]
    positions: list[int] = []
    for index, part in enumerate(parts, start=skip):
        if part:
            positions.extend([index] * len(part) if len(part) > 1 else (index,))
    return KeyedText(text=text, key="".join(parts), positions=tuple(positions))
