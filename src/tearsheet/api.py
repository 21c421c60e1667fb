"""The library's front door: ``extract`` one capture into an ``Article``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tearsheet.captures.load import capture_from_bytes, capture_from_path
from tearsheet.errors import UnsupportedInputError
from tearsheet.models import Article, Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.readers import read

Input = bytes | str | Path | Capture


def to_capture(data: Input, *, url: str | None = None, kind: CaptureKind | str | None = None,
               options: ReadOptions = DEFAULT_OPTIONS) -> Capture:
    """Turn bytes, text, a path or a Capture into a Capture (kind sniffed unless given)."""
    if kind is not None:
        options = dataclasses.replace(options, kind=CaptureKind(kind))
    if isinstance(data, Capture):
        return dataclasses.replace(data, kind=options.kind) if options.kind else data
    if isinstance(data, Path):
        return capture_from_path(data, url=url, options=options)
    if isinstance(data, str):
        return capture_from_bytes(data.encode("utf-8"), url=url, options=options)
    if isinstance(data, (bytes, bytearray, memoryview)):
        return capture_from_bytes(bytes(data), url=url, options=options)
    raise UnsupportedInputError(f"cannot read a {type(data).__name__}: pass bytes, str or a Path")


def extract(data: Input, url: str | None = None, *, kind: CaptureKind | str | None = None,
            options: ReadOptions = DEFAULT_OPTIONS) -> Article:
    """Read one capture — a web page, PDF print, text dump or Markdown clip — into an Article.

    ``data`` is the capture's bytes, its text, a ``pathlib.Path`` or a ``Capture``;
    ``url`` is where the page lives (resolves relative links, fills ``Article.url``
    when the capture does not say it). Raises a ``TearsheetError`` subclass.
    """
    return read(to_capture(data, url=url, kind=kind, options=options), options)
