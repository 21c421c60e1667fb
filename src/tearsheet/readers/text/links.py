"""Put a dump's page-end URLs back on their anchors — only where the text itself names them.

A text dump lists every page's link URLs after the page's text, without saying which words
each one sat on. A URL is placed only when the text states both the link and its words:

* **literal**: the text spells the URL out (``www.my6sense.com``, ``https://goo.gl/x``),
  and names the site nowhere else on that page: "enter momondo.com directly" on a page
  that says "Momondo" twenty times is as likely a plain mention, the link on a "Momondo";
* **related**: a "Related: …" / "Read more: …" line whose title's words are, in order, the
  words of the URL's slug, both ways (most slug words in the title, most of the title's
  words in the slug); the whole title is the anchor.

Not evidence of an anchor on its own, measured on 890 generated capture sets of sites
never tuned on (bench/link_placement.py): a capitalised name made of slug words ("Social
Media Marketing" ↔ ``…/social-media-marketing``), a run of slug words, or a paragraph's
lead sentence that reads like the slug. They picked the right words about half the time
— the link sat on a longer phrase ("Social Media Marketing Certificate") or on another
mention of the page's topic — and a dump alone cannot tell which. Those URLs stay
unplaced links (``start=None``) with their page, in list order, for the reconciler,
which learns each anchor's words from a capture that marks them (a clip's ``[text](#)``).
A wrong placement is worse than none.

Each page's URLs are placed in list order on that page's text only, each after the one
before; a related line's URL must be listed twice exactly when its title wraps (one
annotation per printed line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from tearsheet.models import Block, Link, Related
from tearsheet.readers.common.urls import split_url
from tearsheet.readers.text.pages import Page
from tearsheet.readers.text.slug import MIN_STEM, STOP_WORDS, content, same_word, slug_words

SLUG_COVERAGE = 0.7  # share of the slug's content words found, in order, in the title
UNIT_COVERAGE = 0.6  # share of the title's content words that the slug holds
MIN_SLUG_WORDS = 2  # one shared word ("earnings") is a coincidence, not evidence
MIN_UNIT_WORDS = 3  # a title is an anchor only when at least this many slug words match
MAX_GAP = 3  # text words allowed between two matched slug words ("is", "the", a middle name)
MAX_UNIT_CHARS = 300  # a line longer than this is not one related-story title
MIN_LITERAL_CHARS = 6  # "x.com"-sized strings match too much
MIN_SITE_NAME = 4  # a host label shorter than this ("co", "bbc") is too common to look for
MAX_CHECKS = 20_000  # (URL, block) pairs examined per dump; a real one needs a few hundred

_WORD = re.compile(r"\w+")
_RELATED_LABEL = re.compile(
    r"(?:related(?:\s+(?:article|articles|story|stories|coverage|content|link|links|reading))?|"
    r"read\s+more|read\s+also|also\s+read|see\s+also|more\s+on\s+this|recommended|further\s+reading)"
    r"\s*[:：|]\s*",
    re.I,
)
_BARE_HOST = re.compile(r"(?!https?:|www\.)[\w.@-]+", re.I)  # "momondo.com", a mail address
_PATH_TOKEN = re.compile(r"\S*\w/\w\S*")  # a spelled URL with a path
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


@dataclass(slots=True)
class _Budget:
    left: int  # (URL, block) pairs still to examine in this dump


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
    budget = _Budget(MAX_CHECKS)
    keys = [_block_keys(block.text) for block in blocks]
    on_page: dict[int, list[int]] = {}
    for index, (first, last) in enumerate(spans):
        for number in range(first, last + 1):
            on_page.setdefault(number, []).append(index)
    for page in pages:
        cursor = (0, 0)
        for url, wrapped in zip(page.urls, page.wrapped or [False] * len(page.urls), strict=False):
            page_blocks = on_page.get(page.number, [])
            candidates = _candidates(keys, page_blocks, url, cursor, budget)
            anchor = _find_anchor(blocks, breaks, candidates, url, wrapped, cursor)
            if anchor is not None and _named_elsewhere(blocks, page_blocks, url, anchor):
                anchor = None
            if anchor is None:
                unplaced.append(Link(text="", href=url, start=None, page=page.number,
                                     listed=2 if wrapped else 1))
                continue
            if _related_title(blocks[anchor.block].text) is not None:
                related_hrefs.setdefault(anchor.block, url)
            placed.setdefault(anchor.block, []).append(
                Link(text=anchor.text, href=url, start=anchor.start, page=page.number))
            cursor = (anchor.block, anchor.start + len(anchor.text))
    return _assemble(blocks, placed, related_hrefs, unplaced)


def _assemble(blocks: Sequence[Block], placed: dict[int, list[Link]], related_hrefs: dict[int, str],
              unplaced: list[Link]) -> Placement:
    body: list[Block] = []
    related: list[Related] = []
    for i, block in enumerate(blocks):
        title = _related_title(block.text)
        if title is not None:
            related.append(Related(title=title, href=related_hrefs.get(i), page=block.page))
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


def _block_keys(text: str) -> tuple[str, frozenset[str]]:
    """A block's lower-cased text and the first letters of its words, to skip blocks fast."""
    lowered = text.lower()
    return lowered, frozenset(word[:MIN_STEM] for word in _WORD.findall(lowered))


def _candidates(keys: Sequence[tuple[str, frozenset[str]]], page_blocks: list[int], url: str,
                cursor: tuple[int, int], budget: _Budget) -> list[int]:
    """The blocks of the URL's page, from the cursor on, that could name it at all."""
    forms = [form.lower() for form in _literal_forms(url)]
    prefixes = frozenset(word[:MIN_STEM] for word in content(slug_words(url)))
    found = [i for i in page_blocks if i >= cursor[0]
             and (any(form in keys[i][0] for form in forms) or len(prefixes & keys[i][1]) >= MIN_SLUG_WORDS)]
    budget.left -= len(found)
    return found if budget.left >= 0 else []  # a hostile dump: leave the rest unplaced


def _find_anchor(blocks: Sequence[Block], breaks: Sequence[tuple[int, ...]], candidates: list[int],
                 url: str, wrapped: bool, cursor: tuple[int, int]) -> _Anchor | None:
    """The anchor of ``url`` among ``candidates``, at or after ``cursor``."""
    for finder in (_literal_anchor, _related_anchor):
        for i in candidates:
            offset = cursor[1] if i == cursor[0] else 0
            anchor = finder(blocks[i].text, url, offset)
            # One line, one listing: an anchor that wraps is listed twice, and only it is.
            if anchor is None or _wraps(breaks[i], *anchor) != wrapped:
                continue
            return _Anchor(block=i, start=anchor[0], text=anchor[1])
    return None


def _wraps(breaks: tuple[int, ...], start: int, text: str) -> bool:
    return any(start < b < start + len(text) for b in breaks)


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


def _site_name(url: str) -> str | None:
    """The longest label of the URL's host (``momondo`` of ``www.momondo.com``), or of a
    mail address's domain; None when it is too short to look for."""
    parts = split_url(url)
    host = parts.path.rpartition("@")[2] if parts.scheme == "mailto" else (parts.hostname or "")
    labels = [label for label in host.lower().split(".")[:-1] if label != "www"]
    name = max(labels, key=len, default="")
    return name if len(name) >= MIN_SITE_NAME else None


def _named_elsewhere(blocks: Sequence[Block], page_blocks: list[int], url: str, anchor: _Anchor) -> bool:
    """A spelled bare host name or mail address (``momondo.com``; not ``www.momondo.com``,
    ``https://momondo.com`` or ``momondo.com/deals``, written as addresses to visit) whose
    site the page names again outside the spelled span: the link may have sat on that other
    mention ("Momondo"). Mentions inside another spelled path do not count."""
    bare = _BARE_HOST.fullmatch(anchor.text.strip())
    name = _site_name(url)
    if bare is None or name is None:
        return False
    pattern = re.compile(r"(?<![^\W_])" + re.escape(name) + r"(?![^\W_])", re.I)
    for i in page_blocks:
        text = blocks[i].text
        if i == anchor.block:
            text = text[:anchor.start] + " " + text[anchor.start + len(anchor.text):]
        if pattern.search(_PATH_TOKEN.sub(" ", text)):
            return True
    return False


def _literal_anchor(text: str, url: str, offset: int) -> tuple[int, str] | None:
    lowered = text.lower()
    for form in _literal_forms(url):
        escaped = re.escape(form.lower())
        pattern = re.compile(r"(?<![\w./])(?:https?://)?(?:www\.)?" + escaped + r"/?(?![\w/])")
        match = pattern.search(lowered, offset)
        if match:
            return match.start(), text[match.start():match.end()]
    return None


# --- related: a "Related: …" line whose title is the slug ---------------------------------

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


def _related_anchor(text: str, url: str, offset: int) -> tuple[int, str] | None:
    slug = content(slug_words(url))
    label = _RELATED_LABEL.match(text)
    if len(slug) < MIN_SLUG_WORDS or not label or len(text) > MAX_UNIT_CHARS or label.end() < offset:
        return None
    start = label.end()
    unit = _TRAILING_STOP.sub("", text[start:])
    tokens = [t for t in _WORD.finditer(unit) if t.group().lower() not in STOP_WORDS]
    run = _match_run(tokens, slug)
    if run is None or len(run) < MIN_UNIT_WORDS:
        return None
    if len(run) / len(slug) >= SLUG_COVERAGE and len(run) / max(1, len(tokens)) >= UNIT_COVERAGE:
        return start, unit
    return None
