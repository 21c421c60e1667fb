"""How far to trust the body a web page gave: ``Article.confidence`` and ``Article.warnings``.

The body comes from one container vote; the page offers other opinions of where the
article is — its landmarks (``[itemprop=articleBody]``, ``<article>``, ``<main>``) and
the ``articleBody`` it states in JSON-LD. Confidence falls when the body is short, when
it holds a small share of the page's prose, when it is much shorter than an alternative
that covers it, or when the alternatives disagree with it; each reason is a warning slug.
Factors are named data in ``rules`` (``CONFIDENCE_*``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from tearsheet.readers.html import rules as rules

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    confidence: float
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """What the reader knows about the body it chose."""

    body_text: str
    share: float  # the body's voted prose / the whole page's (1.0 when unknown)
    alternatives: tuple[str, ...]  # the other candidates' texts (landmarks, JSON-LD body)
    has_title: bool
    source: str  # "vote", "stated" (JSON-LD articleBody) or "prose" (last-resort sentences)


def word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def landmarks(tree: LexborHTMLParser) -> list[str]:
    """The texts of the page's landmark containers (after cleaning), longest ``<article>`` first."""
    texts = []
    for selector in rules.LANDMARK_SELECTORS:
        nodes = tree.css(selector)
        if nodes:
            weighed = nodes[:rules.LANDMARK_MAX_NODES]
            texts.append(max((node.text(separator=" ") for node in weighed), key=len))
    return texts


def assess(evidence: Evidence) -> Assessment:
    factors: list[tuple[str, float]] = []
    words = len(_WORD.findall(evidence.body_text))
    if words < rules.SHORT_BODY_WORDS:
        factors.append(("short_body", rules.CONFIDENCE_SHORT_BODY))
    if evidence.share < rules.SMALL_SHARE:
        factors.append(("small_share_of_page", rules.CONFIDENCE_SMALL_SHARE))
    factors.extend(_agreement(word_set(evidence.body_text), evidence.alternatives))
    if evidence.source == "stated":
        factors.append(("stated_body", rules.CONFIDENCE_STATED_BODY))
    elif evidence.source == "prose":
        factors.append(("prose_fallback", rules.CONFIDENCE_PROSE_FALLBACK))
    if not evidence.has_title:
        factors.append(("no_title", rules.CONFIDENCE_NO_TITLE))
    confidence = rules.CONFIDENCE_BASE
    for _, factor in factors:
        confidence *= factor
    return Assessment(confidence=round(confidence, 3), warnings=tuple(dict.fromkeys(w for w, _ in factors)))


def _agreement(body: frozenset[str], alternatives: Iterable[str]) -> list[tuple[str, float]]:
    """``shorter_than_alternative``: a candidate with far more words covers most of the body but
    the body holds little of it; ``candidates_disagree``: a sizeable candidate shares little with it."""
    found: list[tuple[str, float]] = []
    for text in alternatives:
        other = word_set(text)
        if len(other) < rules.ALTERNATIVE_MIN_WORDS or not body:
            continue
        shared = len(body & other)
        if shared < rules.DISAGREE_MAX_SHARED * min(len(body), len(other)):
            found.append(("candidates_disagree", rules.CONFIDENCE_DISAGREE))
        elif len(other) >= rules.SHORTER_RATIO * len(body) and shared >= rules.COVERED_SHARE * len(body) \
                and shared < rules.SHORTER_MAX_COVERAGE * len(other):
            found.append(("shorter_than_alternative", rules.CONFIDENCE_SHORTER))
    return found
