"""One options object for reading captures, instead of a long keyword list.

Variants are made with ``dataclasses.replace(DEFAULT_OPTIONS, …)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tearsheet.models import CaptureKind

MAX_CAPTURE_BYTES = 50 * 1024 * 1024  # a news page or print is far below this; larger is a mistake
FETCH_TIMEOUT_SECONDS = 20.0
USER_AGENT = "Mozilla/5.0 (compatible; tearsheet/0.1; +https://pypi.org/project/tearsheet/)"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    kind: CaptureKind | None = None  # None: sniff the kind from the bytes
    max_bytes: int = MAX_CAPTURE_BYTES
    max_pdf_pages: int = 5000  # a print longer than this is read up to here, then marked truncated
    fetch_timeout: float = FETCH_TIMEOUT_SECONDS
    user_agent: str = USER_AGENT
    # Called as a long capture is read, with (pages done, pages in all): a 2,000-page print
    # takes seconds, and an interface may want to show it. Not part of equality.
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)


DEFAULT_OPTIONS = ReadOptions()
