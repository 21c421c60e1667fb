"""EDGE: WACZ (Web Archive Collection Zipped, as Webrecorder and Browsertrix write) → captures.

A WACZ is a zip: ``archive/*.warc.gz`` hold the crawl's records, ``pages/pages.jsonl``
lists the pages a person visited (one JSON object per line after a header line, each
with its ``url``). Each listed page's HTML or PDF response becomes a capture, read by the
WARC reader (``captures.warc``); the crawl's other records (scripts, images, frames, ads)
are skipped with the reason ``not_a_page``. A WACZ without a pages list gives every HTML
or PDF response, as a WARC does.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from tearsheet.captures.warc import SkippedRecord, iter_warc
from tearsheet.errors import UnsupportedInputError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

ZIP_MAGIC = b"PK\x03\x04"
PAGES = ("pages/pages.jsonl", "pages/extraPages.jsonl")
ARCHIVE_DIR = "archive/"


def is_wacz(data: bytes | Path) -> bool:
    """A zip holding an ``archive/`` of WARC files (the WACZ layout)."""
    try:
        if isinstance(data, Path):
            with data.open("rb") as stream:
                if stream.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
                    return False
            with zipfile.ZipFile(data) as archive:
                return _has_warcs(archive)
        if not data.startswith(ZIP_MAGIC):
            return False
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _has_warcs(archive)
    except (OSError, zipfile.BadZipFile):
        return False


def iter_wacz(source: bytes | Path, name: str, *,
              options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Capture | SkippedRecord]:
    """Every listed page of a WACZ as a Capture, every other record as a ``SkippedRecord``."""
    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        archive = zipfile.ZipFile(opened)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnsupportedInputError(f"{name}: not a readable WACZ ({exc})") from exc
    with archive:
        pages = _pages(archive)
        for member in sorted(n for n in archive.namelist() if _is_warc(n)):
            with archive.open(member) as stream:
                for item in iter_warc(stream, f"{name}!{member}", options=options):
                    if isinstance(item, Capture) and pages and _normal(item.url) not in pages:
                        yield SkippedRecord(source=item.source or name, reason="not_a_page")
                        continue
                    yield item


def wacz_page(data: bytes, name: str, *, options: ReadOptions = DEFAULT_OPTIONS) -> Capture:
    """The first page of a WACZ (what ``extract`` reads from a one-page archive)."""
    for item in iter_wacz(data, name, options=options):
        if isinstance(item, Capture):
            return item
    raise UnsupportedInputError(f"{name}: the WACZ holds no HTML or PDF page")


def _pages(archive: zipfile.ZipFile) -> set[str]:
    urls: set[str] = set()
    for member in PAGES:
        if member not in archive.namelist():
            continue
        for line in archive.read(member).decode("utf-8", "replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                urls.add(_normal(entry["url"]))
    return urls


def _normal(url: str | None) -> str:
    return (url or "").split("#", 1)[0].rstrip("/")


def _has_warcs(archive: zipfile.ZipFile) -> bool:
    return any(_is_warc(n) for n in archive.namelist())


def _is_warc(member: str) -> bool:
    return member.startswith(ARCHIVE_DIR) and member.lower().endswith((".warc", ".warc.gz"))
