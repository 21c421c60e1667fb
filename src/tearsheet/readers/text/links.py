"""Put a dump's page-end URLs back on their anchors — only where the evidence is strong.

A text dump lists every page's link URLs after the page's text, without saying which words
each one sat on. A URL is placed only when the text itself names it:

* **literal**: the text spells the URL out (``www.my6sense.com``, ``https://goo.gl/x``);
* **slug**: the words of the URL's slug are, in order, the words of a "Related: …" line or
  of a paragraph's lead sentence ("Related article: The Real Winner of …" ↔
  ``…/the-real-winner-of-…``), both ways: most slug words are in the sentence and most of
  the sentence's words are in the slug; the whole sentence (label and final stop left
  out) is the anchor;
* **name**: every word of a short slug is a capitalised run of words in the text
  (``…/players/2139869/myles-garrett`` ↔ "Myles Garrett"), or a whole capitalised run
  (a product or proper name, not part of a longer one) consists of slug words only and
  holds at least half of them (``…/Apple-MWP22AM-A-AirPods-Pro/…`` ↔ "AirPods Pro");
  its first mention inside a sentence is the anchor — a name standing alone as a whole
  line (a heading, a product name above its price) is often not the link, so it is never
  taken on the slug alone; and a name that holds only part of the slug counts only where
  its page names it once (a name the page keeps using is its topic: "MacBook Pro" in a
  story on the MacBook Pro, linked anywhere).

A URL the dump lists twice in a row had one annotation per printed line: its anchor wraps
onto a second line. So an anchor must wrap exactly when its URL is listed twice, and a
wrapped URL may also take the one capitalised run of its page that wraps, is mostly
made of slug words, holds half of them and is named once on the page ("AirPods 2 with
Wireless⏎Charging Case" ↔ ``…/Apple-AirPods-Wireless-Charging-Latest/…``).

Not evidence on its own: a lower-case phrase of slug words ("US-China trade deal" ↔
``…/us-china-trade-deal-snag/``): news slugs are made of the story's topic words, which
the text repeats everywhere, so such a match picks the wrong words. Only as a last resort,
a **phrase**: the one run of slug words in the dump, side by side, in any order, inflected
("extend a temporary general license" ↔ ``…/huawei-temporary-general-license-extended/``),
holding most of the slug, with words the rest of the dump never uses, and clearly ahead
of any other run (``phrase``).

Each page's URLs are placed in list order on that page's text only, each after the one
before. Anything else stays an unplaced link (``start=None``) with its page, for a later
alignment with another capture of the same article. A wrong placement is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from tearsheet.models import Block, Link, Related
from tearsheet.readers.common.urls import split_url
from tearsheet.readers.text.pages import Page
from tearsheet.readers.text.phrase import phrase_run
from tearsheet.readers.text.slug import MIN_STEM, STOP_WORDS, content, same_word, slug_words

SLUG_COVERAGE = 0.7  # share of the slug's content words found, in order, in the sentence
UNIT_COVERAGE = 0.6  # share of the sentence's content words that the slug holds
MIN_SLUG_WORDS = 2  # one shared word ("earnings") is a coincidence, not evidence
NAME_RUN_COVERAGE = 0.5  # a capitalised name holds at least this share of the slug's words
WRAPPED_RUN_SHARE = 0.5  # a wrapped link's name: at least this share of its words in the slug
MIN_UNIT_WORDS = 3  # a whole sentence is an anchor only when at least this many slug words match
MAX_GAP = 3  # text words allowed between two matched slug words ("is", "the", a middle name)
MAX_UNIT_CHARS = 300  # a sentence or line longer than this is not one anchor
MIN_LITERAL_CHARS = 6  # "x.com"-sized strings match too much
MAX_CHECKS = 20_000  # (URL, block) pairs examined per dump; a real one needs a few hundred

_WORD = re.compile(r"\w+")
_NAME_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_RELATED_LABEL = re.compile(
    r"(?:related(?:\s+(?:article|articles|story|stories|coverage|content|link|links|reading))?|"
    r"read\s+more|read\s+also|also\s+read|see\s+also|more\s+on\s+this|recommended|further\s+reading)"
    r"\s*[:：|]\s*",
    re.I,
)
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…。！？])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])")
_TRAILING_STOP = re.compile(r"[\s.,;:!?…。]+$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Placement:
    blocks: tuple[Block, ...]  # body blocks, placed links added; related lines removed
    related: tuple[Related, ...]
    unplaced: tuple[Link, ...]  # every URL not placed, in page order, with its page


@dataclass(frozen=True, slots=True, kw_only=True)
class _Anchor:
    block: int
    start: int
    text: str


def place_links(blocks: Sequence[Block], spans: Sequence[tuple[int, int]], breaks: Sequence[tuple[int, ...]],
                pages: Sequence[Page]) -> Placement:
    """Place the pages' URLs on ``blocks``.

    ``spans`` holds each block's first and last page, ``breaks`` the offsets where its
    printed lines begin: a link whose words wrap onto a second line has one annotation per
    line, so the dump lists its URL twice — and a URL listed once sat on one line.
    """
    placed: dict[int, list[Link]] = {}
    related_hrefs: dict[int, str] = {}
    unplaced: list[Link] = []
    placed_urls: set[str] = set()
    mentions: dict[tuple[int, int, str], int] = {}
    listed = tuple(dict.fromkeys(url for page in pages for url in page.urls))
    budget = _Budget(MAX_CHECKS)
    keys = [_block_keys(block.text) for block in blocks]
    on_page: dict[int, list[int]] = {}
    for index, (first, last) in enumerate(spans):
        for number in range(first, last + 1):
            on_page.setdefault(number, []).append(index)
    for page in pages:
        cursor = (0, 0)
        for url, wrapped in zip(page.urls, page.wrapped or [False] * len(page.urls), strict=False):
            where = _Where(blocks=blocks, keys=keys, breaks=breaks, page_blocks=on_page.get(page.number, []),
                           placed_urls=placed_urls, urls=listed, mentions=mentions)
            anchor = _find_anchor(where, url, wrapped, cursor, budget)
            if anchor is None:
                unplaced.append(Link(text="", href=url, start=None, page=page.number))
                continue
            if _related_title(blocks[anchor.block].text) is not None:
                related_hrefs.setdefault(anchor.block, url)
            placed.setdefault(anchor.block, []).append(
                Link(text=anchor.text, href=url, start=anchor.start, page=page.number))
            cursor = (anchor.block, anchor.start + len(anchor.text))
            placed_urls.add(url)
    return _assemble(blocks, placed, related_hrefs, unplaced)


def _assemble(blocks: Sequence[Block], placed: dict[int, list[Link]], related_hrefs: dict[int, str],
              unplaced: list[Link]) -> Placement:
    body: list[Block] = []
    related: list[Related] = []
    for i, block in enumerate(blocks):
        title = _related_title(block.text)
        if title is not None:
            related.append(Related(title=title, href=related_hrefs.get(i)))
            continue
        links = tuple(sorted(placed.get(i, ()), key=lambda link: link.start or 0))
        body.append(replace(block, links=block.links + links) if links else block)
    return Placement(blocks=tuple(body), related=tuple(related), unplaced=tuple(unplaced))


def _related_title(text: str) -> str | None:
    """The title of a "Related article: …" line, or None for any other block."""
    match = _RELATED_LABEL.match(text)
    if not match or len(text) > MAX_UNIT_CHARS:
        return None
    title = text[match.end():].strip()
    return title or None


@dataclass(slots=True)
class _Budget:
    left: int  # (URL, block) pairs still to examine in this dump


def _block_keys(text: str) -> tuple[str, frozenset[str]]:
    """A block's lower-cased text and the first letters of its words, to skip blocks fast."""
    lowered = text.lower()
    return lowered, frozenset(word[:MIN_STEM] for word in _WORD.findall(lowered))


def _url_keys(url: str) -> tuple[list[str], frozenset[str]]:
    forms = [form.lower() for form in _literal_forms(url)]
    return forms, frozenset(word[:MIN_STEM] for word in content(slug_words(url)))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Where:
    """The blocks a page's URLs can be placed on, with what placement needs to know of them."""

    blocks: Sequence[Block]
    keys: Sequence[tuple[str, frozenset[str]]]
    breaks: Sequence[tuple[int, ...]]
    page_blocks: list[int]
    placed_urls: set[str]  # URLs placed so far in the dump
    urls: tuple[str, ...]  # every URL the dump lists
    mentions: dict[tuple[int, int, str], int]  # (page's first and last block, name) → times named

    def wraps(self, block: int, start: int, text: str) -> bool:
        return any(start < b < start + len(text) for b in self.breaks[block])

    def recurs(self, name: str) -> bool:
        """The page names it more than once: the page's topic, which a link may sit anywhere near."""
        key = (self.page_blocks[0], self.page_blocks[-1], name.lower()) if self.page_blocks else (-1, -1, "")
        if key not in self.mentions:
            words = _WORD.findall(name)
            pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.I)
            found = (1 for i in self.page_blocks for _ in pattern.finditer(self.blocks[i].text))
            self.mentions[key] = sum(1 for _ in zip(range(2), found, strict=False))  # 2 = "again"
        return self.mentions[key] > 1


def _find_anchor(where: _Where, url: str, wrapped: bool, cursor: tuple[int, int],
                 budget: _Budget) -> _Anchor | None:
    """The anchor of ``url`` among the blocks of its page, at or after ``cursor``."""
    forms, prefixes = _url_keys(url)
    candidates = [i for i in where.page_blocks if i >= cursor[0]
                  and (any(form in where.keys[i][0] for form in forms)
                       or len(prefixes & where.keys[i][1]) >= MIN_SLUG_WORDS)]
    budget.left -= len(candidates)
    if budget.left < 0:
        return None  # a hostile dump: leave the rest unplaced rather than spend minutes
    for finder in (_literal_anchor, _name_anchor, _slug_unit_anchor, _name_run_anchor):
        for i in candidates:
            offset = cursor[1] if i == cursor[0] else 0
            anchor = finder(where.blocks[i].text, url, offset)
            # One line, one listing: an anchor that wraps is listed twice, and only it is.
            if anchor is None or where.wraps(i, anchor[0], anchor[1]) != wrapped:
                continue
            # A name holding part of the slug is evidence only where the page names it once.
            if finder is _name_run_anchor and where.recurs(anchor[1]):
                continue
            return _Anchor(block=i, start=anchor[0], text=anchor[1])
    found = _wrapped_anchor(where, candidates, url, cursor) if wrapped else None
    return found or _phrase_anchor(where, url, wrapped, cursor, budget)


def _phrase_anchor(where: _Where, url: str, wrapped: bool, cursor: tuple[int, int],
                   budget: _Budget) -> _Anchor | None:
    """The one run of slug words in the dump that names the link (``phrase``), if on its page.

    Its URL placed once already, a second listing is a second link elsewhere, not this run.
    """
    if url in where.placed_urls:
        return None
    _, prefixes = _url_keys(url)
    scanned = [i for i, key in enumerate(where.keys) if prefixes & key[1]]
    budget.left -= len(scanned)
    if budget.left < 0:
        return None
    run = phrase_run([block.text for block in where.blocks], scanned, url, where.urls)
    if run is None or run.block not in where.page_blocks or (run.block, run.start) < cursor:
        return None
    text = where.blocks[run.block].text[run.start:run.end]
    if where.wraps(run.block, run.start, text) != wrapped:
        return None
    return _Anchor(block=run.block, start=run.start, text=text)


def _wrapped_anchor(where: _Where, candidates: list[int], url: str,
                    cursor: tuple[int, int]) -> _Anchor | None:
    """A wrapped link's name: the one capitalised run on the page that wraps, mostly of slug words."""
    slug = content(slug_words(url))
    found: list[_Anchor] = []
    for i in candidates:
        text = where.blocks[i].text
        offset = cursor[1] if i == cursor[0] else 0
        for start, end, words in _capitalised_runs(text, offset):
            if not where.wraps(i, start, text[start:end]) or _standalone(text, start, end) \
                    or where.recurs(text[start:end]):
                continue
            meaningful = content(words)
            parts = [p.lower() for w in meaningful for p in re.split(r"[-'’]", w) if p]
            hits = [p for p in parts if any(same_word(s, p) for s in slug)]
            matched = {s for s in slug if any(same_word(s, p) for p in parts)}
            if len(matched) >= max(MIN_SLUG_WORDS, NAME_RUN_COVERAGE * len(slug)) \
                    and len(hits) >= WRAPPED_RUN_SHARE * len(parts):
                found.append(_Anchor(block=i, start=start, text=text[start:end]))
    return found[0] if len(found) == 1 else None


# --- literal: the text spells the URL out ---------------------------------------------------

@lru_cache(maxsize=4096)
def _literal_forms(url: str) -> tuple[str, ...]:
    parts = split_url(url)
    bare = (parts.netloc + parts.path).rstrip("/")
    if parts.query:
        bare += "?" + parts.query
    forms = [url.rstrip("/"), bare]
    if bare.lower().startswith("www."):
        forms.append(bare[4:])
    return tuple(f for f in forms if len(f) >= MIN_LITERAL_CHARS and "." in f)


def _literal_anchor(text: str, url: str, offset: int) -> tuple[int, str] | None:
    lowered = text.lower()
    for form in _literal_forms(url):
        escaped = re.escape(form.lower())
        pattern = re.compile(r"(?<![\w./])(?:https?://)?(?:www\.)?" + escaped + r"/?(?![\w/])")
        match = pattern.search(lowered, offset)
        if match:
            return match.start(), text[match.start():match.end()]
    return None


# --- slug words in order ---------------------------------------------------------------

def _match_run(tokens: list[re.Match[str]], slug: list[str]) -> list[int] | None:
    """Token indexes where the slug's words occur in order, at most MAX_GAP words apart.

    Tries every start; keeps the run that matches the most slug words.
    """
    best: list[int] = []
    for start, token in enumerate(tokens):
        first = next((j for j, word in enumerate(slug) if same_word(word, token.group().lower())), None)
        if first is None or first > len(slug) - len(best):
            continue
        run = [start]
        position = start
        for word in slug[first + 1:]:
            nxt = next((k for k in range(position + 1, min(len(tokens), position + 2 + MAX_GAP))
                        if same_word(word, tokens[k].group().lower())), None)
            if nxt is not None:
                run.append(nxt)
                position = nxt
        if len(run) > len(best):
            best = run
    return best or None


# --- slug ↔ one whole sentence or line ------------------------------------------------------

def _units(text: str) -> list[tuple[int, int]]:
    """The sentences that can be a whole-sentence anchor: (start, end).

    A "Related article: …" line's title, or the lead sentence of a paragraph that goes on
    (a briefing item: "Headline of the linked story. What it says …"). A standalone line
    that merely reads like the slug — a product name above its price, a section heading —
    is often not the link, so it is never taken on the slug alone.
    """
    label = _RELATED_LABEL.match(text)
    if label:
        return [(label.end(), len(text))]
    first = _SENTENCE_BREAK.search(text)
    return [(0, first.start())] if first else []


def _slug_unit_anchor(text: str, url: str, offset: int) -> tuple[int, str] | None:
    slug = content(slug_words(url))
    if len(slug) < MIN_SLUG_WORDS:
        return None
    for start, end in _units(text):
        if end <= offset or end - start > MAX_UNIT_CHARS:
            continue
        unit = _TRAILING_STOP.sub("", text[start:end])
        tokens = [t for t in _WORD.finditer(unit) if t.group().lower() not in STOP_WORDS]
        run = _match_run(tokens, slug)
        if run is None or start < offset or len(run) < MIN_UNIT_WORDS:
            continue
        slug_share = len(run) / len(slug)
        unit_share = len(run) / max(1, len(tokens))
        if slug_share >= SLUG_COVERAGE and unit_share >= UNIT_COVERAGE:
            return start, unit
    return None


# --- slug = a capitalised name in the text --------------------------------------------------

def _name_anchor(text: str, url: str, offset: int) -> tuple[int, str] | None:
    words = slug_words(url)
    slug = content(words)
    if len(slug) < MIN_SLUG_WORDS or len(words) > 2 * len(slug) + 1:
        return None
    pattern = r"\W+(?:\w+\W+)?".join(re.escape(w) for w in words)
    for match in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", text[offset:], re.I):
        anchor = match.group()
        named = content(_WORD.findall(anchor))
        start = offset + match.start()
        if len(named) == len(slug) and all(w[0].isupper() or w[0].isdigit() for w in named) \
                and not _standalone(text, start, start + len(anchor)):
            return start, anchor
    return None


def _name_run_anchor(text: str, url: str, offset: int) -> tuple[int, str] | None:
    slug = content(slug_words(url))
    if len(slug) < MIN_SLUG_WORDS:
        return None
    for start, end, words in _capitalised_runs(text, offset):
        if _standalone(text, start, end):
            continue
        named = content(words)
        if len(named) < MIN_SLUG_WORDS:
            continue
        parts = [part.lower() for word in named for part in re.split(r"[-'’]", word) if part]
        matched = {s for s in slug if any(same_word(s, part) for part in parts)}
        if all(any(same_word(s, part) for s in slug) for part in parts) \
                and len(matched) >= NAME_RUN_COVERAGE * len(slug):
            return start, text[start:end]
    return None


def _capitalised_runs(text: str, offset: int) -> list[tuple[int, int, list[str]]]:
    """Maximal runs of capitalised words (stop words allowed inside), space-separated only."""
    runs: list[tuple[int, int, list[str]]] = []
    current: list[re.Match[str]] = []
    for token in _NAME_TOKEN.finditer(text, offset):
        word = token.group()
        capital = word[0].isupper() or word[0].isdigit()
        joined = current and text[current[-1].end():token.start()].isspace()
        if not joined:
            runs.extend(_run(current))
            current = []
        if capital or (current and word.lower() in STOP_WORDS):
            current.append(token)
        else:
            runs.extend(_run(current))
            current = []
    runs.extend(_run(current))
    return runs


def _run(tokens: list[re.Match[str]]) -> list[tuple[int, int, list[str]]]:
    """A run without the stop words at its ends ("The", "As" open sentences, not names)."""
    while tokens and tokens[-1].group().lower() in STOP_WORDS:
        tokens = tokens[:-1]
    while tokens and tokens[0].group().lower() in STOP_WORDS:
        tokens = tokens[1:]
    if not tokens:
        return []
    return [(tokens[0].start(), tokens[-1].end(), [t.group() for t in tokens])]


def _standalone(text: str, start: int, end: int) -> bool:
    """The name is the whole block: a heading or a product line, which is often not the link."""
    return not text[:start].strip() and not _TRAILING_STOP.sub("", text[end:]).strip()

