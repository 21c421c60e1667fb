"""PURE: ``Capture`` → ``Article``, one module per capture kind.

Readers never open files, fetch URLs or touch SQL: they take a ``Capture`` (bytes
plus what is known of their origin) and return a frozen ``Article``, or raise a
``TearsheetError``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib import import_module

from tearsheet.models import Article, Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.readers.common.invisible import drop_invisible_blocks

Reader = Callable[[Capture, ReadOptions], Article]

# Imported lazily: the PDF reader needs an optional extra, and start-up stays fast.
_READER_MODULES = {
    CaptureKind.HTML: "tearsheet.readers.html",
    CaptureKind.PDF: "tearsheet.readers.pdf",
    CaptureKind.TEXT: "tearsheet.readers.text",
    CaptureKind.MARKDOWN: "tearsheet.readers.markdown",
}


def read(capture: Capture, options: ReadOptions = DEFAULT_OPTIONS) -> Article:
    """Read one capture with the reader of its kind."""
    reader: Reader = import_module(_READER_MODULES[capture.kind]).read
    article = drop_invisible_blocks(reader(capture, options))
    if article.fetched is None and capture.fetched is not None:  # WARC-Date, fetch time, a file's mtime
        article = dataclasses.replace(article, fetched=capture.fetched)
    return article
