"""Strict shapes for the ids that appear in URLs, so no id can name a file or smuggle SQL.

Every id taken from a URL goes through ``article_id`` or ``capture_id`` before the
archive sees it; anything else is a 404, whatever the archive would have done with it.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException

# Article ids are the archive's own (short hex hashes or integers); 64 characters is
# far more than any of them needs and keeps "../", "%2F", quotes and spaces out.
ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Capture ids are the SHA-256 of the capture's bytes, lower-case hex; a unique prefix
# of at least 8 characters is accepted because people copy short ids.
CAPTURE_ID = re.compile(r"[0-9a-f]{8,64}")

NOT_FOUND = 404


def article_id(raw: str) -> str:
    """``raw`` if it has the shape of an article id; a 404 otherwise."""
    return _checked(ARTICLE_ID, raw, "article")


def capture_id(raw: str) -> str:
    """``raw`` if it has the shape of a capture id; a 404 otherwise."""
    return _checked(CAPTURE_ID, raw, "capture")


def _checked(pattern: re.Pattern[str], raw: str, what: str) -> str:
    if not pattern.fullmatch(raw):
        raise HTTPException(NOT_FOUND, f"no such {what}")
    return raw
