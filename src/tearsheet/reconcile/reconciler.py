"""Reconcile captures of one article into one canonical Article with provenance.

Stages: order the captures canonically (so the result does not depend on input order);
pick the spine (the body the other captures confirm most); align every body on it and
vote out blocks only one capture has where others cover that stretch; per block take the
most complete version; merge links on the same words and place the dumps' page URLs;
decide each metadata field by weighted vote. Provenance records, per field, block and
link, which captures supplied it and how; disagreements are kept as ``Conflict``s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from tearsheet.errors import InputError
from tearsheet.models import Article, Block, BlockKind, CaptureKind, Conflict, Link, Provenance, Source
from tearsheet.reconcile.align import (
    Body,
    MergedBlock,
    Version,
    align,
    body_of,
    confidence,
    resegment,
    spine_scores,
    vote,
)
from tearsheet.reconcile.boundary import guarded
from tearsheet.reconcile.capture_ids import capture_id
from tearsheet.reconcile.grouping import Group, Item
from tearsheet.reconcile.keys import KeyedText
from tearsheet.reconcile.links import MergedLink, Withdrawn, Witnesses, merge_block_links, place_unplaced
from tearsheet.reconcile.metadata import merge_metadata
from tearsheet.reconcile.versions import build, split

# Whose wording a block takes when captures agree on its words: the publisher's page,
# then a print, then a clip (clippers straighten quotes), then a dump (hard-wrapped).
TEXT_PREFERENCE = {CaptureKind.HTML: 4, CaptureKind.PDF: 3, CaptureKind.MARKDOWN: 2, CaptureKind.TEXT: 1}
UNKNOWN_TEXT_PREFERENCE = 2


@dataclass(frozen=True, slots=True)
class _Input:
    id: str
    article: Article


@guarded("reconciling")
def reconcile(items: Group | Iterable[Item], *, version: int | None = None) -> Article:
    """One canonical Article from captures of one article (a ``Group``, Articles or paths).

    Captures of different versions of an edited article (``versions.split``) are never
    mixed: each version is reconciled from its own captures, the result is the latest
    version (or version number ``version``, 1 = the oldest; negative counts from the
    latest) and carries them all in ``versions``. Raises only ``TearsheetError``s: an
    unreadable capture's, an ``InputError`` for a version that does not exist, or a
    ``ReconcileError`` chained from the cause when reconciling itself fails (a bug).
    """
    articles = list(items.articles) if isinstance(items, Group) else [_article(i) for i in items]
    if not articles:
        raise InputError("nothing to reconcile: no captures given")
    inputs = sorted({capture_id(a): _Input(capture_id(a), a) for a in articles}.values(),
                    key=lambda x: (-_preference(x.article), x.id))
    parts = split([x.article for x in inputs], [x.id for x in inputs]) if len(inputs) > 1 else [[0]]
    if len(parts) == 1:
        _check_version(version, 1)
        return _single(inputs[0]) if len(inputs) == 1 else _merge(inputs)
    _check_version(version, len(parts))
    members = [[inputs[i] for i in sorted(part)] for part in parts]
    reconciled = [_single(m[0]) if len(m) == 1 else _merge(m) for m in members]
    history = build(reconciled, [[x.article for x in m] for m in members],
                    [[x.id for x in m] for m in members])
    chosen = history[-1 if version is None else (version - 1 if version > 0 else version)]
    return replace(chosen.article, versions=history)


def _check_version(version: int | None, count: int) -> None:
    if version is not None and not (1 <= version <= count or -count <= version <= -1):
        raise InputError(f"no version {version}: the captures show {count}")


def _single(one: _Input) -> Article:
    article = one.article
    fields = tuple((name, (Source(capture=one.id, how="exact"),)) for name in _stated_fields(article))
    provenance = Provenance(captures=(one.id,), fields=fields,
                            blocks=tuple((Source(capture=one.id),) for _ in article.blocks),
                            links=tuple((Source(capture=one.id),) for _ in article.links))
    return replace(article, provenance=provenance)


def _stated_fields(article: Article) -> list[str]:
    names = ("title", "subtitle", "authors", "published", "modified", "site_name", "url", "language",
             "section", "tags", "image")
    return [n for n in names if getattr(article, n) not in (None, (), "")]


def _merge(inputs: list[_Input]) -> Article:
    ids = [x.id for x in inputs]
    articles = [x.article for x in inputs]
    bodies = [body_of(i, a.blocks, a.truncated) for i, a in enumerate(articles)]
    # Each body against all the others: the spine's score and, again, its confidence.
    scores = spine_scores(bodies)
    spine = _spine(bodies, articles, scores)
    others = sorted((b for b in bodies if b is not spine), key=lambda b: b.capture)
    weights = {b.capture: confidence(b, [o for o in bodies if o is not b], scores[b.capture]) for b in bodies}
    merged = resegment(vote(align(spine, others), bodies, spine.capture, weights))
    rank = [_preference(a) for a in articles]
    witnesses = Witnesses(
        inferring=frozenset(i for i, a in enumerate(articles) if a.kind is CaptureKind.TEXT),
        marking=frozenset(i for i, a in enumerate(articles)
                          if a.kind is not CaptureKind.TEXT and any(b.links for b in a.blocks)))
    blocks, block_sources, links, conflicts, withdrawn = _body(merged, ids, rank, weights, witnesses)
    texts = [KeyedText.of(b.text) for b in blocks]
    unplaced = _place_dumps(links, merged, texts, articles, ids, withdrawn)
    blocks, link_sources = _with_links(blocks, texts, links)
    blocks, block_sources = _with_images(blocks, block_sources, merged, articles[spine.capture],
                                         spine.capture, ids[spine.capture])
    values, field_sources, field_conflicts = merge_metadata(articles, ids)
    provenance = Provenance(captures=tuple(ids), fields=tuple(field_sources), blocks=tuple(block_sources),
                            links=tuple(link_sources))
    # The best confidence a capture's reader states (a clip or print confirming the body
    # counts for nothing here: only readers that judge their own body say one).
    judged = max((a for a in articles if a.confidence is not None), key=lambda a: a.confidence or 0.0,
                 default=None)
    return Article(**values, blocks=tuple(blocks), unplaced_links=tuple(unplaced),
                   truncated=bool(blocks) and blocks[-1].truncated, provenance=provenance,
                   conflicts=tuple(field_conflicts + conflicts),
                   confidence=judged.confidence if judged else None,
                   warnings=judged.warnings if judged else ())


BlockSources = list[tuple[Source, ...]]


def _with_images(blocks: list[Block], sources: BlockSources, merged: list[MergedBlock],
                 spine: Article, spine_index: int, spine_id: str) -> tuple[list[Block], BlockSources]:
    """Put the spine's pictures back after the block its preceding text ended up in.

    Only the spine's: pictures are not aligned across captures, and two captures' copies
    of one picture must not both appear.
    """
    landed = {id(v.block): n for n, block in enumerate(merged) for v in block.versions
              if v.capture == spine_index}
    after: dict[int, list[Block]] = {}
    previous = -1
    for block in spine.blocks:
        if block.kind is BlockKind.IMAGE:
            after.setdefault(previous, []).append(block)
        elif id(block) in landed:
            previous = landed[id(block)]
    if not after:
        return blocks, sources
    own: tuple[Source, ...] = (Source(capture=spine_id),)
    out_blocks: list[Block] = list(after.get(-1, []))
    out_sources: BlockSources = [own] * len(out_blocks)
    for index, (block, source) in enumerate(zip(blocks, sources, strict=True)):
        out_blocks.append(block)
        out_sources.append(source)
        pictures = after.get(index, [])
        out_blocks.extend(pictures)
        out_sources.extend([own] * len(pictures))
    return out_blocks, out_sources


def _spine(bodies: list[Body], articles: list[Article], scores: dict[int, tuple[float, int]]) -> Body:
    """The body the others confirm most (``scores``: each body's ``spine_score`` against the rest)."""
    def score(body: Body) -> tuple[bool, tuple[float, int], int, int]:
        return (not body.truncated, scores[body.capture], _preference(articles[body.capture]), -body.capture)

    return max(bodies, key=score)


def _preference(article: Article) -> int:
    if article.kind is None:
        return UNKNOWN_TEXT_PREFERENCE
    return TEXT_PREFERENCE.get(article.kind, UNKNOWN_TEXT_PREFERENCE)


def _body(merged: list[MergedBlock], ids: list[str], rank: list[int], weights: dict[int, float],
          witnesses: Witnesses) -> tuple[
        list[Block], list[tuple[Source, ...]], list[MergedLink], list[Conflict], list[Withdrawn]]:
    blocks, sources, links, conflicts, withdrawn = [], [], [], [], []
    for index, block in enumerate(merged):
        chosen = _chosen(block, rank, weights)
        text = chosen.block.text if chosen else _pieced(block)
        base = chosen.block if chosen else block.versions[0].block
        truncated = chosen.block.truncated if chosen else True
        blocks.append(Block(kind=base.kind, text=text, level=base.level, ordered=base.ordered, src=base.src,
                            rows=base.rows, truncated=truncated and _all_short(block), page=base.page))
        sources.append(_block_sources(block, chosen, ids))
        block_links, block_conflicts, block_withdrawn = merge_block_links(
            index, block, chosen.capture if chosen else -1, ids, rank, witnesses)
        withdrawn.extend(block_withdrawn)
        if chosen is None:
            block_links = []  # offsets into a pieced text are not reliable
        links.extend(block_links)
        conflicts.extend(block_conflicts)
        if block.variants:
            conflicts.append(_wording_conflict(len(blocks), text, block, ids))
    return blocks, sources, links, conflicts, withdrawn


def _wording_conflict(number: int, text: str, block: MergedBlock, ids: list[str]) -> Conflict:
    """Captures word one paragraph differently (an updated copy): every wording is kept."""
    values = [(text, tuple(sorted({ids[v.capture] for v in block.versions})))]
    values += [(v.block.text, (ids[v.capture],)) for v in block.variants]
    return Conflict(field=f"block {number}", values=tuple(values), chosen=text)


def _chosen(block: MergedBlock, rank: list[int], weights: dict[int, float]) -> Version | None:
    whole = [v for v in block.versions if v.whole]
    if not whole:
        return None
    complete = [v for v in whole if not v.block.truncated] or whole
    # The wording most captures share (spacing, quotes), then the preferred kind's, then
    # the most confirmed capture's (a full-page print garbles more than a clean one).
    wording = Counter(" ".join(v.block.text.split()) for v in complete)
    return max(complete, key=lambda v: (wording[" ".join(v.block.text.split())], rank[v.capture],
                                        weights.get(v.capture, 1.0), -v.capture))


def _all_short(block: MergedBlock) -> bool:
    return all(v.block.truncated or not v.whole for v in block.versions)


def _pieced(block: MergedBlock) -> str:
    """A block no capture holds whole: its pieces in order, each letter covered once."""
    parts, covered = [], 0
    for v in sorted(block.versions, key=lambda v: (v.offset, -v.end)):
        if v.end > covered:
            cut = 0 if v.offset >= covered else v.keyed.text_index(covered - v.offset)
            rest = v.block.text[cut:]
            parts.append(rest)
            covered = v.end
    return " ".join(p.strip() for p in parts)


def _block_sources(block: MergedBlock, chosen: Version | None, ids: list[str]) -> tuple[Source, ...]:
    result = []
    seen = set()
    for v in sorted(block.versions, key=lambda v: (v is not chosen, v.capture)):
        if v.capture in seen:
            continue
        seen.add(v.capture)
        how = "exact" if v is chosen else "aligned" if v.whole else "joined"
        result.append(Source(capture=ids[v.capture], how=how))
    return tuple(result)


def _place_dumps(links: list[MergedLink], merged: list[MergedBlock], texts: list[KeyedText],
                 articles: list[Article], ids: list[str], withdrawn: list[Withdrawn]) -> list[Link]:
    anchors = [_anchor(texts[ln.block], ln) for ln in links]
    left: list[Link] = [w.link for w in withdrawn]
    for index, article in enumerate(articles):
        if article.unplaced_links:
            last_block = {page: n for n, block in enumerate(merged) for v in block.versions
                          if v.capture == index and v.block.page is not None
                          for page in range(v.block.page, v.block.page + len(v.block.page_breaks) + 1)}
            spoiled = frozenset(w.link.page for w in withdrawn if w.capture == index)
            exact = any(b.page_breaks or b.line_breaks for b in article.blocks)
            left.extend(place_unplaced(links, index, ids[index], article.unplaced_links, anchors,
                                       last_block, spoiled, exact, article.related))
    seen: set[str | None] = {ln.href for ln in links}
    return [ln for ln in left if not (ln.href in seen or seen.add(ln.href))]  # type: ignore[func-returns-value]


def _anchor(text: KeyedText, link: MergedLink) -> str:
    start, end = text.text_span(link.start, link.end)
    return text.text[start:end]


def _with_links(blocks: list[Block], texts: list[KeyedText], links: list[MergedLink]) -> tuple[
        list[Block], list[tuple[Source, ...]]]:
    by_block: dict[int, list[MergedLink]] = {}
    for link in links:
        by_block.setdefault(link.block, []).append(link)
    result, sources = [], []
    for index, block in enumerate(blocks):
        placed = []
        for link in sorted(by_block.get(index, []), key=lambda ln: ln.start):
            start, end = _widen(block.text, *texts[index].text_span(link.start, link.end), link)
            placed.append(Link(text=block.text[start:end], href=link.href, start=start, page=block.page))
            sources.append(tuple(link.sources))
        result.append(replace(block, links=tuple(placed)))
    return result, sources


def _widen(text: str, start: int, end: int, link: MergedLink) -> tuple[int, int]:
    """Take in the marks the source anchor had around its letters, where this text has them too."""
    if link.lead and text[max(0, start - len(link.lead)):start] == link.lead:
        start -= len(link.lead)
    if link.trail and text[end:end + len(link.trail)] == link.trail:
        end += len(link.trail)
    return start, end


def _article(item: Item) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str | bytes | Path):
        from tearsheet.api import extract

        return extract(item)
    raise InputError(f"cannot reconcile a {type(item).__name__}")
