"""The archive's side of refreshing articles: which URL each article is re-fetched from,
and the record of each fetch and check (``url_checks``, failures at stage ``refresh``).

An article is re-fetched from the URL it was last fetched or checked from, else its own
URL (the reconciled ``articles.url``), else the URL its latest web capture came from; one
URL several articles share is checked once, for the latest of them. The validators stored
with a URL are those its last answer carried: ``tearsheet add URL`` notes them with the
capture (``note_fetch``), each refresh with its check (``record``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from tearsheet.archive.filters import ArticleFilter
from tearsheet.archive.records import ADDED, FAILED, MERGED, REFRESH
from tearsheet.archive.rows import now
from tearsheet.archive.writer import record_failure
from tearsheet.captures.fetch import Validators, is_url
from tearsheet.models import Capture

IDS_PER_QUERY = 500  # article ids per ``IN (…)``: far below SQLite's variable limit
HTTP_URL = "(lower({0}) LIKE 'http://%' OR lower({0}) LIKE 'https://%')"
# The URL an article ``a`` is re-fetched from, the first there is: the one it was last fetched
# or checked from, its own http(s) URL, the URL of its latest web capture.
REFETCH_URL = f"""coalesce(
    (SELECT k.url FROM url_checks k WHERE k.article_id = a.id ORDER BY k.checked DESC LIMIT 1),
    CASE WHEN {HTTP_URL.format('a.url')} THEN a.url END,
    (SELECT c.url FROM captures c WHERE c.article_id = a.id AND c.status = 'ok'
     AND {HTTP_URL.format('c.url')} ORDER BY c.seq DESC LIMIT 1))"""


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshTarget:
    """One article to re-fetch: the URL (None: it has none, so it cannot be refreshed) and
    the validators the last check of that URL returned."""

    article_id: str
    url: str | None
    validators: Validators = Validators()


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlCheck:
    """How one re-fetch ended: the outcome slug, the validators to send next time, and for a
    failure (``failed:<reason>``) its one-line message."""

    url: str
    article_id: str
    outcome: str
    validators: Validators
    message: str | None = None
    changed: bool = False  # a new capture was recorded


def targets(conn: sqlite3.Connection, where: ArticleFilter, dates: tuple[str, str] | None,
            ids: Sequence[str] | None = None) -> list[RefreshTarget]:
    """The articles ``where`` selects (only ``ids`` when given), oldest first, each with the
    URL to re-fetch; an article whose URL a later one shares is left to that one."""
    clauses, params = where.all_sql("a", dates)
    chunks = [list(ids[i:i + IDS_PER_QUERY]) for i in range(0, len(ids), IDS_PER_QUERY)] if ids is not None \
        else [None]
    rows: list[tuple[int, str, str | None, str | None, str | None]] = []
    for chunk in chunks:
        chosen = [*clauses, f"a.id IN ({','.join('?' * len(chunk))})"] if chunk is not None else clauses
        sql = (f"SELECT t.seq, t.id, t.url, k.etag, k.last_modified FROM (SELECT a.seq, a.id, {REFETCH_URL} "
               "AS url FROM articles a" + (" WHERE " + " AND ".join(chosen) if chosen else "")
               + ") AS t LEFT JOIN url_checks k ON k.url = t.url")
        rows += conn.execute(sql, [*params, *(chunk or [])]).fetchall()
    latest: dict[str, int] = {}
    for seq, _, url, _, _ in rows:
        if url is not None:
            latest[url] = max(seq, latest.get(url, seq))
    return [RefreshTarget(article_id=article_id, url=url,
                          validators=Validators(etag=etag, last_modified=last_modified))
            for seq, article_id, url, etag, last_modified in sorted(rows)
            if url is None or latest[url] == seq]


def articles_at(conn: sqlite3.Connection, url: str) -> list[str]:
    """The articles fetched, checked or captured from ``url``, or whose own URL it is."""
    rows = conn.execute(
        "SELECT article_id FROM url_checks WHERE url = ? UNION SELECT id FROM articles WHERE url = ? "
        "UNION SELECT article_id FROM captures WHERE (url = ? OR source = ?) AND status = 'ok'",
        (url, url, url, url)).fetchall()
    return sorted(str(row[0]) for row in rows if row[0] is not None)


def record(conn: sqlite3.Connection, check: UrlCheck) -> None:
    """Note one check inside the caller's transaction: the URL's row in ``url_checks``, and
    its failure named at stage ``refresh`` (or a failure of an earlier check cleared)."""
    _upsert(conn, check)
    if check.outcome.startswith(f"{FAILED}:"):
        record_failure(conn, REFRESH, check.url, check.outcome.partition(":")[2], check.message,
                       article_id=check.article_id)
    else:
        conn.execute("DELETE FROM failures WHERE stage = ? AND source = ?", (REFRESH, check.url))


def note_fetch(conn: sqlite3.Connection, capture: Capture, outcome: str) -> None:
    """After storing a capture fetched from a URL (inside the store's transaction): note the
    validators it came with, so the first refresh of its article is already conditional."""
    if outcome not in (ADDED, MERGED) or not capture.source or not is_url(capture.source) \
            or not (capture.etag or capture.last_modified):
        return
    row = conn.execute("SELECT article_id FROM captures WHERE id = ?", (capture.id,)).fetchone()
    _upsert(conn, UrlCheck(url=capture.source, article_id=row[0], outcome=outcome, changed=True,
                           validators=Validators(etag=capture.etag, last_modified=capture.last_modified)))


def _upsert(conn: sqlite3.Connection, check: UrlCheck) -> None:
    stamp = now()
    conn.execute(
        "INSERT INTO url_checks (url, article_id, etag, last_modified, checked, outcome, changed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id, "
        "etag = excluded.etag, last_modified = excluded.last_modified, checked = excluded.checked, "
        "outcome = excluded.outcome, changed = coalesce(excluded.changed, url_checks.changed)",
        (check.url, check.article_id, check.validators.etag, check.validators.last_modified, stamp,
         check.outcome, stamp if check.changed else None))
