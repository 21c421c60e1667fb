"""Writing articles out: JSON Lines, CSV, Parquet, or a folder of Markdown files.

Every writer streams: articles arrive one by one from the database cursor, so an
export of a million articles needs no more memory than one batch.

Markdown is one file per article, ``YYYY-MM-DD-slug.md``, with YAML front matter
(``title``, ``authors``, ``date``, ``url``, ``site``, ``language``, ``tags``, ``id``)
— the layout Obsidian vaults and static-site generators (Jekyll, Hugo) read.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tearsheet.errors import ArchiveError, MissingExtraError
from tearsheet.models import Article
from tearsheet.render import to_markdown
from tearsheet.schema import to_dict

FORMATS = ("jsonl", "csv", "parquet", "markdown")
PARQUET_BATCH = 1000  # rows per Parquet row group
SLUG_CHARS = 60  # file names stay readable and far below file-system limits
CSV_COLUMNS = ("id", "title", "subtitle", "authors", "published", "site", "url", "language",
               "section", "tags", "captures", "text")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Exported:
    """One article as it leaves the archive."""

    id: str
    captures: int
    site: str | None
    article: Article


def export(items: Iterable[Exported], fmt: str, path: Path) -> int:
    """Write ``items`` to ``path`` in ``fmt``; returns how many were written."""
    writers = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "markdown": _markdown}
    if fmt not in writers:
        raise ArchiveError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    try:
        return writers[fmt](iter(items), path)
    except OSError as exc:
        raise ArchiveError(f"cannot write {path}: {exc.strerror or exc}") from exc


def flat(item: Exported) -> dict[str, Any]:
    """One article as a flat row (CSV and Parquet)."""
    article = item.article
    return {
        "id": item.id, "title": article.title, "subtitle": article.subtitle,
        "authors": [a.name for a in article.authors],
        "published": article.published.isoformat() if article.published else None,
        "site": item.site, "url": article.url, "language": article.language,
        "section": article.section, "tags": list(article.tags), "captures": item.captures,
        "text": article.text,
    }


def _jsonl(items: Iterator[Exported], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            record = {"id": item.id, "captures": item.captures, **to_dict(item.article)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def _csv(items: Iterator[Exported], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for item in items:
            row = flat(item)
            row["authors"] = "; ".join(row["authors"])
            row["tags"] = "; ".join(row["tags"])
            writer.writerow(row)
            count += 1
    return count


def _parquet(items: Iterator[Exported], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("Parquet export", "parquet") from exc
    string, strings = pa.string(), pa.list_(pa.string())
    schema = pa.schema([("id", string), ("title", string), ("subtitle", string), ("authors", strings),
                        ("published", string), ("site", string), ("url", string), ("language", string),
                        ("section", string), ("tags", strings), ("captures", pa.int64()),
                        ("text", string), ("article", string)])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for item in items:
            batch.append({**flat(item), "article": json.dumps(to_dict(item.article), ensure_ascii=False)})
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _markdown(items: Iterator[Exported], path: Path) -> int:
    path.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    count = 0
    for item in items:
        name = file_name(item)
        if name in used:
            name = name.removesuffix(".md") + f"-{item.id}.md"
        used.add(name)
        (path / name).write_text(front_matter(item) + _body(item.article), encoding="utf-8")
        count += 1
    return count


def file_name(item: Exported) -> str:
    """``2024-03-01-the-title.md`` (the date prefix static-site generators expect)."""
    article = item.article
    slug = slugify(article.title or "") or item.id
    return f"{article.published:%Y-%m-%d}-{slug}.md" if article.published else f"{slug}.md"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_CHARS].rstrip("-")


def front_matter(item: Exported) -> str:
    """YAML front matter; strings are JSON-quoted, which is valid YAML and always safe."""
    article = item.article
    fields: list[tuple[str, Any]] = [
        ("title", article.title),
        ("authors", [a.name for a in article.authors]),
        ("date", article.published.isoformat() if article.published else None),
        ("url", article.url),
        ("site", item.site),
        ("language", article.language),
        ("tags", list(article.tags)),
        ("id", item.id),
        ("captures", item.captures),
    ]
    lines = ["---"]
    for key, value in fields:
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: []" if not value else f"{key}:")
            lines.extend(f"  - {json.dumps(v, ensure_ascii=False)}" for v in value)
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _body(article: Article) -> str:
    # Title, byline, date and URL are in the front matter; the body starts with the text.
    return to_markdown(dataclasses.replace(article, title=None, authors=(), published=None, url=None))
