"""Group the captures of Parquet shards by article (MinHash-LSH), for ``tearsheet dedup``.

The shards hold each capture's fingerprint (a MinHash signature of its extracted body,
plus URL, site and title keys). Candidates are captures sharing an LSH band or URL key
— never all pairs — and ``tearsheet.reconcile``'s grouping rule (``groups_of``) decides,
so a shard run groups exactly as the SQLite archive does. The fingerprints are held in
memory (about 1 KB per capture); the groups are written as Parquet or JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tearsheet.batch.parquet import _pyarrow, iter_fingerprints
from tearsheet.errors import InputError
from tearsheet.models import Article

FORMATS = (".parquet", ".json")


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupGroup:
    """Captures of one article: ``id`` is its first capture's id (shard order)."""

    id: str
    captures: tuple[str, ...]
    urls: tuple[str, ...]  # distinct capture URLs, first seen first
    same_story: tuple[str, ...] = ()  # ids of other groups telling the same story


def dedup(folder: Path) -> list[DedupGroup]:
    """Group every added capture of the finished shards in ``folder``."""
    from tearsheet.reconcile import Fingerprint
    from tearsheet.reconcile.grouping import groups_of

    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of shards")
    ids: list[str] = []
    urls: dict[str, str | None] = {}
    prints: list[Fingerprint] = []
    for capture_id, url, data in iter_fingerprints(folder):
        if capture_id in urls:
            continue  # the same bytes in two shards: one capture
        ids.append(capture_id)
        urls[capture_id] = url
        prints.append(Fingerprint.from_bytes(data))
    blank = Article()  # groups_of only carries articles through; the shards have them
    groups = groups_of([blank] * len(prints), prints, ids)
    names = [group.captures[0] for group in groups]
    return [DedupGroup(id=names[n], captures=group.captures,
                       urls=tuple(dict.fromkeys(u for c in group.captures if (u := urls[c]))),
                       same_story=tuple(names[i] for i in group.same_story))
            for n, group in enumerate(groups)]


def write_groups(groups: list[DedupGroup], path: Path) -> None:
    """Write the groups to ``path``: ``.parquet`` (one row per group) or ``.json``."""
    rows = [{"id": g.id, "size": len(g.captures), "captures": list(g.captures), "urls": list(g.urls),
             "same_story": list(g.same_story)} for g in groups]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    elif path.suffix == ".parquet":
        pa, pq = _pyarrow()
        pq.write_table(pa.Table.from_pylist(rows), path)
    else:
        raise InputError(f"{path}: write the groups to a {' or '.join(FORMATS)} file")
