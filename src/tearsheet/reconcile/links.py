"""Links of a reconciled body: merge every capture's links on the same words, then place
the URLs a text dump listed at its page ends.

Positions are letter-key offsets in a merged block (see ``keys``), so a link found on
"he said," in one capture and on "he said" in another is the same link.

A text dump lists each page's link URLs in annotation order (a link wrapped over two
lines twice; the reader lists it once) without their anchors. For each page of the dump,
its URLs are aligned with the links in that page's stretch of the reconciled
body, in order: pairs are anchored where evidence confirms them (the same href is already
there; the URL's slug shares the anchor's words); the others are placed by order only
when the counts match exactly and no anchor contradicts the order. Nothing is placed
when counts or evidence disagree: those URLs stay unplaced.

A count is exact only when the dump says what it counts: a link's page is the page of its
own words (the dump records where a page break split a paragraph). A URL listed twice in a
row may be one wrapped link or two links to one URL: it is read as one wrapped link only
when the whole page's count says so, and a stretch between confirmed pairs that holds one
takes nothing by order. A related-article line out of the body may hold one of its page's
URLs: that page takes nothing by order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from tearsheet.models import Conflict, Link, Related, Source
from tearsheet.reconcile.align import MergedBlock, Version
from tearsheet.reconcile.keys import KeyedText, words

# Words too common to confirm a URL-anchor pair.
STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "her",
    "his", "in", "is", "it", "its", "of", "on", "or", "said", "says", "she", "that", "the",
    "their", "this", "to", "was", "were", "will", "with", "after", "over", "new", "more", "than",
    "into", "about",
])
MIN_WORD = 3  # shorter words are too common to count as slug evidence
SLUG_ANCHOR_WORDS = 2  # anchor words found in a URL slug that confirm the pair
SLUG_ANCHOR_SHARE = 0.5  # … and at least this share of the anchor's content words
SLUG_MARGIN = 1  # the best slug holds at least this many more anchor words than any other
# How sure a placement by order is (Source.score): bounded by confirmed pairs on both
# sides, or by a page end on one (a clip's link the print lacks shifts the rest).
ORDER_BOUNDED = 0.9
ORDER_SCORE = 0.8


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
    # capture → print page of its last words: a later one when a page break splits the anchor
    end_pages: dict[int, int | None] = field(default_factory=dict)
    # capture → its words cross a printed line (a text dump lists the URL once per line);
    # only for a capture that holds the whole anchor in one block
    wraps: dict[int, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Candidate:
    capture: int
    start: int
    end: int
    href: str | None
    lead: str
    trail: str


@dataclass(frozen=True, slots=True)
class Witnesses:
    """Which captures state a link's words and which only infer them.

    ``inferring``: text dumps, whose reader put a URL on words it found in the text;
    ``marking``: captures that mark every link on its words (a clip's ``[text](#)``, a web
    page's ``<a>``). Where a marking capture holds the same words without a link, an
    inferred link there is contradicted: it is taken off, and its URL is returned.
    """

    inferring: frozenset[int] = frozenset()
    marking: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """An inferred link another capture contradicts: its URL, back to its dump's page."""

    capture: int
    link: Link


def merge_block_links(index: int, block: MergedBlock, text_capture: int, ids: Sequence[str],
                      rank: Sequence[int], witnesses: Witnesses = Witnesses()) -> tuple[
        list[MergedLink], list[Conflict], list[Withdrawn]]:
    """One merged block's links from every version, href conflicts on one anchor, and the
    inferred links a marking capture contradicts."""
    candidates = sorted(_candidates(block), key=lambda c: (c.start, c.end, c.capture))
    links: list[MergedLink] = []
    conflicts: list[Conflict] = []
    withdrawn: list[Withdrawn] = []
    for cluster in _overlapping(candidates):
        wrong = _contradicted(cluster, block, witnesses)
        withdrawn += [Withdrawn(c.capture, Link(text="", href=c.href, page=_page_of(block, c)))
                      for c in wrong if c.href]
        cluster = [c for c in cluster if c not in wrong]
        if not cluster:
            continue
        link, conflict = _resolve(index, cluster, text_capture, ids, rank)
        first, last = link.start, link.end - 1
        link.pages = {v.capture: _page_at(v, first) for v in block.versions if v.offset <= first < v.end}
        link.end_pages = {v.capture: _page_at(v, last) for v in block.versions if v.offset <= last < v.end}
        link.wraps = {v.capture: _crosses_line(v, first, link.end) for v in block.versions
                      if v.offset <= first and link.end <= v.end}
        links.append(link)
        if conflict:
            conflicts.append(conflict)
    return links, conflicts, withdrawn


def _page_at(version: Version, key: int) -> int | None:
    """The print page of a version's words at merged key offset ``key`` (a dump's paragraph
    that a page break split runs over two pages or more)."""
    page = version.block.page
    if page is None or not version.block.page_breaks:
        return page
    local = key - version.offset
    return page + sum(1 for b in version.block.page_breaks if version.keyed.key_offset(b) <= local)


def _crosses_line(version: Version, start: int, end: int) -> bool:
    """Whether the version's words at merged key offsets ``start`` … ``end`` run onto another line."""
    low, high = start - version.offset, end - version.offset
    return any(low < version.keyed.key_offset(b) < high for b in version.block.line_breaks)


def _contradicted(cluster: list[_Candidate], block: MergedBlock, witnesses: Witnesses) -> list[_Candidate]:
    """The inferred links of a cluster that a capture marking links contradicts: it holds
    their words without a link, or with a link on other words (a longer or shorter anchor)."""
    inferred = [c for c in cluster if c.capture in witnesses.inferring]
    marked = {(c.start, c.end) for c in cluster if c.capture in witnesses.marking}
    if marked:
        return [c for c in inferred if (c.start, c.end) not in marked]
    if len(inferred) < len(cluster):
        return []
    start, end = min(c.start for c in cluster), max(c.end for c in cluster)
    marking = [v for v in block.versions if v.capture in witnesses.marking]
    return inferred if any(v.offset <= start and end <= v.end for v in marking) else []


def _page_of(block: MergedBlock, candidate: _Candidate) -> int | None:
    return next((v.block.page for v in block.versions
                 if v.capture == candidate.capture and v.offset <= candidate.start < v.end), None)


def _candidates(block: MergedBlock) -> list[_Candidate]:
    found = []
    for v in block.versions:
        for link in v.block.links:
            if link.start is None:
                continue
            local = v.keyed.key_offset(link.start), v.keyed.key_offset(link.start + len(link.text))
            if local[1] > local[0]:
                found.append(_Candidate(v.capture, v.offset + local[0], v.offset + local[1], link.href,
                                        *_edges(v.keyed, link, *local)))
    return found


def _edges(keyed: KeyedText, link: Link, start: int, end: int) -> tuple[str, str]:
    """The marks an anchor holds before its first and after its last key character
    (".DJI", "Disney+", a list number "10. " the key leaves out): kept when it moves to other text."""
    assert link.start is not None
    first, last = keyed.text_span(start, end)
    return keyed.text[link.start:first].lstrip(), keyed.text[last:link.start + len(link.text)].rstrip()


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


def ragged_pages(links: Sequence[Link]) -> set[int | None]:
    """The pages that list one URL again right after its wrapped pair (the reader keeps a
    third listing in a row as another link): two links or more, maybe more than two
    (four listings: two wrapped links, or four on one line each) — the page's link count is
    unknown."""
    return {link.page for n, link in enumerate(links)
            if n and link.href and link.href == links[n - 1].href and link.page == links[n - 1].page}


@dataclass(frozen=True, slots=True)
class Listing:
    """One page's URL list as the dump's reader gave it: a URL the dump listed twice in a row
    once (``doubled`` holds its index) — one link wrapped over two lines, or two links to one
    URL in a row: the page holds from ``len(urls)`` to ``len(urls) + len(doubled)`` links —
    less ``related`` when the page has related-article lines the dump placed no URL on
    (their URLs are in the list, but the lines are out of the body)."""

    urls: list[str]
    doubled: frozenset[int] = frozenset()
    related: int = 0

    def fits(self, count: int) -> bool:
        return len(self.urls) - self.related <= count <= len(self.urls) + len(self.doubled)

    def for_count(self, count: int) -> list[str] | None:
        """The URL of each of ``count`` links in order, when the count tells it: as many links
        as URLs, every doubled URL one wrapped link (the common case), no related line; else
        None. More links than URLs is never read as doubled URLs that were two links each: a
        clip's link the print does not annotate (a footnote mark) makes the same count."""
        return self.urls if count == len(self.urls) and not self.related else None


def dump_pages(links: Sequence[Link], related: Sequence[Related] = ()) -> dict[int | None, Listing]:
    """A dump's unplaced URLs by page, in order, and its unlinked related lines."""
    urls: dict[int | None, list[str]] = {}
    doubled: dict[int | None, set[int]] = {}
    for link in links:
        if link.href:
            listed = urls.setdefault(link.page, [])
            if link.listed > 1:
                doubled.setdefault(link.page, set()).add(len(listed))
            listed.append(link.href)
    lines: Counter[int | None] = Counter(r.page for r in related if r.href is None and r.page is not None)
    return {page: Listing(listed, frozenset(doubled.get(page, ())), lines[page])
            for page, listed in urls.items()}


def _walk(links: list[MergedLink], slots: list[int], listing: Listing, capture: int) -> list[str] | None:
    """The URL of each open slot, read off the dump's lines: a link whose words cross a line
    is listed twice in a row, one on a single line once — so a URL listed twice is one
    wrapped link when the slot there wraps, else two links on single lines. None when the
    lines and the list disagree anywhere, or the page has an unlinked related line."""
    if listing.related:
        return None
    slots = _open(links, slots, listing.urls)
    told: list[str] = []
    for n, url in enumerate(listing.urls):
        wraps = [links[s].wraps.get(capture, False) for s in slots[len(told):len(told) + 2]]
        if not wraps:
            return None
        if wraps[0]:
            if n not in listing.doubled:
                return None
            told.append(url)
        elif n in listing.doubled:
            if len(wraps) < 2 or wraps[1]:
                return None
            told += [url, url]
        else:
            told.append(url)
    return told if len(told) == len(slots) else None


def _fits(links: list[MergedLink], slots: list[int], listing: Listing) -> bool:
    return listing.fits(len(_open(links, slots, listing.urls)))


def place_unplaced(links: list[MergedLink], capture: int, capture_id: str, unplaced: Sequence[Link],
                   anchors: Sequence[str], last_block: dict[int, int],
                   spoiled: frozenset[int | None] = frozenset(), exact: bool = False,
                   related: Sequence[Related] = ()) -> list[Link]:
    """Fill links from one dump's page URL lists; returns the URLs left unplaced.

    ``anchors`` is parallel to ``links``: each one's anchor text in the reconciled body.
    ``last_block`` gives, per print page, the last merged block holding the dump's text of
    that page: a paragraph the dump rejoined across a page break is filed under its first
    page, so links beyond that page's URL count in that last block may belong to the next
    page — carried over only when the next page's URL list then matches its links exactly
    (the neighbour agrees). The URL counts of all pages together (``_splits``) check each
    page end: where the splits that fit the most pages carry another number of links over
    it, the end is unsure and no URL goes by order from it — only between confirmed pairs.
    On a ``spoiled`` page (the dump placed a URL there that another
    capture contradicts, so where it sat in the page's list is unknown) nothing goes by order.
    ``related``: the dump's related-article lines (a page's unlinked ones make its count
    unsure). ``exact``: the dump recorded where a page break split a paragraph (``Block.page_breaks``),
    so every link's page is known and none is carried; a link a page break splits is on both
    pages, as the dump lists it (the last of one page, the first of the next).
    """
    listed = dump_pages(unplaced, related)
    # Read off the lines, a URL listed three or four times in a row is as sure as one listed twice.
    ragged = ragged_pages(unplaced) if not exact else set()
    pages = sorted(set(last_block) | {p for p in listed if p is not None})
    own = {page: [i for i, link in enumerate(links) if link.pages.get(capture, -1) == page
                  or link.end_pages.get(capture, -1) == page] for page in pages}
    movable = {page: _movable(links, own[page], last_block.get(page)) if page + 1 in own and not exact else 0
               for page in pages}
    options = _splits(links, pages, own, movable, {p: u for p, u in listed.items() if p not in ragged})
    left: list[Link] = []
    carry: list[int] = []
    for page in pages:
        listing = listed.get(page, Listing([]))
        slots = carry + own[page]
        carried_in = len(carry)
        carry = [] if exact else _carry(links, slots, listing, own, listed, last_block.get(page), page)
        slots = slots[:len(slots) - len(carry)]
        # The lines tell only where the dump holds every link of the page whole.
        lines = exact and all(capture in links[s].wraps for s in slots)
        told = _walk(links, slots, listing, capture) if lines else \
            listing.for_count(len(_open(links, slots, listing.urls)))
        # A count between (some doubled URLs are two links, some one): the order is unknown.
        by_order = page not in spoiled and (told is not None or not _fits(links, slots, listing))
        urls = told or listing.urls
        if urls:
            fits = options[page]
            sure = (page not in ragged and all(f[0] == carried_in for f in fits),
                    page not in ragged and all(f[1] == len(carry) for f in fits))
            # A page end is sure when every split that fits the most pages carries as many
            # links over it as were carried here.
            # A link that may sit on the page before or after takes no URL by its slug here.
            loose = (set(slots[:carried_in]) if not sure[0] else set()) | (
                set(own[page][len(own[page]) - movable[page]:]) if not sure[1] else set())
            placed = _place_page(links, slots, urls, capture_id, anchors,
                                 by_order=by_order, sure=sure, loose=frozenset(loose),
                                 doubled=frozenset() if told is not None else listing.doubled,
                                 wrapping=frozenset(s for s in slots if links[s].wraps.get(capture)),
                                 lines=lines and told is None)
            left.extend(Link(text="", href=u, page=page) for n, u in enumerate(urls) if n not in placed)
    return left


def _carry(links: list[MergedLink], slots: list[int], listing: Listing, own: dict[int, list[int]],
                  listed: dict[int | None, Listing], last: int | None, page: int) -> list[int]:
    """The page's links beyond its URL count, when they all lie in its last block and the
    next page's list then matches its links exactly (not on a page whose count is one of
    several: a URL listed twice in a row)."""
    if listing.doubled or listing.related:
        return []
    excess = len(_open(links, slots, listing.urls)) - len(listing.urls)
    tail = slots[len(slots) - excess:] if excess > 0 else []
    if tail and all(links[s].block == last for s in tail) and page + 1 in own \
            and _matches(links, tail + own[page + 1], listed.get(page + 1)):
        return tail
    return []


def _matches(links: list[MergedLink], slots: list[int], listing: Listing | None) -> bool:
    """The next page's links match its URL list (a cut dump lost its last page's list:
    nothing there to contradict the carry)."""
    return listing is None or _fits(links, slots, listing)


def _movable(links: list[MergedLink], slots: list[int], last: int | None) -> int:
    """How many of a page's last links lie in its last block (which may run onto the next page)."""
    count = 0
    for slot in reversed(slots):
        if links[slot].block != last:
            break
        count += 1
    return count


def _splits(links: list[MergedLink], pages: list[int], own: dict[int, list[int]],
            movable: dict[int, int], listed: dict[int | None, Listing]) -> dict[int, set[tuple[int, int]]]:
    """Per page, every (links carried in from the page before, links carried out to the next)
    of the splits that fit the most pages: a page fits when its open links are as many as
    its URLs (either count, where a URL listed twice in a row may be one link or two). A page
    without a URL list has no links, but the last (a cut dump lost its list) fits any count.
    A page a capture gave a link too many or too few fits no split; it costs one, and the
    pages around it keep the carries that fit them."""
    def cost(n: int, carry_in: int, carry_out: int) -> int:
        page = pages[n]
        listing = listed.get(page, Listing([]) if n + 1 < len(pages) else None)
        if listing is None:
            return 0
        before = own[pages[n - 1]] if carry_in else []
        slots = before[len(before) - carry_in:] + own[page][:len(own[page]) - carry_out]
        return int(not _fits(links, slots, listing))

    outs = [range(movable[page] + 1) for page in pages]
    ins = [range(1) if n == 0 else outs[n - 1] for n in range(len(pages))]
    forward: list[dict[int, int]] = []  # least cost of the pages up to n, by carry out of n
    for n in range(len(pages)):
        before = forward[n - 1] if n else {0: 0}
        forward.append({c: min(before[i] + cost(n, i, c) for i in ins[n]) for c in outs[n]})
    after: list[dict[int, int]] = [{} for _ in pages]  # least cost of the pages from n on, by carry in
    for n in reversed(range(len(pages))):
        rest = after[n + 1] if n + 1 < len(pages) else {0: 0}
        after[n] = {i: min(cost(n, i, c) + rest[c] for c in outs[n] if c in rest) for i in ins[n]}
    if not pages:
        return {}
    best = min(after[0].values())
    return {page: {(i, c) for i in ins[n] for c in outs[n]
                   if (forward[n - 1][i] if n else 0) + cost(n, i, c)
                   + (after[n + 1][c] if n + 1 < len(pages) else 0) == best}
            for n, page in enumerate(pages)}


def _open(links: list[MergedLink], slots: list[int], urls: list[str]) -> list[int]:
    """The slots a page's URLs can go to: a slot holding an href this page does not list
    was not annotated on this page."""
    return [s for s in slots if links[s].href is None or links[s].href in urls]


@dataclass(frozen=True, slots=True)
class _Pair:
    slot: int  # index into the page's open slots
    url: int  # index into the page's URLs
    how: str
    score: float


def _place_page(links: list[MergedLink], slots: list[int], urls: list[str], capture_id: str,
                anchors: Sequence[str], by_order: bool = True,
                sure: tuple[bool, bool] = (True, True), loose: frozenset[int] = frozenset(),
                doubled: frozenset[int] = frozenset(), wrapping: frozenset[int] = frozenset(),
                lines: bool = False) -> set[int]:
    """Pair one page's URLs with its link slots; returns the indexes of the URLs used.

    Confirmed pairs (the same href already there, or a URL slug the anchor's words name)
    cut the page into stretches; a stretch's links take its URLs by order only when the
    counts match exactly and the confirmed pairs around it (or the page's ends, when
    ``sure`` says which links the page holds there) hold. A stretch holding a URL the dump
    listed twice in a row (``doubled``: one link or two) has no count to match — unless the
    dump's ``lines`` tell, by the slots whose words cross a line (``wrapping``).
    """
    slots = _open(links, slots, urls)
    pairs = [p for p in _anchor_pairs(links, slots, urls, anchors)
             if p.how != "slug" or slots[p.slot] not in loose]
    if not by_order or (len(slots) == len(urls) and any(p.slot != p.url for p in pairs if p.how == "slug")):
        # The counts match, yet a slug names another position: the slug or the order is
        # wrong, and nothing tells which. Only the same-href pairs stand.
        return _apply(links, slots, urls, capture_id, [p for p in pairs if p.how == "aligned"])
    crossing = frozenset(n for n, slot in enumerate(slots) if slot in wrapping) if lines else None
    ordered = _by_order(pairs, len(slots), len(urls), sure, doubled, crossing)
    return _apply(links, slots, urls, capture_id, [*_held(pairs, ordered, sure[0]), *ordered])


def _held(pairs: list[_Pair], ordered: list[_Pair], sure_start: bool = True) -> list[_Pair]:
    """The confirmed pairs that stand: every same-href pair; a slug pair only where the
    order agrees — a stretch next to it takes its URLs by order (or it has none)."""
    taken = {p.slot for p in ordered}
    bounds = [_Pair(-1, -1, "", 1.0), *pairs]
    kept = []
    for n, pair in enumerate(pairs):
        before, after = bounds[n], (pairs[n + 1] if n + 1 < len(pairs) else None)
        agrees = ((n or sure_start) and pair.slot - before.slot == pair.url - before.url and
                  (pair.slot - 1 in taken or pair.slot - 1 == before.slot)) or (
            after is not None and after.slot - pair.slot == after.url - pair.url
            and (pair.slot + 1 in taken or pair.slot + 1 == after.slot))
        if pair.how == "aligned" or agrees:
            kept.append(pair)
    return kept


def _apply(links: list[MergedLink], slots: list[int], urls: list[str], capture_id: str,
           pairs: list[_Pair]) -> set[int]:
    used = set()
    for pair in pairs:
        link = links[slots[pair.slot]]
        used.add(pair.url)
        if link.href is None:
            link.href = urls[pair.url]
            link.sources = [*link.sources, Source(capture=capture_id, how=pair.how, score=pair.score)]
        elif link.href == urls[pair.url] and all(s.capture != capture_id for s in link.sources):
            link.sources = [*link.sources, Source(capture=capture_id, how="aligned", score=pair.score)]
    return used


def _by_order(confirmed: list[_Pair], slots: int, urls: int,
              sure: tuple[bool, bool] = (True, True), doubled: frozenset[int] = frozenset(),
              crossing: frozenset[int] | None = None) -> list[_Pair]:
    """Pairs by position inside each stretch between confirmed pairs whose counts match;
    a stretch that runs to an unsure page end is skipped. With the dump's lines
    (``crossing``: the slots whose words cross a line), a stretch's URLs are read off them
    (``_stretch``); without, a stretch holding a doubled URL has no count to match."""
    bounds = [_Pair(-1, -1, "start", 1.0), *confirmed, _Pair(slots, urls, "end", 1.0)]
    found = []
    for before, after in zip(bounds, bounds[1:], strict=False):
        if (before.how == "start" and not sure[0]) or (after.how == "end" and not sure[1]):
            continue
        if crossing is not None:
            pairs = _stretch(range(before.slot + 1, after.slot), range(before.url + 1, after.url),
                             doubled, crossing)
        elif after.slot - before.slot == after.url - before.url \
                and not any(before.url < u < after.url for u in doubled):
            pairs = [(before.slot + k, before.url + k) for k in range(1, after.slot - before.slot)]
        else:
            pairs = None
        # Bounded by confirmed pairs on both sides, the order is surer than at a page end.
        score = ORDER_BOUNDED if _confirmed(before) and _confirmed(after) else ORDER_SCORE
        found += [_Pair(slot, url, "inferred-by-order", score) for slot, url in pairs or ()]
    return found


def _stretch(slots: range, urls: range, doubled: frozenset[int],
             crossing: frozenset[int]) -> list[tuple[int, int]] | None:
    """(slot, url) of a stretch read off the lines: a slot whose words cross a line takes a
    doubled URL alone; a doubled URL otherwise goes to two slots on one line each. None
    when the lines and the URLs disagree."""
    pairs: list[tuple[int, int]] = []
    slot = slots.start
    for url in urls:
        if slot >= slots.stop:
            return None
        if slot in crossing or url not in doubled:
            if (slot in crossing) != (url in doubled):
                return None
            pairs.append((slot, url))
            slot += 1
        elif slot + 1 < slots.stop and slot + 1 not in crossing:
            pairs += [(slot, url), (slot + 1, url)]
            slot += 2
        else:
            return None
    return pairs if slot == slots.stop else None


def _confirmed(pair: _Pair) -> bool:
    return pair.how not in ("start", "end")


def _anchor_pairs(links: list[MergedLink], slots: list[int], urls: list[str],
                  anchors: Sequence[str]) -> list[_Pair]:
    """Confirmed (slot, url) pairs, increasing in both: same href, or slug evidence."""
    pairs: list[_Pair] = []
    next_url = 0
    for si, slot in enumerate(slots):
        href = links[slot].href
        if href is not None:
            match = next((u for u in range(next_url, len(urls)) if urls[u] == href), None)
            found = None if match is None else (match, 1.0)
            how = "aligned"
        else:
            found = _slug_match(anchors[slot], urls, next_url)
            how = "slug"
        if found is not None:
            pairs.append(_Pair(si, found[0], how, found[1]))
            next_url = found[0] + 1
    return pairs


def _slug_match(anchor: str, urls: list[str], first: int) -> tuple[int, float] | None:
    """The one URL (from ``first`` on) whose slug the anchor's words name, and how surely.

    At least ``SLUG_ANCHOR_WORDS`` of the anchor's content words, and at least
    ``SLUG_ANCHOR_SHARE`` of them, are slug words; and no other URL's slug holds as many
    (news slugs share the story's topic words: a tie is no evidence).
    """
    anchor_words = _content_words(anchor)
    if len(anchor_words) < SLUG_ANCHOR_WORDS:
        return None
    hits = sorted(((len(anchor_words & _slug_words(urls[u])), u) for u in range(first, len(urls))),
                  reverse=True)
    if not hits or hits[0][0] < SLUG_ANCHOR_WORDS or hits[0][0] < SLUG_ANCHOR_SHARE * len(anchor_words):
        return None
    if len(hits) > 1 and hits[1][0] >= hits[0][0] - SLUG_MARGIN + 1:
        return None
    return hits[0][1], round(hits[0][0] / len(anchor_words), 2)


def _content_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= MIN_WORD and w not in STOPWORDS}


def _slug_words(url: str) -> set[str]:
    path = unquote(urlsplit(url).path)
    return _content_words(" ".join(path.replace("-", " ").replace("_", " ").split("/")[-2:]))
