"""Group captures of one article: LSH candidates, then the decision rule, then constrained merges.

Stages:

1. read every item (path, bytes or Article) and fingerprint its extracted body;
2. candidates: captures sharing an LSH band key or a URL key (never all pairs);
3. each candidate pair is judged by ``same_article``; accepted pairs are merged, most
   similar first, into groups — a merge that would put two publications (sites) or two
   unrelated URLs of one site into one group is refused, so a text dump with no URL
   joins the copy it matches best and never bridges two syndicated copies;
4. candidate pairs that are ``same_story`` but ended in different groups link those
   groups as "same story".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from tearsheet.models import Article
from tearsheet.reconcile.boundary import guarded
from tearsheet.reconcile.capture_ids import capture_id
from tearsheet.reconcile.fingerprint import (
    Fingerprint,
    containment,
    fingerprint,
    lsh_keys,
    same_article,
    same_story,
)

Item = Article | bytes | str | Path
MAX_BUCKET = 2000  # a band key shared by more captures is a degenerate text (empty, boilerplate)


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    """Captures of one article (in input order), and the other groups telling the same story."""

    articles: tuple[Article, ...]
    captures: tuple[str, ...]  # capture ids, parallel to ``articles``
    same_story: tuple[int, ...] = ()  # indexes of other groups in the list ``group`` returned


@guarded("grouping")
def group(items: Iterable[Item]) -> list[Group]:
    """Group captures (paths, bytes or Articles) by article; groups come in input order.

    Raises only ``TearsheetError``s: an unreadable capture's, or a ``ReconcileError``
    chained from the cause when grouping itself fails (a bug).
    """
    articles = [_article(item) for item in items]
    fps = [fingerprint(a) for a in articles]
    ids = [capture_id(a) for a in articles]
    return groups_of(articles, fps, ids)


def groups_of(articles: Sequence[Article], fps: Sequence[Fingerprint], ids: Sequence[str]) -> list[Group]:
    """Group already fingerprinted articles (``ids`` give the merge order a stable tie-break)."""
    pairs = candidate_pairs(fps)
    # Most similar pairs first; capture ids break ties, so input order never matters.
    scored = sorted(pairs, key=lambda p: (-containment(fps[p[0]], fps[p[1]]), sorted((ids[p[0]], ids[p[1]]))))
    clusters = _Clusters(fps)
    story: list[tuple[int, int]] = []
    for i, j in scored:
        if same_article(fps[i], fps[j]):
            clusters.merge(i, j)
        elif same_story(fps[i], fps[j]):
            story.append((i, j))
    return _groups(articles, ids, clusters, story)


def candidate_pairs(fps: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Index pairs sharing an LSH band key or a URL key."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for index, fp in enumerate(fps):
        for key in lsh_keys(fp):
            buckets[key].append(index)
        if fp.url:
            buckets["url:" + fp.url].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 1 < len(members) <= MAX_BUCKET:
            pairs.update(combinations(members, 2))
    return pairs


class _Clusters:
    """Union-find over captures that refuses merges joining two sites or two unrelated URLs."""

    def __init__(self, fps: Sequence[Fingerprint]) -> None:
        self.fps = fps
        self.parent = list(range(len(fps)))
        self.sites: dict[int, set[str]] = {i: {fp.site} if fp.site else set() for i, fp in enumerate(fps)}
        self.urls: dict[int, set[str]] = {i: {fp.url} if fp.url else set() for i, fp in enumerate(fps)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def merge(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        if len(self.sites[ri] | self.sites[rj]) > 1:
            return False
        both_named = self.fps[i].url is not None and self.fps[j].url is not None
        if self.urls[ri] and self.urls[rj] and not self.urls[ri] & self.urls[rj] and not both_named:
            return False  # only a direct URL-alias pair may join two differently addressed groups
        self.parent[rj] = ri
        self.sites[ri] |= self.sites.pop(rj)
        self.urls[ri] |= self.urls.pop(rj)
        return True


def _groups(articles: Sequence[Article], ids: Sequence[str], clusters: _Clusters,
            story: list[tuple[int, int]]) -> list[Group]:
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(articles)):
        members[clusters.find(index)].append(index)
    order = list(members)  # dicts keep insertion order: groups by their first capture
    position = {root: n for n, root in enumerate(order)}
    links: dict[int, set[int]] = defaultdict(set)
    for i, j in story:
        gi, gj = position[clusters.find(i)], position[clusters.find(j)]
        if gi != gj:
            links[gi].add(gj)
            links[gj].add(gi)
    return [Group(articles=tuple(articles[i] for i in members[root]),
                  captures=tuple(ids[i] for i in members[root]),
                  same_story=tuple(sorted(links[n])))
            for n, root in enumerate(order)]


def _article(item: Item) -> Article:
    if isinstance(item, Article):
        return item
    from tearsheet.api import extract

    return extract(item)
