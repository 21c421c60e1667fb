"""EDGE: Parquet shards — one row per input record, written by a shard task, read by dedup.

A shard is written to ``<name>.parquet.tmp`` in row groups of ``ROW_GROUP`` rows (memory
stays at one row group) and renamed to ``<name>.parquet`` when complete, so a shard
file that exists is whole. Columns: the capture's id, source, url, fetch time, kind and
content type; the outcome slug (``added``, ``duplicate``, ``skipped:…``, ``failed:…``)
and error message; the article's title, site, language, publication date and its full
JSON (``tearsheet.schema``); the grouping fingerprint and its LSH band keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tearsheet.batch.outcomes import ADDED, DUPLICATE
from tearsheet.batch.task import Done
from tearsheet.errors import MissingExtraError
from tearsheet.render import to_json

ROW_GROUP = 500  # rows buffered before a row group is written
DONE_SUFFIX = ".done"  # completion marker next to each finished shard
COLUMNS = ("capture_id", "source", "url", "fetched", "kind", "content_type", "outcome", "message", "title",
           "site_name", "language", "published", "article_json", "fingerprint", "lsh_keys")


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("Parquet shards", "parquet") from exc
    return pa, pq


def schema() -> Any:
    pa, _ = _pyarrow()
    types = {"fingerprint": pa.binary(), "lsh_keys": pa.list_(pa.string())}
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


class ShardWriter:
    """Write one shard's rows; ``write`` returns the record's outcome slug."""

    def __init__(self, path: Path) -> None:
        _, pq = _pyarrow()
        self.path = path
        self._tmp = path.with_name(path.name + ".tmp")
        self._writer = pq.ParquetWriter(self._tmp, schema())
        self._rows: list[dict[str, Any]] = []
        self._seen: set[str] = set()

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is None:
            self.close()
        else:
            self._writer.close()
            self._tmp.unlink(missing_ok=True)

    def write(self, done: Done) -> str:
        row = _row(done, self._seen)
        self._rows.append(row)
        if len(self._rows) >= ROW_GROUP:
            self._flush()
        return str(row["outcome"])

    def close(self) -> None:
        self._flush()
        self._writer.close()
        self._tmp.replace(self.path)

    def _flush(self) -> None:
        if self._rows:
            pa, _ = _pyarrow()
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=schema()))
            self._rows = []


def _row(done: Done, seen: set[str]) -> dict[str, Any]:
    task, result = done.task, done.result
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(source=task.source, outcome=task.outcome, lsh_keys=[])
    if result is None:
        return row
    capture = result.capture
    row.update(capture_id=capture.id, url=capture.url, kind=capture.kind.value,
               content_type=capture.content_type, message=result.message,
               fetched=capture.fetched.isoformat() if capture.fetched else None)
    article = result.article()
    if result.error or article is None:
        row["outcome"] = f"failed:{result.error or 'error'}"
        return row
    row["outcome"] = DUPLICATE if capture.id in seen else ADDED
    seen.add(capture.id)
    row.update(title=article.title, site_name=article.site_name, language=article.language,
               published=article.published.isoformat() if article.published else None,
               article_json=to_json(article), fingerprint=result.fingerprint, lsh_keys=list(result.lsh_keys))
    return row


def shard_files(folder: Path) -> list[Path]:
    """The finished shards in a folder (those with a completion marker), sorted by name."""
    return sorted(p for p in folder.glob("*.parquet") if p.with_suffix(DONE_SUFFIX).exists())


def iter_fingerprints(folder: Path) -> Iterator[tuple[str, str | None, bytes]]:
    """(capture id, url, fingerprint) of every added capture in the folder's shards."""
    _, pq = _pyarrow()
    for path in shard_files(folder):
        table = pq.read_table(path, columns=["capture_id", "url", "outcome", "fingerprint"])
        for row in table.to_pylist():
            if row["outcome"] == ADDED and row["fingerprint"] is not None:
                yield row["capture_id"], row["url"], row["fingerprint"]
