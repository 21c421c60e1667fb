"""markdown capture → Article (placeholder until its reader lands)."""

from __future__ import annotations

from tearsheet.errors import UnsupportedInputError
from tearsheet.models import Article, Capture
from tearsheet.options import ReadOptions


def read(capture: Capture, options: ReadOptions) -> Article:
    raise UnsupportedInputError("reading markdown captures is not implemented yet")
