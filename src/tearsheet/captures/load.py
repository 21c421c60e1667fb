"""Make ``Capture`` objects from bytes and files (URLs: ``fetch``; WARC: ``warc``)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from tearsheet.captures.mhtml import SavedPage
from tearsheet.captures.sniff import sniff_kind
from tearsheet.errors import EmptyInputError, InputError, InputTooLargeError, UnsupportedInputError
from tearsheet.models import Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

HIDDEN_PREFIXES = (".", "_")  # dot-files and editor droppings in a folder of captures


def capture_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def capture_from_bytes(
    data: bytes,
    *,
    url: str | None = None,
    source: str | None = None,
    kind: CaptureKind | None = None,
    fetched: datetime | None = None,
    content_type: str | None = None,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> Capture:
    if not data:
        raise EmptyInputError("the input is empty")
    if len(data) > options.max_bytes:
        raise InputTooLargeError(
            f"the input is {len(data):,} bytes, over the {options.max_bytes:,}-byte limit"
        )
    if kind is None and options.kind is None:
        container = _unwrap(data, source, options)
        if isinstance(container, Capture):
            return container
        if container is not None:
            data, url, content_type = container.html, url or container.url, container.content_type
    return Capture(
        id=capture_id(data),
        kind=kind or options.kind or sniff_kind(data),
        data=data,
        source=source,
        url=url,
        fetched=fetched,
        content_type=content_type,
    )


def _unwrap(data: bytes, source: str | None, options: ReadOptions) -> Capture | SavedPage | None:
    """The page inside a container: an MHTML file's HTML, a WACZ's first page; else None."""
    from tearsheet.captures.mhtml import is_mhtml, read_mhtml
    from tearsheet.captures.wacz import ZIP_MAGIC, is_wacz, wacz_page

    if is_mhtml(data):
        return read_mhtml(data)
    if data.startswith(ZIP_MAGIC) and is_wacz(data):
        return wacz_page(data, source or "WACZ", options=options)
    return None


def capture_from_path(path: Path, *, url: str | None = None,
                      options: ReadOptions = DEFAULT_OPTIONS) -> Capture:
    from tearsheet.captures.warc import is_warc  # here: warc makes its captures with this module

    if path.is_file() and is_warc(path):
        raise UnsupportedInputError(
            f"{path} is a WARC file, a capture per record: `tearsheet extract` and `tearsheet add` "
            "read it record by record (in Python: tearsheet.captures.warc.iter_warc)")
    try:
        stat = path.stat()
        if stat.st_size > options.max_bytes:
            raise InputTooLargeError(
                f"{path}: {stat.st_size:,} bytes, over the {options.max_bytes:,}-byte limit")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    mtime = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    # The absolute path: an archive outlives the folder its add ran from.
    return capture_from_bytes(data, url=url, source=str(path.absolute()), fetched=mtime, options=options)


def iter_paths(root: Path) -> Iterator[Path]:
    """Every regular file under ``root`` (or ``root`` itself), sorted, hidden ones skipped."""
    if not root.is_dir():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(HIDDEN_PREFIXES))
        for name in sorted(filenames):
            if not name.startswith(HIDDEN_PREFIXES):
                yield Path(dirpath) / name
