"""Align body blocks across captures of one article on their letter keys.

Every capture's blocks are matched against a growing merged sequence, which starts as
the *spine* (the capture whose text the others confirm most). A block of another capture
is, in the merged sequence:

- the same paragraph (equal keys) → another ``whole`` version of it;
- a piece of it (a page break split the paragraph in that capture, or the capture was
  cut off inside it) → a ``piece`` version at its offset;
- a longer version of a paragraph the spine has cut short → the new ``whole`` version;
- two or more consecutive merged blocks that the spine split at a page break → they
  become one block;
- nowhere → a new block after the block its predecessor matched; ``vote`` then keeps it
  only when more captures have it than cover that stretch without it (so boilerplate one
  full-page print or web page adds is dropped, and a tail a truncated dump lacks is kept).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tearsheet.models import Block, BlockKind
from tearsheet.reconcile.keys import KeyedText, words

SHORT_KEY = 40  # letter-key weight below which only an equal block counts as a match
VARIANT_SIMILARITY = 0.5  # word overlap (Jaccard of word counts) of a reworded paragraph
VARIANT_MIN_WORDS = 8  # shorter blocks are too little to call one a rewording of the other
UNSPACED_WEIGHT = 3  # a Chinese/Japanese character carries about as much as a short word
MIN_PREFIX = 20  # a truncated block must keep this many letters to be matched as a prefix
# Paragraph ends: a block ending otherwise was probably cut by a page break.
MIN_CONFIDENCE = 0.1  # even a capture nobody confirms keeps a small vote
# With other captures to compare, a block only low-confidence captures hold (a full-page
# print's footer past where a cut-off dump ends) needs at least this much weight.
MIN_HOLDING = 0.5
SPINE_VOTES = 2  # weight of the spine's vote against a block it lacks (see ``vote``)
SENTENCE_END = frozenset(".!?:;\"'”’»)…]。！？」』）")


@dataclass(slots=True)
class Version:
    """One capture's text for (part of) a merged block."""

    capture: int  # index into the reconciled captures
    block: Block
    keyed: KeyedText
    offset: int  # where this version's key starts in the merged block's key
    whole: bool  # covers the merged block's whole key

    @property
    def end(self) -> int:
        return self.offset + len(self.keyed.key)


@dataclass(slots=True)
class MergedBlock:
    key: str
    versions: list[Version] = field(default_factory=list)
    kind: BlockKind = BlockKind.PARAGRAPH
    # Other wordings of the same paragraph (an updated copy reworded it): they vote for
    # the block and are reported as conflicts, but never supply its text.
    variants: list[Version] = field(default_factory=list)

    @property
    def captures(self) -> set[int]:
        return {v.capture for v in self.versions}

    @property
    def holders(self) -> set[int]:
        return self.captures | {v.capture for v in self.variants}


@dataclass(frozen=True, slots=True)
class Body:
    """A capture's body as the aligner sees it."""

    capture: int
    blocks: tuple[Block, ...]
    keyed: tuple[KeyedText, ...]
    truncated: bool


def body_of(capture: int, blocks: tuple[Block, ...], truncated: bool) -> Body:
    kept = tuple(b for b in blocks if b.kind is not BlockKind.IMAGE and b.text.strip())
    keyed = tuple(_keyed(b.text) for b in kept)
    pairs = [(b, k) for b, k in zip(kept, keyed, strict=True) if k.key]
    return Body(capture=capture, blocks=tuple(b for b, _ in pairs), keyed=tuple(k for _, k in pairs),
                truncated=truncated or any(b.truncated for b in kept[-1:]))


def _keyed(text: str) -> KeyedText:
    """The letter key; a block with no letters ("___", "* * *") is keyed by its visible marks."""
    keyed = KeyedText.of(text)
    if keyed.key:
        return keyed
    positions = tuple(i for i, ch in enumerate(text) if not ch.isspace())
    return KeyedText(text=text, key="".join(text[i] for i in positions), positions=positions)


def spine_score(body: Body, others: list[Body]) -> tuple[float, int]:
    """How well the other captures confirm this body: letters weighted by support.

    Each block scores its length times (captures holding it − half the others): text
    most captures confirm counts for, text only this capture (or a web page and its own
    full-page print) holds counts against — so the cleanest complete capture wins.
    """
    # Keys run together: a paragraph another capture split at a page break is still found.
    streams = ["".join(k.key for k in o.keyed) for o in others]
    keysets = [{k.key for k in o.keyed} for o in others]
    support = {k.key: sum(_holds(k.key, stream, keys) for stream, keys in zip(streams, keysets, strict=True))
               for k in body.keyed}
    return _score(body, support, len(others) / 2)


def spine_scores(bodies: list[Body]) -> dict[int, tuple[float, int]]:
    """``spine_score`` of every body against all the others, per capture index.

    Captures of one article repeat most paragraphs: each distinct key is looked for once
    in each body, and a body's support for its own key is the count over all bodies less
    itself (a body always holds its own keys), instead of searching n × n × blocks times.
    """
    streams = ["".join(k.key for k in b.keyed) for b in bodies]
    keysets = [{k.key for k in b.keyed} for b in bodies]
    holding: dict[str, int] = {}
    for body in bodies:
        for keyed in body.keyed:
            if keyed.key not in holding:
                holding[keyed.key] = sum(_holds(keyed.key, stream, keys)
                                         for stream, keys in zip(streams, keysets, strict=True))
    bar = (len(bodies) - 1) / 2
    return {b.capture: _score(b, {k.key: holding[k.key] - 1 for k in b.keyed}, bar) for b in bodies}


def _score(body: Body, support: dict[str, int], bar: float) -> tuple[float, int]:
    total, confirmed = 0.0, 0
    for keyed in body.keyed:
        held = support[keyed.key]
        total += len(keyed.key) * (held - bar)
        confirmed += len(keyed.key) if held >= bar else 0
    return total, confirmed  # ties on the first go to the body holding more of the confirmed text


def is_short(key: str) -> bool:
    """Too little text to be matched inside another block: only an equal block counts."""
    head = key[:SHORT_KEY]
    if head.isascii():  # every character weighs 1 (the common case, answered without a loop)
        return len(head) < SHORT_KEY
    weight = sum(UNSPACED_WEIGHT if "\u3040" <= ch <= "\u9fff" else 1 for ch in head)
    return weight < SHORT_KEY


def _holds(key: str, stream: str, keys: set[str]) -> bool:
    if is_short(key):
        return key in keys
    return key in stream


def align(spine: Body, others: list[Body]) -> list[MergedBlock]:
    merged = [MergedBlock(key=k.key, versions=[Version(spine.capture, b, k, 0, True)], kind=b.kind)
              for b, k in zip(spine.blocks, spine.keyed, strict=True)]
    for body in others:
        _add(merged, body)
    return merged


@dataclass(slots=True)
class _Cursor:
    """Where a capture's previous block ended: merged ``index`` and key offset ``end`` in it.

    A block found behind the cursor (a repeat) does not move it back, but it may join
    merged blocks the spine split at a page break, and the merged sequence shrinks under
    the cursor: ``note`` remembers the sequence before a placement and ``move`` carries
    the cursor along, onto the joined block if its own block went into it.
    """

    index: int = -1
    end: int = 0
    size: int = 0  # merged blocks before the placement
    anchor: Version | None = None  # a version of the cursor's block: a join shifts its offset
    anchor_offset: int = 0

    def note(self, merged: list[MergedBlock]) -> None:
        self.size = len(merged)
        self.anchor = merged[self.index].versions[0] if self.index >= 0 else None
        self.anchor_offset = self.anchor.offset if self.anchor else 0

    def move(self, merged: list[MergedBlock], placed: int, end: int) -> None:
        if placed >= self.index:
            self.index, self.end = placed, end
            return
        gone = self.size - len(merged)  # blocks placed … placed + gone became one
        if gone <= 0:
            return
        if self.index > placed + gone:
            self.index -= gone
        elif self.anchor is not None:
            self.index = placed
            self.end += self.anchor.offset - self.anchor_offset


def _add(merged: list[MergedBlock], body: Body) -> None:
    cursor = _Cursor()
    for block, keyed in zip(body.blocks, body.keyed, strict=True):
        version = Version(body.capture, block, keyed, 0, True)
        cursor.note(merged)
        last = cursor.index
        placed = _continue(merged, version, last, cursor.end) if is_short(keyed.key) else None
        if placed is None:
            placed = _place(merged, version, last)
        if placed is None:
            placed = _variant(merged, version, last)
        if placed is None:
            merged.insert(last + 1, MergedBlock(key=keyed.key, versions=[version], kind=block.kind))
            placed = last + 1
        cursor.move(merged, placed, version.end)


def _variant(merged: list[MergedBlock], version: Version, last: int) -> int | None:
    """The next block, reworded: most of its words in a block this capture lacks there."""
    nxt = last + 1
    if nxt >= len(merged) or version.capture in merged[nxt].holders:
        return None
    mine = Counter(words(version.block.text))
    theirs = Counter(words(merged[nxt].versions[0].block.text)) if merged[nxt].versions else Counter()
    if min(sum(mine.values()), sum(theirs.values())) < VARIANT_MIN_WORDS:
        return None
    shared = sum((mine & theirs).values())
    if shared / sum((mine | theirs).values()) < VARIANT_SIMILARITY:
        return None
    merged[nxt].variants.append(version)
    return nxt


def _continue(merged: list[MergedBlock], version: Version, last: int, end: int) -> int | None:
    """A short piece right where this capture's text left off (the rest of a split line)."""
    key = version.keyed.key
    if last >= 0 and merged[last].key.startswith(key, end) and end > 0:
        return _attach(merged, version, last, last, end)
    if last + 1 < len(merged) and merged[last + 1].key.startswith(key) and key != merged[last + 1].key:
        return _attach(merged, version, last + 1, last + 1, 0)
    return None


def _place(merged: list[MergedBlock], version: Version, after: int) -> int | None:
    """Attach ``version`` to the merged sequence; the merged index it landed on, or None."""
    key = version.keyed.key
    starts = (after + 1, 0) if after >= 0 else (0,)
    for start in starts:
        found = _find(merged, key, start, version.capture)
        if found is not None:
            return _attach(merged, version, *found)
    return _extend(merged, version)


def _find(merged: list[MergedBlock], key: str, start: int, capture: int) -> tuple[int, int, int] | None:
    """(first merged index, last merged index, offset in the first) where ``key`` occurs.

    An equal block from ``start`` on wins over a block merely containing the key; a short
    key (a "Buy now" that recurs) only matches an equal block. A block this capture
    already holds whole is another occurrence, never this one.
    """
    for i in range(max(start, 0), len(merged)):
        if merged[i].key == key and not any(v.capture == capture and v.whole for v in merged[i].versions):
            return i, i, 0
    for i in range(max(start, 0), len(merged)):
        block_key = merged[i].key
        if is_short(key):
            continue
        offset = block_key.find(key)
        if offset >= 0:
            return i, i, offset
        joined, j = block_key, i
        while j + 1 < len(merged) and len(joined) < len(key) and key.startswith(joined):
            j += 1
            joined += merged[j].key
            if joined == key or joined.startswith(key):
                return i, j, 0
    return None


def _attach(merged: list[MergedBlock], version: Version, first: int, last: int, offset: int) -> int:
    if first != last:
        if not _looks_split(merged[first:last + 1]):
            return last  # this capture joined real paragraphs: the spine's breaks stand
        _join(merged, first, last)
    target = merged[first]
    version.offset = offset
    version.whole = offset == 0 and len(version.keyed.key) == len(target.key)
    target.versions.append(version)
    return first


def _looks_split(blocks: list[MergedBlock]) -> bool:
    """Consecutive blocks that are one paragraph cut by a page break (or a wrap)."""
    for block in blocks[:-1]:
        texts = [v.block.text.rstrip() for v in block.versions if v.whole]
        pages = {v.block.page for v in block.versions}
        ends_open = any(t and t[-1] not in SENTENCE_END for t in texts)
        if not ends_open and not (len(pages) == 1 and None not in pages and _page_changes(block, blocks)):
            return False
    return True


def _page_changes(block: MergedBlock, blocks: list[MergedBlock]) -> bool:
    index = blocks.index(block)
    nxt = blocks[index + 1]
    here = {v.block.page for v in block.versions}
    there = {v.block.page for v in nxt.versions}
    return bool(here and there and here.isdisjoint(there))


def _join(merged: list[MergedBlock], first: int, last: int) -> None:
    joined = MergedBlock(key="".join(b.key for b in merged[first:last + 1]), kind=merged[first].kind)
    offset = 0
    for block in merged[first:last + 1]:
        for v in block.versions:
            v.offset += offset
            v.whole = False
            joined.versions.append(v)
        offset += len(block.key)
    merged[first:last + 1] = [joined]


def _extend(merged: list[MergedBlock], version: Version) -> int | None:
    """A longer version of a block some capture cut short: it becomes the whole version."""
    key = version.keyed.key
    for i, block in enumerate(merged):
        if len(block.key) >= MIN_PREFIX and len(key) > len(block.key) and key.startswith(block.key):
            block.key = key
            for v in block.versions:
                v.whole = False
            block.versions.append(version)
            return i
    return None


def confidence(body: Body, others: list[Body], score: tuple[float, int] | None = None) -> float:
    """Share of a capture's letters that at least half the other captures confirm.

    A clean print or clip scores near 1, a full-page print far less: its vote on
    whether a block belongs to the article weighs accordingly. ``score`` is the body's
    ``spine_score`` against ``others`` when the caller has it already.
    """
    total = sum(len(k.key) for k in body.keyed)
    if not total:
        return MIN_CONFIDENCE
    return max(MIN_CONFIDENCE, (score or spine_score(body, others))[1] / total)


def vote(merged: list[MergedBlock], bodies: list[Body], spine: int,
         weights: dict[int, float] | None = None) -> list[MergedBlock]:
    """Keep a block when the captures holding it outweigh those covering its stretch without it.

    Each capture votes with its ``confidence``; the spine's "no" counts twice: a web page
    and its own full-page print share their boilerplate, which two votes must not push
    into the cleanest capture's body.
    """
    weight = weights or {}
    if len(bodies) < 2:
        return merged
    spans = {b.capture: _span(merged, b.capture) for b in bodies}
    truncated = {b.capture: b.truncated or _ends_short(merged, b.capture, spans[b.capture][1])
                 for b in bodies}
    kept = []
    for index, block in enumerate(merged):
        holders = block.holders
        against = sum((SPINE_VOTES if c == spine else 1) * weight.get(c, 1.0) for c, (lo, hi) in spans.items()
                      if c not in holders and lo is not None and _covers(index, lo, hi, truncated[c]))
        held = sum(weight.get(c, 1.0) for c in holders)
        if held > against and held >= MIN_HOLDING:
            kept.append(block)
    return kept


def _span(merged: list[MergedBlock], capture: int) -> tuple[int | None, int | None]:
    indexes = [i for i, b in enumerate(merged) if capture in b.holders]
    return (indexes[0], indexes[-1]) if indexes else (None, None)


def _ends_short(merged: list[MergedBlock], capture: int, last: int | None) -> bool:
    """The capture's last text stops inside a paragraph others hold longer: it was cut off."""
    if last is None:
        return False
    block = merged[last]
    ends = [v.end for v in block.versions if v.capture == capture]
    return bool(ends) and max(ends) < len(block.key)


def _covers(index: int, lo: int, hi: int | None, truncated: bool) -> bool:
    """Does a capture spanning merged blocks lo…hi speak for position ``index``?"""
    assert hi is not None
    if index < hi:
        return True  # it holds something after this point, so it would hold this too
    return not truncated


def resegment(merged: list[MergedBlock]) -> list[MergedBlock]:
    """Split a block that more captures hold as several paragraphs than hold it whole.

    One capture may run paragraphs together (a full-page print that lost the gaps); when
    more captures tile the same stretch with the same consecutive pieces, their
    paragraph breaks win.
    """
    result: list[MergedBlock] = []
    for block in merged:
        tiles = _tilings(block)
        whole = {v.capture for v in block.versions if v.whole}
        best = max(tiles.values(), key=lambda t: sum(1 for x in tiles.values() if x == t), default=None)
        if best is None or sum(1 for x in tiles.values() if x == best) <= len(whole):
            result.append(_trimmed(block, whole))
            continue
        for start, end in best:
            part = MergedBlock(key=block.key[start:end], kind=block.kind)
            for v in block.versions:
                if v.offset == start and v.end == end:
                    part.versions.append(Version(v.capture, v.block, v.keyed, 0, True))
            result.append(part)
    return result


def _trimmed(block: MergedBlock, whole: set[int]) -> MergedBlock:
    """Cut a block to the span more captures hold complete than hold the longer whole.

    A capture that ran a page's furniture ("Published 11:11 PM") into the last
    paragraph holds the only whole version; the others' complete paragraphs win.
    """
    counts: dict[tuple[int, int], set[int]] = {}
    for v in block.versions:
        if not v.whole and not v.block.truncated:
            counts.setdefault((v.offset, v.end), set()).add(v.capture)
    if not counts:
        return block
    span, holders = max(counts.items(), key=lambda item: (len(item[1]), item[0][1] - item[0][0]))
    per_capture = {c: sum(1 for v in block.versions if v.capture == c) for c in holders}
    if len(holders) <= len(whole) or any(n > 1 for n in per_capture.values()):
        return block
    start, end = span
    part = MergedBlock(key=block.key[start:end], kind=block.kind)
    part.versions = [Version(v.capture, v.block, v.keyed, 0, True) for v in block.versions
                     if (v.offset, v.end) == span]
    return part


def _tilings(block: MergedBlock) -> dict[int, tuple[tuple[int, int], ...]]:
    """Per capture holding the block as two or more pieces end to end: the pieces' spans."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for v in sorted(block.versions, key=lambda v: v.offset):
        if not v.whole:
            spans.setdefault(v.capture, []).append((v.offset, v.end))
    tilings = {}
    for capture, parts in spans.items():
        contiguous = all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
        if len(parts) > 1 and contiguous and parts[0][0] == 0 and parts[-1][1] == len(block.key):
            tilings[capture] = tuple(parts)
    return tilings
