"""Finding an article from the ids people type: its id, a capture's id, or a short prefix of either.

Provenance (``tearsheet show --explain``, ``reconcile --explain``) names captures by their
first 8 or 12 hex digits, like short git hashes; each of those leads back to its article.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tearsheet.errors import ArchiveError, NotInArchiveError

MIN_PREFIX = 4  # `tearsheet show 3fa9` works like a short git hash
HEX_DIGITS = frozenset("0123456789abcdef")  # article and capture ids are SHA-256 hex
RANGE_END = "\uffff"  # after every id that starts with a prefix: prefix ≤ id < prefix + this
SHOWN_DIGITS = 12  # a capture named in a message


def article_id(conn: sqlite3.Connection, key: str, path: Path | str) -> str:
    """The full id of an article given its id, one of its capture ids, or a unique prefix
    (4+ hex digits) of either. A prefix several articles share, or that names only a
    capture that could not be read, raises ``NotInArchiveError`` saying so."""
    wanted = key.strip().lower()
    try:
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", [wanted]).fetchone():
            return wanted
        found = _articles_by_prefix(conn, wanted)
        failed = None if found else _failed_capture(conn, wanted)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot read the archive {path}: {exc}") from exc
    if len(found) == 1:
        return found.pop()
    if found:
        raise NotInArchiveError(f"the id {key} is ambiguous (several articles or captures start "
                                "with it): give more characters")
    if failed:
        capture, reason = failed
        raise NotInArchiveError(f"capture {capture[:SHOWN_DIGITS]} could not be read ({reason}): "
                                "it has no article")
    raise NotInArchiveError(f"no article or capture {key} in {path}")


def _articles_by_prefix(conn: sqlite3.Connection, prefix: str) -> set[str]:
    """Up to two articles whose id, or one of whose captures' ids, is or starts with ``prefix``
    (an exact capture id always counts; a shorter prefix needs ``MIN_PREFIX`` hex digits)."""
    exact = conn.execute("SELECT article_id FROM captures WHERE id = ? AND article_id IS NOT NULL",
                         [prefix]).fetchone()
    if exact:
        return {str(exact[0])}
    if len(prefix) < MIN_PREFIX or not set(prefix) <= HEX_DIGITS:
        return set()
    bounds = [prefix, prefix + RANGE_END]
    articles = conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2", bounds)
    # An article's id is its first capture's id cut short: both may match, and count once.
    captures = conn.execute("SELECT DISTINCT article_id FROM captures WHERE id >= ? AND id < ? "
                            "AND article_id IS NOT NULL LIMIT 2", bounds)
    return {str(row[0]) for row in articles} | {str(row[0]) for row in captures}


def _failed_capture(conn: sqlite3.Connection, prefix: str) -> tuple[str, str] | None:
    if len(prefix) < MIN_PREFIX or not set(prefix) <= HEX_DIGITS:
        return None
    row = conn.execute("SELECT id, reason FROM captures WHERE id >= ? AND id < ? AND article_id IS NULL "
                       "LIMIT 1", [prefix, prefix + RANGE_END]).fetchone()
    return (str(row[0]), str(row[1] or "unknown reason")) if row else None
