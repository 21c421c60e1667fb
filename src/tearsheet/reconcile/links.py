"""Links of a reconciled body: merge every capture's links on the same words, then place
the URLs a text dump listed at its page ends.

Positions are letter-key offsets in a merged block (see ``keys``), so a link found on
"he said," in one capture and on "he said" in another is the same link.

A text dump lists each page's link URLs in annotation order (a link wrapped over two
lines twice) without their anchors. For each page of the dump, its URLs (wrapped
duplicates removed) are aligned with the links in that page's stretch of the reconciled
body, in order: pairs are anchored where evidence confirms them (the same href is already
there; the URL's slug shares the anchor's words); the others are placed by order only
when the counts match exactly and no anchor contradicts the order. Nothing is placed
when counts or evidence disagree: those URLs stay unplaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from tearsheet.models import Conflict, Link, Source
from tearsheet.reconcile.align import MergedBlock
from tearsheet.reconcile.keys import words

# Words too common to confirm a URL-anchor pair.
STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "her",
    "his", "in", "is", "it", "its", "of", "on", "or", "said", "says", "she", "that", "the",
    "their", "this", "to", "was", "were", "will", "with", "after", "over", "new", "more", "than",
    "into", "about",
])
MIN_WORD = 3  # shorter words are too common to count as slug evidence
SLUG_ANCHOR_WORDS = 2  # anchor words found in a URL slug that confirm the pair on their own
SLUG_CONTEXT_WORDS = 2  # a one-word anchor also needs this many context words in the slug


@dataclass(slots=True)
class MergedLink:
    """A link of the reconciled body, positioned by letter-key offsets in block ``block``."""

    block: int
    start: int
    end: int
    href: str | None
    sources: list[Source]
    pages: dict[int, int | None]  # capture index → print page of the words it sits on
    lead: str = ""  # marks the anchor starts with before its first letter (".DJI")
    trail: str = ""  # marks after its last letter ("Disney+")


@dataclass(frozen=True, slots=True)
class _Candidate:
    capture: int
    start: int
    end: int
    href: str | None
    lead: str
    trail: str


def merge_block_links(index: int, block: MergedBlock, text_capture: int, ids: Sequence[str],
                      rank: Sequence[int]) -> tuple[list[MergedLink], list[Conflict]]:
    """One merged block's links from every version, and href conflicts on one anchor."""
    candidates = sorted(_candidates(block), key=lambda c: (c.start, c.end, c.capture))
    links: list[MergedLink] = []
    conflicts: list[Conflict] = []
    for cluster in _overlapping(candidates):
        link, conflict = _resolve(index, cluster, text_capture, ids, rank)
        link.pages = {v.capture: v.block.page for v in block.versions if v.offset <= link.start < v.end}
        links.append(link)
        if conflict:
            conflicts.append(conflict)
    return links, conflicts


def _candidates(block: MergedBlock) -> list[_Candidate]:
    found = []
    for v in block.versions:
        for link in v.block.links:
            if link.start is None:
                continue
            start = v.offset + v.keyed.key_offset(link.start)
            end = v.offset + v.keyed.key_offset(link.start + len(link.text))
            if end > start:
                found.append(_Candidate(v.capture, start, end, link.href, *_edges(link.text)))
    return found


def _edges(anchor: str) -> tuple[str, str]:
    """The non-letter marks an anchor starts and ends with (kept when it moves to other text)."""
    stripped = anchor.strip()
    first = next((i for i, ch in enumerate(stripped) if ch.isalnum()), len(stripped))
    last = next((i for i in range(len(stripped) - 1, -1, -1) if stripped[i].isalnum()), -1)
    return stripped[:first], stripped[last + 1:]


def _overlapping(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    clusters: list[list[_Candidate]] = []
    end = -1
    for c in candidates:
        if clusters and c.start < end:
            clusters[-1].append(c)
            end = max(end, c.end)
        else:
            clusters.append([c])
            end = c.end
    return clusters


def _resolve(index: int, cluster: list[_Candidate], text_capture: int, ids: Sequence[str],
             rank: Sequence[int]) -> tuple[MergedLink, Conflict | None]:
    real = [c for c in cluster if c.href]
    pool = real or cluster
    votes = Counter(c.href for c in pool)
    href = max(votes, key=lambda h: (votes[h], max(rank[c.capture] for c in pool if c.href == h),
                                     -min(c.capture for c in pool if c.href == h)))
    chosen = [c for c in pool if c.href == href]
    span = next((c for c in chosen if c.capture == text_capture), chosen[0])
    sources = [Source(capture=ids[c.capture], how="exact" if c.capture == text_capture else "aligned")
               for c in _unique_captures(chosen)]
    conflict = None
    if len(votes) > 1 and real:
        values = tuple((h or "", tuple(ids[c.capture] for c in _unique_captures(pool) if c.href == h))
                       for h in sorted(votes, key=lambda h: h or ""))
        conflict = Conflict(field="link", values=values, chosen=href or "")
    return MergedLink(index, span.start, span.end, href, sources, {}, span.lead, span.trail), conflict


def _unique_captures(cands: list[_Candidate]) -> list[_Candidate]:
    seen: set[int] = set()
    return [c for c in cands if not (c.capture in seen or seen.add(c.capture))]  # type: ignore[func-returns-value]


def dump_pages(links: Sequence[Link]) -> dict[int | None, list[str]]:
    """A dump's unplaced URLs by page, in order, with wrapped-link duplicates removed."""
    pages: dict[int | None, list[str]] = {}
    for link in links:
        if not link.href:
            continue
        urls = pages.setdefault(link.page, [])
        if not urls or urls[-1] != link.href:
            urls.append(link.href)
    return pages


def place_unplaced(links: list[MergedLink], capture: int, capture_id: str, unplaced: Sequence[Link],
                   anchors: Sequence[str], contexts: Sequence[str], last_block: dict[int, int]) -> list[Link]:
    """Fill links from one dump's page URL lists; returns the URLs left unplaced.

    ``anchors``/``contexts`` are parallel to ``links``: the anchor text and the text
    around it in the reconciled body. ``last_block`` gives, per print page, the last
    merged block holding the dump's text of that page: a paragraph the dump rejoined
    across a page break is filed under its first page, so links beyond that page's URL
    count in that last block are carried over to the next page.
    """
    listed = dump_pages(unplaced)
    left: list[Link] = []
    carry: list[int] = []
    for page in sorted(set(last_block) | {p for p in listed if p is not None}):
        urls = listed.get(page, [])
        slots = carry + [i for i, link in enumerate(links) if link.pages.get(capture, -1) == page]
        carry = []
        excess = len(slots) - len(urls)
        if excess > 0 and all(links[s].block == last_block.get(page) for s in slots[len(urls):]):
            slots, carry = slots[:len(urls)], slots[len(urls):]
        if urls:
            placed = _place_page(links, slots, urls, capture_id, anchors, contexts)
            left.extend(Link(text="", href=u, page=page) for n, u in enumerate(urls) if n not in placed)
    return left


def _place_page(links: list[MergedLink], slots: list[int], urls: list[str], capture_id: str,
                anchors: Sequence[str], contexts: Sequence[str]) -> set[int]:
    """Pair one page's URLs with its link slots; returns the indexes of the URLs used."""
    # A slot that already has an href not in this page's list was not annotated on this page.
    slots = [s for s in slots if links[s].href is None or links[s].href in urls]
    pairs = _anchor_pairs(links, slots, urls, anchors, contexts)
    in_order = len(slots) == len(urls) and all(si == ui for si, ui, _ in pairs)
    if in_order:
        taken = {si for si, _, _ in pairs}
        pairs += [(n, n, "inferred-by-order") for n in range(len(slots)) if n not in taken]
    used = set()
    for si, ui, how in pairs:
        link = links[slots[si]]
        used.add(ui)
        if link.href is None:
            link.href = urls[ui]
            link.sources = [*link.sources, Source(capture=capture_id, how=how)]
        elif link.href == urls[ui] and all(s.capture != capture_id for s in link.sources):
            link.sources = [*link.sources, Source(capture=capture_id, how="aligned")]
    return used


def _anchor_pairs(links: list[MergedLink], slots: list[int], urls: list[str], anchors: Sequence[str],
                  contexts: Sequence[str]) -> list[tuple[int, int, str]]:
    """Confirmed (slot, url) pairs, increasing in both: same href, or slug evidence."""
    pairs: list[tuple[int, int, str]] = []
    next_url = 0
    for si, slot in enumerate(slots):
        href = links[slot].href
        if href is not None:
            match = next((u for u in range(next_url, len(urls)) if urls[u] == href), None)
            how = "aligned"
        else:
            match = _slug_match(anchors[slot], contexts[slot], urls, next_url)
            how = "slug"
        if match is not None:
            pairs.append((si, match, how))
            next_url = match + 1
    return pairs


def _slug_match(anchor: str, context: str, urls: list[str], first: int) -> int | None:
    """The one URL (from ``first`` on) whose slug the anchor's words confirm, or None."""
    anchor_words = _content_words(anchor)
    if not anchor_words:
        return None
    context_words = _content_words(context) - anchor_words
    scores = []
    for u in range(first, len(urls)):
        slug = _slug_words(urls[u])
        hits = len(anchor_words & slug)
        context_hits = len(context_words & slug)
        if hits >= SLUG_ANCHOR_WORDS or (hits == len(anchor_words) and context_hits >= SLUG_CONTEXT_WORDS):
            scores.append((hits * 2 + context_hits, u))
    if not scores:
        return None
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        return None  # two URLs fit as well: no evidence for either
    return scores[0][1]


def _content_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= MIN_WORD and w not in STOPWORDS}


def _slug_words(url: str) -> set[str]:
    path = unquote(urlsplit(url).path)
    return _content_words(" ".join(path.replace("-", " ").replace("_", " ").split("/")[-2:]))
