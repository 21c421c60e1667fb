"""How far to trust the body a web page gave: ``Article.confidence`` and ``Article.warnings``.

The body comes from one container vote; the page offers other opinions of where the
article is — its landmarks (``[itemprop=articleBody]``, ``<article>``, ``<main>``) and
the ``articleBody`` it states in JSON-LD — and the body itself says something about
its kind (its length, its links, whether its lines read as sentences).

``signals`` turns that evidence into named numbers; the learned model (``learned``:
``confidence_model.json``, fitted by ``bench/train_confidence.py``) turns them into the
confidence, an estimate of the body's word F1 against the real article, scaled so that
``LOW_CONFIDENCE`` (0.5) singles out the least-trusted few per cent of pages. The warnings
are the reasons a reader can act on, each a slug from named rules (``rules``):
``mostly_links``, ``tiny_body``, ``cut_body``, ``short_body``, ``small_share_of_page``,
``candidates_disagree``, ``shorter_than_alternative``, ``stated_body``,
``prose_fallback``, ``no_title``. The first three cap the confidence: the development
pages hold no such body, so the model was never fitted on one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tearsheet.models import Block, BlockKind
from tearsheet.readers.html import rules as rules
from tearsheet.readers.html.body import Rival
from tearsheet.readers.html.learned import model

_WORD = re.compile(r"\w+")
_LISTS = (BlockKind.LIST, BlockKind.TABLE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    confidence: float
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """What the reader knows about the body it chose."""

    blocks: tuple[Block, ...]
    share: float  # the body's voted prose / the whole page's (1.0 when unknown)
    page_chars: int  # the page's visible text before furniture went (0 when unknown)
    rival: Rival | None  # the vote's best container outside the body (None: no vote)
    voted_chars: int  # the paragraph text the vote saw in the body's container (0: no vote)
    landmarks: tuple[str, ...]  # the texts of the page's landmark containers
    stated: str | None  # the JSON-LD articleBody, used or not
    title: str | None
    dek: str | None  # the page's description (og:description, meta description)
    source: str  # "vote", "stated" (JSON-LD articleBody) or "prose" (last-resort sentences)


def word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def landmarks(tree: LexborHTMLParser) -> list[tuple[LexborNode, str]]:
    """The page's landmark containers (after cleaning) and their texts, the longest of each kind."""
    found = []
    for selector in rules.LANDMARK_SELECTORS:
        nodes = tree.css(selector)
        if nodes:
            weighed = nodes[:rules.LANDMARK_MAX_NODES]
            found.append(max(((node, node.text(separator=" ")) for node in weighed), key=lambda t: len(t[1])))
    return found


def assess(evidence: Evidence) -> Assessment:
    """The model's estimate of the body's word F1, and the rules' reasons to doubt it.

    A body outside what the model was fitted on (``rules.MOSTLY_LINKS``, ``rules.TINY_BODY_WORDS``,
    ``rules.CUT_BODY_RECALL``) is not estimated: its confidence is capped at ``rules.CONFIDENCE_CAP``."""
    found = signals(evidence)
    warnings = tuple(name for name in _WARNINGS if found[name])
    confidence = model().predict(found)
    if any(found[name] for name in CAPPED):
        confidence = min(confidence, rules.CONFIDENCE_CAP)
    return Assessment(confidence=round(confidence, 3), warnings=warnings)


# Reason slugs, in the order a reader should hear them; the first three cap the confidence.
CAPPED = ("mostly_links", "tiny_body", "cut_body")
_WARNINGS = (*CAPPED, "short_body", "small_share_of_page", "candidates_disagree",
             "shorter_than_alternative", "stated_body", "prose_fallback", "no_title")


def signals(evidence: Evidence) -> dict[str, float]:
    """The named numbers the model weighs (the warnings among them, as 0 or 1)."""
    texts = [b.text for b in evidence.blocks if b.kind is not BlockKind.IMAGE and b.text]
    tokens = _WORD.findall("\n".join(texts).lower())
    body = frozenset(tokens)
    chars = sum(len(t) for t in texts)
    found = _shape(evidence.blocks, texts, chars)
    found.update(_place(evidence, chars))
    found.update({
        "log_words": math.log1p(len(tokens)),
        "words_per_block": math.log1p(len(tokens) / len(texts)) if texts else 0.0,
        "short_body": float(len(tokens) < rules.SHORT_BODY_WORDS),
        "tiny_body": float(len(tokens) < rules.TINY_BODY_WORDS),
        "stated_body": float(evidence.source == "stated"),
        "prose_fallback": float(evidence.source == "prose"),
        "no_title": float(not evidence.title),
    })
    found.update(_echo("title", body, evidence.title))
    found.update(_echo("dek", body, evidence.dek))
    landmark_sets = [word_set(text) for text in evidence.landmarks]
    stated = word_set(evidence.stated) if evidence.stated and evidence.source != "stated" else frozenset()
    found.update(_agreement(body, [*landmark_sets, stated]))
    found.update(_landmark_signals(body, landmark_sets))
    found.update(_stated_signals(body, stated))
    return found


def _shape(blocks: tuple[Block, ...], texts: list[str], chars: int) -> dict[str, float]:
    """What the body reads like: links, sentences, labels, lists and headings (shares of it)."""
    if not chars:
        return {"link_density": 1.0, "mostly_links": 1.0, "sentence_lines": 0.0, "short_lines": 1.0,
                "list_share": 0.0, "headings": 0.0, "log_blocks": 0.0}
    short = sum(len(t) for t in texts if len(t.split()) < rules.CONFIDENCE_SHORT_LINE_WORDS)
    links = min(1.0, sum(len(ln.text) for b in blocks for ln in b.links) / chars)
    return {"link_density": links, "mostly_links": float(links >= rules.MOSTLY_LINKS),
            "sentence_lines": _sentence_share(texts), "short_lines": short / chars,
            "list_share": sum(len(b.text) for b in blocks if b.kind in _LISTS) / chars,
            "headings": sum(b.kind is BlockKind.HEADING for b in blocks) / len(texts),
            "log_blocks": math.log1p(len(texts))}


def _place(evidence: Evidence, chars: int) -> dict[str, float]:
    """Where the body sits in the page: its share of the voted prose and of all the text, the
    prose left outside it, what the walk kept of the container, and the vote's runner-up."""
    share = evidence.share
    found = {"share": share, "small_share_of_page": float(share < rules.SMALL_SHARE),
             "page_share": min(1.0, chars / evidence.page_chars) if evidence.page_chars else 1.0,
             "log_outside": math.log1p(chars * (1 - share) / share) if share else 0.0,
             "kept_of_voted": _log_ratio(chars, evidence.voted_chars) if evidence.voted_chars else 0.0}
    found.update(_rival_signals(evidence.rival, chars))
    return found


def _sentence_share(texts: list[str]) -> float:
    """The share of the body's characters in blocks that end as a sentence does."""
    total = sum(len(t) for t in texts)
    ended = sum(len(t) for t in texts if t.rstrip()[-1:] in rules.SENTENCE_END)
    return ended / total if total else 0.0


def _agreement(body: frozenset[str], alternatives: Iterable[frozenset[str]]) -> dict[str, float]:
    """``shorter_than_alternative``: a candidate with far more words covers most of the body but
    the body holds little of it; ``candidates_disagree``: a sizeable candidate shares little with it."""
    disagree = shorter = False
    for other in alternatives:
        if len(other) < rules.ALTERNATIVE_MIN_WORDS or not body:
            continue
        shared = len(body & other)
        if shared < rules.DISAGREE_MAX_SHARED * min(len(body), len(other)):
            disagree = True
        elif len(other) >= rules.SHORTER_RATIO * len(body) and shared >= rules.COVERED_SHARE * len(body) \
                and shared < rules.SHORTER_MAX_COVERAGE * len(other):
            shorter = True
    return {"candidates_disagree": float(disagree), "shorter_than_alternative": float(shorter)}


def _landmark_signals(body: frozenset[str], landmarks: Iterable[frozenset[str]]) -> dict[str, float]:
    """How the body sits among the landmarks: the share of the widest one's words it holds, the
    share of its own words the closest one holds, and how many times larger the widest is."""
    sets = [s for s in landmarks if len(s) >= rules.ALTERNATIVE_MIN_WORDS]
    if not sets or not body:
        return {"has_landmark": 0.0, "landmark_recall": 1.0, "landmark_cover": 1.0, "landmark_ratio": 0.0}
    widest = max(sets, key=len)
    return {"has_landmark": 1.0,
            "landmark_recall": len(body & widest) / len(widest),
            "landmark_cover": max(len(body & s) for s in sets) / len(body),
            "landmark_ratio": _log_ratio(len(widest), len(body))}


def _echo(name: str, body: frozenset[str], text: str | None) -> dict[str, float]:
    """``<name>_recall``: the share of the headline's (or dek's) longer words the body holds —
    a story repeats its headline's and summary's words, a wrong block rarely does."""
    wanted = {w for w in word_set(text or "") if len(w) >= rules.ECHO_MIN_WORD_CHARS}
    if len(wanted) < rules.ECHO_MIN_WORDS:
        return {f"has_{name}": 0.0, f"{name}_recall": 1.0}
    return {f"has_{name}": 1.0, f"{name}_recall": len(wanted & body) / len(wanted)}


def _rival_signals(rival: Rival | None, chars: int) -> dict[str, float]:
    """The vote's runner-up outside the body (its vote against the body's, its text against the
    body's), and how many levels up the body meets the page's headline (capped)."""
    if rival is None:
        return {"rival_vote": 0.0, "rival_ratio": 0.0, "headline_levels": rules.CONFIDENCE_MAX_LEVELS}
    levels = rival.headline_levels if rival.headline_levels >= 0 else rules.CONFIDENCE_MAX_LEVELS
    return {"rival_vote": min(1.0, rival.score), "rival_ratio": _log_ratio(rival.chars, chars),
            "headline_levels": min(levels, rules.CONFIDENCE_MAX_LEVELS)}


def _stated_signals(body: frozenset[str], other: frozenset[str]) -> dict[str, float]:
    """How the body compares with the ``articleBody`` the page states (when it is not the body)."""
    if len(other) < rules.ALTERNATIVE_MIN_WORDS or not body:
        return {"has_stated": 0.0, "stated_recall": 1.0, "stated_ratio": 0.0, "cut_body": 0.0}
    recall = len(body & other) / len(other)
    return {"has_stated": 1.0, "stated_recall": recall, "stated_ratio": _log_ratio(len(other), len(body)),
            "cut_body": float(recall < rules.CUT_BODY_RECALL)}


def _log_ratio(a: int, b: int) -> float:
    """log(a / b), bounded to ± ``rules.CONFIDENCE_MAX_LOG_RATIO`` (a few orders of magnitude)."""
    value = math.log((a + 1) / (b + 1))
    return max(-rules.CONFIDENCE_MAX_LOG_RATIO, min(rules.CONFIDENCE_MAX_LOG_RATIO, value))
