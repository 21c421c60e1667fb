"""A slug phrase: the one run of a dump's words made of a URL's slug words only.

News slugs are made of the story's topic words, and the text repeats them: in a story on
the US-China trade war, "the US-China trade deal" holds four of the five words of
``…/us-china-trade-deal-snag/``, yet the link sat on "hit another snag". Words of the slug
scattered over a paragraph say even less. What does name the link is a phrase that holds
most of the slug's words side by side and that nothing else in the dump comes close to:
"did extend a temporary general license allowing …" ↔
``…/huawei-temporary-general-license-extended/`` (the slug's words in another order and
inflected, as headline writers do).

A *run* is a stretch of one sentence whose every word is a slug word — an inflection
counts ("extend" ~ "extended"), each slug word once — or a stop word between two of them,
with only spaces, hyphens, slashes or apostrophes between the words. A URL is placed on
its best run when

* the run holds at least ``MIN_PHRASE_WORDS`` slug words and ``PHRASE_COVERAGE`` of them;
* it is the best run of the whole dump by a clear margin: the runner-up anywhere holds at
  most ``PHRASE_MARGIN`` times as many slug words. A topic phrase that comes back
  ("US-China trade talks", "US-China trade war", "the US-China trade deal") never wins;
* at least ``MIN_OWN_WORDS`` of its slug words occur nowhere else in the dump: words the
  story keeps using ("Jupiter's icy moon Europa" in a story on Europa) are its topic, and
  a link on the topic sits anywhere ("as soon as 2023" ↔ ``…/nasa-jupiter-icy-moon-europa-
  clipper``);
* it is not a whole block (a heading, a product name above its price is often not the
  link) and no other URL of the dump fits it nearly as well.

The caller still checks that the run is on the URL's page, after the previous placement,
and wraps exactly when the URL is listed twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tearsheet.readers.text.slug import MIN_STEM, STOP_WORDS, content, same_word, slug_words

MIN_PHRASE_WORDS = 3  # two topic words side by side ("trade deal") happen by chance
PHRASE_COVERAGE = 0.6  # share of the slug's content words the run holds
PHRASE_MARGIN = 0.5  # the runner-up holds at most this share of the best run's slug words
MIN_OWN_WORDS = 2  # the run's slug words that occur nowhere else in the dump (topic words recur)
MAX_PHRASE_CHARS = 200  # a run longer than this is a list of keywords, not one anchor

_TOKEN = re.compile(r"\w+")
_TRAILING = re.compile(r"[\s.,;:!?…。]*")
_JOIN = re.compile(r"[\s\-‐/'’]+")  # what may stand between two words of one run


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    block: int
    start: int
    end: int
    matched: frozenset[int]  # indexes of the slug words in the run

    @property
    def words(self) -> int:
        return len(self.matched)


def phrase_run(texts: Sequence[str], blocks: Sequence[int], url: str,
               rivals: Sequence[str] = ()) -> Run | None:
    """The run of ``url``'s slug words to place it on, among ``blocks`` of ``texts``, or None.

    ``blocks`` must hold every block that shares a slug word with the URL: the runner-up
    and the other mentions of the run's words count as much as the run. ``rivals`` are the
    dump's other URLs: when the run fits one of them nearly as well, it cannot tell the
    two apart.
    """
    slug = content(slug_words(url))
    if len(slug) < MIN_PHRASE_WORDS:
        return None
    found = sorted((run for i in blocks for run in runs(texts[i], slug, i)), key=lambda r: -r.words)
    if not found:
        return None
    best = found[0]
    runner_up = found[1].words if len(found) > 1 else 0
    if best.words < MIN_PHRASE_WORDS or best.words < PHRASE_COVERAGE * len(slug) \
            or runner_up > PHRASE_MARGIN * best.words or best.end - best.start > MAX_PHRASE_CHARS \
            or _standalone(texts[best.block], best) \
            or _own_words(texts, blocks, slug, best) < MIN_OWN_WORDS:
        return None
    phrase = texts[best.block][best.start:best.end]
    if any(_fits(phrase, rival, best.words) for rival in rivals if rival != url):
        return None
    return best


def _fits(phrase: str, rival: str, words: int) -> bool:
    """Another URL's slug fits the phrase nearly as well (by the runner-up margin)."""
    slug = content(slug_words(rival))
    return any(run.words > PHRASE_MARGIN * words for run in runs(phrase, slug, 0))


def _standalone(text: str, run: Run) -> bool:
    """The run is its whole block: a heading or a product line, which is often not the link."""
    return not text[:run.start].strip() and _TRAILING.fullmatch(text[run.end:]) is not None


def _own_words(texts: Sequence[str], blocks: Sequence[int], slug: Sequence[str], run: Run) -> int:
    """How many of the run's slug words occur nowhere else in the dump (topic words recur)."""
    counts = dict.fromkeys(run.matched, 0)
    stems = frozenset(slug[index][:MIN_STEM] for index in counts)
    for i in blocks:
        for token in _TOKEN.finditer(texts[i]):
            word = token.group().lower()
            if word[:MIN_STEM] in stems:
                for index in counts:
                    counts[index] += same_word(slug[index], word)
    return sum(1 for count in counts.values() if count == 1)


def runs(text: str, slug: Sequence[str], block: int) -> list[Run]:
    """Every maximal run of slug words in ``text``."""
    found: list[Run] = []
    used: set[int] = set()
    stems = frozenset(word[:MIN_STEM] for word in slug)  # a word that matches shares these letters
    start = end = end_of_last = -1
    for token in _TOKEN.finditer(text):
        word = token.group().lower()
        if start >= 0 and not _JOIN.fullmatch(text[end_of_last:token.start()]):
            found += _close(block, start, end, used)
            start = -1
        index = _unused_match(word, slug, used) if word[:MIN_STEM] in stems else None
        if index is None and start >= 0 and word not in STOP_WORDS:
            found += _close(block, start, end, used)  # a foreign word, or a slug word again
            start = -1
            index = _unused_match(word, slug, used) if word[:MIN_STEM] in stems else None
        if index is not None:
            start = token.start() if start < 0 else start
            end = token.end()
            used.add(index)
        end_of_last = token.end()
    return found + _close(block, start, end, used)


def _unused_match(word: str, slug: Sequence[str], used: set[int]) -> int | None:
    return next((i for i, s in enumerate(slug) if i not in used and same_word(s, word)), None)


def _close(block: int, start: int, end: int, used: set[int]) -> list[Run]:
    """The run from ``start`` to ``end`` (if one is open); ``used`` is emptied for the next."""
    matched = frozenset(used)
    used.clear()
    return [Run(block=block, start=start, end=end, matched=matched)] if start >= 0 else []
