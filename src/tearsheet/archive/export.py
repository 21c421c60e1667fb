"""Writing articles out: JSON Lines, CSV, Parquet, or a folder of Markdown files.

Every writer streams: articles arrive one by one from the database cursor, so an
export of a million articles needs no more memory than one batch.

JSON Lines with ``versions=True`` is one line per version of each article, oldest first
(``version_record``): an article never seen edited is one line, its one version.

Markdown is one file per article, ``YYYY-MM-DD-slug.md``, with YAML front matter
(``title``, ``authors``, ``date``, ``url``, ``site``, ``language``, ``tags``, ``id``)
— the layout Obsidian vaults and static-site generators (Jekyll, Hugo) read.

Captured text is untrusted, and each format is made safe for what reads it: a CSV cell
a spreadsheet would run as a formula is quoted (OWASP's advice), front-matter strings
escape every character YAML forbids, file names keep a title's own script but lose path
separators and the characters Windows or macOS refuse, and tags become valid Obsidian tags.
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
from tearsheet.reconcile.versions import versions_of
from tearsheet.render import to_markdown
from tearsheet.schema import to_dict, version_to_dict

FORMATS = ("jsonl", "csv", "parquet", "markdown")
PARQUET_BATCH = 1000  # rows per Parquet row group
SLUG_CHARS = 60  # file names stay readable and far below file-system limits
SLUG_BYTES = 180  # UTF-8 bytes: 60 CJK characters; with the date and an id well below 255
# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection").
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_NEUTRALISER = "'"  # prefixed to such a cell: the spreadsheet shows it as text
# Letters (any script), combining marks (vowel signs, accents) and numbers stay in a slug.
SLUG_CATEGORIES = ("L", "M", "N")
# Device names Windows refuses as a file name, with any extension.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})
# Obsidian tags: letters, digits, "_", "-" and "/" (nesting), with at least one non-digit.
TAG_SEPARATORS = re.compile(r"[\s\-]+")
NUMERIC_TAG_PREFIX = "_"  # "2024" is no Obsidian tag, "_2024" is
# Characters YAML (1.1 and 1.2) does not allow in a document, plus the line breaks YAML 1.1
# reads inside a quoted string (NEL, LS, PS); JSON quoting leaves them as they are.
YAML_UNSAFE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                         "|[\u2028\u2029]")
CSV_COLUMNS = ("id", "title", "subtitle", "authors", "published", "site", "url", "language",
               "section", "tags", "captures", "text")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Exported:
    """One article as it leaves the archive."""

    id: str
    captures: int
    site: str | None
    article: Article


def export(items: Iterable[Exported], fmt: str, path: Path, *, versions: bool = False) -> int:
    """Write ``items`` to ``path`` in ``fmt``; returns how many articles were written.
    ``versions``: a line per version instead of per article (JSON Lines only)."""
    writers = {"jsonl": _jsonl_versions if versions else _jsonl, "csv": _csv, "parquet": _parquet,
               "markdown": _markdown}
    if fmt not in writers:
        raise ArchiveError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if versions and fmt != "jsonl":
        raise ArchiveError(f"a line per version is a JSON Lines export: use jsonl, not {fmt}")
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


def _jsonl_versions(items: Iterator[Exported], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            for record in version_records(item):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def version_records(item: Exported) -> Iterator[dict[str, Any]]:
    """One record per version of the article, oldest first: its id, how many versions it has,
    then the version as ``Article.to_dict`` lists it (``number``, ``captures``, ``time``,
    ``time_source``, ``title``, ``edits`` from the version before, ``notes``), its body as
    plain ``text``, and its ``article``."""
    versions = versions_of(item.article)
    for version in versions:
        data = version_to_dict(version)
        article = data.pop("article")
        yield {"id": item.id, "versions": len(versions), **data, "text": version.article.text,
               "article": article}


def _csv(items: Iterator[Exported], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for item in items:
            row = flat(item)
            row["authors"] = "; ".join(row["authors"])
            row["tags"] = "; ".join(row["tags"])
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
            count += 1
    return count


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, prefixed with ``'`` (shown as text)."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return CSV_NEUTRALISER + value
    return value


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
    """``Тест: «Заголовок»!`` → ``тест-заголовок``: letters, marks and numbers of any script,
    lower case, runs of anything else (spaces, punctuation, ``/ \\ : * ? " < > |``, control
    characters) one ``-``; at most ``SLUG_CHARS`` characters and ``SLUG_BYTES`` UTF-8 bytes."""
    kept = "".join(c if unicodedata.category(c)[0] in SLUG_CATEGORIES else " "
                   for c in unicodedata.normalize("NFKC", text).lower())
    slug = "-".join(kept.split())[:SLUG_CHARS]
    while len(slug.encode("utf-8")) > SLUG_BYTES:
        slug = slug[:-1]
    slug = slug.rstrip("-")
    return f"{slug}-" if slug in WINDOWS_RESERVED else slug


def obsidian_tag(tag: str) -> str | None:
    """``Climate change`` → ``Climate-change``; ``2024`` → ``_2024``; None if nothing is left."""
    kept = "".join(c for c in unicodedata.normalize("NFKC", tag)
                   if c in "_-/" or c.isspace() or unicodedata.category(c)[0] in SLUG_CATEGORIES)
    kept = TAG_SEPARATORS.sub("-", kept).strip("-/")
    kept = re.sub(r"/+", "/", kept)
    if not kept:
        return None
    return NUMERIC_TAG_PREFIX + kept if kept.isdigit() else kept


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted string: JSON's quoting (valid YAML), plus the
    characters YAML forbids or reads as line breaks escaped as ``\\uXXXX``."""
    quoted = json.dumps(text, ensure_ascii=False)
    return YAML_UNSAFE.sub(lambda m: _yaml_escape(m.group()), quoted)


def _yaml_escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def front_matter(item: Exported) -> str:
    """YAML front matter; strings double-quoted (``yaml_string``), tags as Obsidian tags."""
    article = item.article
    fields: list[tuple[str, Any]] = [
        ("title", article.title),
        ("authors", [a.name for a in article.authors]),
        ("date", article.published.isoformat() if article.published else None),
        ("url", article.url),
        ("site", item.site),
        ("language", article.language),
        ("tags", list(dict.fromkeys(t for t in map(obsidian_tag, article.tags) if t))),
        ("id", item.id),
        ("captures", item.captures),
    ]
    lines = ["---"]
    for key, value in fields:
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: []" if not value else f"{key}:")
            lines.extend(f"  - {yaml_string(v)}" for v in value)
        elif isinstance(value, str):
            lines.append(f"{key}: {yaml_string(value)}")
        else:
            lines.append(f"{key}: {json.dumps(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _body(article: Article) -> str:
    # Title, byline, date and URL are in the front matter; the body starts with the text.
    return to_markdown(dataclasses.replace(article, title=None, authors=(), published=None, url=None))
