"""A URL's slug words and how a word of the text is taken for one of them.

Used by the link-placement rules of the text-dump reader (``links``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote

from tearsheet.readers.common.urls import split_url

MIN_STEM = 4  # "steps" ~ "stepping": same first letters, at least this many
STEM_SHARE = 0.75  # … and covering this share of the shorter word
MIN_ID_DIGITS = 5  # a slug token with this many digits is an id, not a word

STOP_WORDS = frozenset(
    "a an the of in on at to for and or is are was were be been by with from as it "  # noqa: SIM905
    "its that this these those his her their our your my into over after before "
    "about than s t d de la le el y e o".split()
)
_FILE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms|cfm)$", re.I)


@lru_cache(maxsize=4096)
def slug_words(url: str) -> tuple[str, ...]:
    """The words of the URL path segment that reads most like a title, ids left out."""
    best: tuple[str, ...] = ()
    for segment in split_url(url).path.split("/"):
        segment = _FILE_SUFFIX.sub("", unquote(segment))
        words = tuple(w.lower() for w in re.split(r"[\W_]+", segment) if w and not _is_id(w))
        if len(content(words)) > len(content(best)):
            best = words
    return best


def _is_id(word: str) -> bool:
    digits = sum(c.isdigit() for c in word)
    return digits >= MIN_ID_DIGITS or (digits > 0 and len(word) >= 8 and not word.isdigit())


def content(words: Sequence[str]) -> list[str]:
    """The words that carry meaning: stop words left out."""
    return [w for w in words if w.lower() not in STOP_WORDS]


def same_word(a: str, b: str) -> bool:
    """Two lower-case words are one word, or one inflects the other ("extend" ~ "extended")."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < MIN_STEM + 1:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= MIN_STEM and common >= STEM_SHARE * shorter
