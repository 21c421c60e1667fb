"""The fast keying and scoring paths give exactly what the plain definitions give."""

from __future__ import annotations

import unicodedata

from tearsheet.models import Block, BlockKind
from tearsheet.reconcile.align import body_of, is_short, spine_score, spine_scores
from tearsheet.reconcile.keys import _LIST_MARKER, KeyedText

TEXTS = [
    "",
    "1. A numbered item with “curly quotes” and a re-\nelection",
    "• Bullet: ﬁne ligature, Straße, İstanbul, ½ and ² marks",
    "   plain ASCII, with   spaces — and dashes – here.",
    "日本語の文章です。中文句子。",
    "Soft\u00adhyphen and ＦＵＬＬＷＩＤＴＨ letters",
    "___",
]


def _plain(text: str) -> KeyedText:
    """KeyedText.of as first written: every character normalised and folded in turn."""
    marker = _LIST_MARKER.match(text)
    skip = marker.end() if marker else 0
    key: list[str] = []
    positions: list[int] = []
    for index, ch in enumerate(text):
        if index < skip:
            continue
        for folded in unicodedata.normalize("NFKC", ch).casefold():
            if folded.isalnum():
                key.append(folded)
                positions.append(index)
    return KeyedText(text=text, key="".join(key), positions=tuple(positions))


def test_keyed_text_matches_the_per_character_definition() -> None:
    for text in TEXTS:
        assert KeyedText.of(text) == _plain(text)
        assert KeyedText.of(text) == _plain(text)  # the remembered answer too


def test_is_short_ascii_shortcut_agrees_with_the_weights() -> None:
    for key in ["a" * 39, "a" * 40, "a" * 100, "日" * 13, "日" * 14, "ab日" * 5]:
        weight = sum(3 if "\u3040" <= ch <= "\u9fff" else 1 for ch in key[:40])
        assert is_short(key) == (weight < 40)


def test_spine_scores_equal_each_body_scored_against_the_others() -> None:
    long_a = "The first paragraph is long enough to be matched inside another block of text."
    long_b = "A second paragraph, also long enough, that one capture splits at a page break here."
    texts = [
        [long_a, long_b, "Buy now"],
        [long_a, long_b[:40], long_b[40:]],
        [long_a, "Buy now", "Subscribe"],
        [long_b, long_a + " " + long_b],
    ]
    bodies = [body_of(i, tuple(Block(kind=BlockKind.PARAGRAPH, text=t) for t in ts), False)
              for i, ts in enumerate(texts)]
    scores = spine_scores(bodies)
    for body in bodies:
        assert scores[body.capture] == spine_score(body, [o for o in bodies if o is not body])
