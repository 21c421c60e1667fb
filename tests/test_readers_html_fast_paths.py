"""The web reader's fast paths give exactly what the plain definitions give.

Each speed-up replaced a per-character Python loop or a costly pattern with a
cheaper equivalent; these tests hold them to the original definitions, over every
code point where the equivalence rests on a character class.
"""

from __future__ import annotations

import re
import sys

import pytest

from tearsheet.readers import html_rules as rules
from tearsheet.readers.html import _is_promo
from tearsheet.readers.html_body import text_key

ALL_CHARS = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
TEXTS = [
    "", "  ", "Plain words, with punctuation!", "snake_case and ÜBER straße", "½ ² ³ and ① ⑵",
    "日本語の文章です。", "tabs\tand\nnewlines\u00a0and\u2009thin spaces",
    "Sign up for our newsletter", "Subscribe to the daily NEWSLETTER today",
    "Get the latest in your İnbox", "Follow us on social media", "Join our weekly newſletter",
    "Download the APP now", "Get e-mail alerts", "Like us on facebook", "Click to subscribe",
    "He got a job at the app store and joined a newsletter team last year.",
]


def _plain_key(text: str) -> str:
    return " ".join("".join(c for c in text.casefold() if c.isalnum() or c.isspace()).split())


@pytest.mark.parametrize("text", TEXTS)
def test_text_key_is_the_per_character_definition(text: str) -> None:
    assert text_key(text) == _plain_key(text)


def test_text_key_drops_exactly_what_is_neither_alphanumeric_nor_space() -> None:
    assert text_key(ALL_CHARS) == _plain_key(ALL_CHARS)


@pytest.mark.parametrize("text", TEXTS)
def test_promo_cues_never_hide_a_promo_match(text: str) -> None:
    assert _is_promo(text) == (rules.PROMO.search(text) is not None)


def test_only_the_listed_lookalikes_match_ascii_letters_case_insensitively() -> None:
    found = {c for c in re.findall("[a-z]", ALL_CHARS, re.I) if not c.isascii()}
    assert found == set(rules.IGNORECASE_ASCII_LOOKALIKES)
    cased = [c for c in ALL_CHARS if not c.isascii() and c.lower() != c]
    lowered = {c for c in cased if re.search("[a-z]", c.lower())}
    assert lowered <= found  # lower() alone would miss these: they are folded first
