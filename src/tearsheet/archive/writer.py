"""Storing one ``StepResult``: file the capture, group it, re-reconcile its article.

The caller wraps each store in one transaction (``database.transaction``), so a
killed process leaves either the whole capture — bytes, row, keys, article — or
none of it, and rerunning the same add stores what is missing and nothing twice.

Reconciling an article reads all its captures, so doing it on every merge costs more
the more captures an article has. A merge therefore only marks its article in
``pending_articles`` (and counts the capture) in the store's transaction;
``reconcile`` rebuilds a marked article once, from all its captures, and unmarks it in
the caller's transaction. ``store(..., defer=False)`` does both at once. Reconciliation
is order-independent, so either way gives the same articles.

Grouping never rescans: the capture's URL key and LSH band keys find the few
captures that might be the same article (``url_keys``, ``lsh_bands``), and ``Grouping.same_article``
decides on their stored fingerprints.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TypeVar

from tearsheet.archive.grouping import Grouping, lookup_keys
from tearsheet.archive.incoming import StepResult
from tearsheet.archive.records import ADDED, DUPLICATE, FAILED, LOAD, MERGED, READ, RECONCILE
from tearsheet.archive.rows import article_columns, now
from tearsheet.captures.packing import Packed, pack
from tearsheet.errors import TearsheetError
from tearsheet.models import Article, Capture
from tearsheet.schema import from_compact_json

ARTICLE_ID_LENGTH = 12  # hex digits: 48 bits, ample for millions of articles; longer on a clash
MAX_CANDIDATES = 64  # captures sharing most keys with the new one that are compared in full
URL_WEIGHT = 1000  # one shared URL outweighs any number of shared LSH bands
INTERNAL_ERROR = "internal_error"  # reason slug for a bug: named, never fatal to a run
MAX_RECONCILED_CAPTURES = 32  # an article seen more often is reconciled from its first captures
_Key = TypeVar("_Key", str, int)  # a URL key or an LSH band key


def store(conn: sqlite3.Connection, result: StepResult, grouping: Grouping, *,
          known_new: bool = False, defer: bool = False) -> str:
    """Store one result inside the caller's transaction; returns the outcome slug.

    ``known_new``: the caller knows this capture starts a new article (a bulk load of
    distinct articles): no candidate lookup, and its own Article is the canonical one.
    ``defer``: a merge leaves its article marked pending instead of reconciling it
    (``reconcile`` does it later); a new article is written at once either way.
    """
    capture = result.capture
    stored = conn.execute("SELECT status FROM captures WHERE id = ?", (capture.id,)).fetchone()
    if stored is not None and stored[0] != "failed":
        return DUPLICATE
    if stored is not None:  # it failed before: this run retries it, and its result replaces that one
        conn.execute("DELETE FROM capture_blobs WHERE capture_id = ?", (capture.id,))
        conn.execute("DELETE FROM captures WHERE id = ?", (capture.id,))
    packed = result.packed or pack(capture.data)
    source = capture.source or capture.id
    if result.article_json is None or result.error:
        reason = result.error or "error"
        _insert_capture(conn, capture, packed, status="failed", reason=reason, message=result.message)
        record_failure(conn, READ, source, reason, result.message, capture_id=capture.id)
        return f"{FAILED}:{reason}"
    conn.execute("DELETE FROM failures WHERE capture_id = ? OR (stage IN (?, ?) AND source = ?)",
                 (capture.id, LOAD, READ, source))
    fingerprint, lsh = result.fingerprint, result.lsh_keys
    article = None  # decoded from its JSON only when needed (no fingerprint, a new article)
    if fingerprint is None:
        article = _article(result)
        fingerprint, lsh = grouping.fingerprint(article)
    if result.url_keys is not None and result.band_keys is not None:  # made by the worker
        urls, bands = result.url_keys, result.band_keys
    else:
        urls, bands = lookup_keys(grouping.url_key, (result.article_url, capture.url), lsh)
    article_id = None if known_new else _match(conn, urls, bands, fingerprint, grouping)
    outcome = MERGED if article_id else ADDED
    if article_id is None:
        article = article or _article(result)
        article_id = _new_article(conn, capture.id, article if known_new else grouping.reconcile([article]))
    seq = _insert_capture(conn, capture, packed, status="ok", article_id=article_id,
                          article_json=result.article_json, fingerprint=fingerprint)
    if outcome == MERGED:
        urls = _new_to(conn, article_id, "url_keys", urls)
        bands = _new_to(conn, article_id, "lsh_bands", bands)
    conn.executemany("INSERT OR IGNORE INTO url_keys (key, capture) VALUES (?, ?)",
                     [(key, seq) for key in urls])
    conn.executemany("INSERT OR IGNORE INTO lsh_bands (key, capture) VALUES (?, ?)",
                     [(key, seq) for key in bands])
    if outcome == MERGED:
        _mark_pending(conn, article_id, seq)
        if not defer:
            reconcile(conn, article_id, grouping)
    return outcome


def _match(conn: sqlite3.Connection, urls: tuple[str, ...], bands: tuple[int, ...], fingerprint: bytes,
           grouping: Grouping) -> str | None:
    """The article of the first candidate capture that ``same_article`` accepts
    (candidates sharing the URL first, then those sharing the most LSH bands)."""
    if not urls and not bands:
        return None
    candidates = conn.execute(
        "SELECT c.article_id, c.fingerprint, sum(m.weight) AS shared FROM ("
        f"SELECT capture, {URL_WEIGHT} AS weight FROM url_keys WHERE key IN ({_marks(urls)}) UNION ALL "
        f"SELECT capture, 1 AS weight FROM lsh_bands WHERE key IN ({_marks(bands)})"
        ") AS m JOIN captures c ON c.seq = m.capture WHERE c.status = 'ok' "
        "GROUP BY c.seq ORDER BY shared DESC, c.seq LIMIT ?", [*urls, *bands, MAX_CANDIDATES]).fetchall()
    for article_id, other, _ in candidates:
        if other is not None and grouping.same_article(fingerprint, other):
            return str(article_id)
    return None


def _new_to(conn: sqlite3.Connection, article_id: str, table: str,
            keys: tuple[_Key, ...]) -> tuple[_Key, ...]:
    """The keys (of ``url_keys`` or ``lsh_bands``) no capture of the article is filed under yet.

    A key the article already holds adds no way of finding it, and filing every copy
    under it would make each lookup aggregate all of an article's captures: the candidate
    query grew with captures per article (at 20,000 records of 181 articles, from 0.18 ms
    to 1.0 ms a store while every copy was filed under the shared URL key; 0.44 ms at 16
    copies before band keys were filed this way, 0.15 ms after). A later capture still
    meets the article through the capture that holds the key.

    CROSS JOIN pins the keys as the outer loop: left to itself SQLite walked every capture
    of the article (the ``article_id`` index) and probed each key for each, a cost that
    grew with the article (0.51 ms a call at 110 captures; 0.02 ms this way)."""
    if not keys:
        return keys
    held = {row[0] for row in conn.execute(
        f"SELECT k.key FROM {table} k CROSS JOIN captures c ON c.seq = k.capture "
        f"WHERE k.key IN ({_marks(keys)}) AND c.article_id = ?", [*keys, article_id])}
    return tuple(key for key in keys if key not in held)


def _marks(values: tuple[_Key, ...]) -> str:
    return ",".join("?" * len(values)) or "NULL"


def _new_article(conn: sqlite3.Connection, capture_id: str, canonical: Article) -> str:
    """A new article row; its id is the first 12 hex digits of its first capture's id
    (stable: the same first capture always gives the same id), longer on a clash."""
    length = ARTICLE_ID_LENGTH
    while conn.execute("SELECT 1 FROM articles WHERE id = ?", (capture_id[:length],)).fetchone():
        length += 4
    article_id = capture_id[:length]
    stamp = now()
    columns = {**article_columns(canonical), "id": article_id, "captures": 1, "added": stamp,
               "updated": stamp}
    conn.execute(f"INSERT INTO articles ({', '.join(columns)}) "
                 f"VALUES ({', '.join(':' + name for name in columns)})", columns)
    return article_id


def _article(result: StepResult) -> Article:
    article = result.article()
    assert article is not None  # callers checked article_json
    return article


def _insert_capture(conn: sqlite3.Connection, capture: Capture, packed: Packed, *, status: str,
                    article_id: str | None = None, article_json: str | None = None,
                    fingerprint: bytes | None = None, reason: str | None = None,
                    message: str | None = None) -> int:
    cursor = conn.execute(
        "INSERT INTO captures (id, article_id, kind, source, url, fetched, content_type, size, added, "
        "status, reason, message, article_json, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (capture.id, article_id, capture.kind.value, capture.source, capture.url,
         capture.fetched.isoformat() if capture.fetched else None, capture.content_type,
         len(capture.data), now(), status, reason, message, article_json, fingerprint))
    conn.execute("INSERT INTO capture_blobs (capture_id, data, encoding) VALUES (?, ?, ?)",
                 (capture.id, packed.data, packed.encoding))
    return int(cursor.lastrowid or 0)


def record_failure(conn: sqlite3.Connection, stage: str, source: str, reason: str, message: str | None, *,
                   capture_id: str | None = None, article_id: str | None = None) -> None:
    """Name a failure in ``failures`` (the latest one per stage and source), inside the
    caller's transaction: ``LOAD`` a source that gave no capture, ``READ`` a capture that
    gave no article, ``RECONCILE`` an article whose rebuild failed."""
    conn.execute("INSERT OR REPLACE INTO failures (stage, source, reason, message, capture_id, article_id, "
                 "at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (stage, source, reason, message, capture_id, article_id, now()))


def fail_reconcile(conn: sqlite3.Connection, article_id: str, reason: str, message: str) -> None:
    """An article whose rebuild failed keeps its last good record: its pending mark goes
    (so the pass goes on and a later one does not stall on it) and the failure is named.
    ``retry_reconciles`` marks it again for the next run."""
    conn.execute("DELETE FROM pending_articles WHERE article_id = ?", (article_id,))
    record_failure(conn, RECONCILE, article_id, reason, message, article_id=article_id)


def retry_reconciles(conn: sqlite3.Connection) -> int:
    """Mark every article whose rebuild failed pending again (a rerun retries them); how many."""
    cursor = conn.execute(
        "INSERT INTO pending_articles (article_id, first_seq, since) "
        "SELECT f.article_id, (SELECT min(seq) FROM captures c WHERE c.article_id = f.article_id), f.at "
        "FROM failures f JOIN articles a ON a.id = f.article_id WHERE f.stage = ? "
        "ON CONFLICT (article_id) DO NOTHING", (RECONCILE,))
    return cursor.rowcount


def _mark_pending(conn: sqlite3.Connection, article_id: str, seq: int) -> None:
    """Count the merged capture now (cheap: the FTS row is not touched) and mark the
    article for reconciliation; the first mark keeps the earliest merged capture."""
    stamp = now()
    conn.execute("UPDATE articles SET captures = captures + 1, updated = ? WHERE id = ?",
                 (stamp, article_id))
    conn.execute("INSERT INTO pending_articles (article_id, first_seq, since) VALUES (?, ?, ?) "
                 "ON CONFLICT (article_id) DO NOTHING", (article_id, seq, stamp))


def pending(conn: sqlite3.Connection, limit: int | None = None) -> list[str]:
    """Pending article ids, the longest-waiting first."""
    rows = conn.execute("SELECT article_id FROM pending_articles ORDER BY since, article_id LIMIT ?",
                        (-1 if limit is None else limit,))
    return [str(row[0]) for row in rows]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rebuild:
    """What rebuilding one pending article needs, read from the archive: the JSON of the
    Articles reconciliation reads (none: the article cannot have changed, only its mark
    goes), and what tells ``finish`` whether the article moved on since."""

    article_id: str
    first_seq: int
    last_seq: int
    sources: tuple[str, ...]


def rebuild_of(conn: sqlite3.Connection, article_id: str) -> Rebuild | None:
    """The rebuild a pending article needs (None: it is not pending).

    Reconciliation reads the article's first ``MAX_RECONCILED_CAPTURES`` captures: when
    every capture merged since the last rebuild lies beyond them, the article is already
    what a rebuild would give.
    """
    row = conn.execute("SELECT first_seq FROM pending_articles WHERE article_id = ?",
                       (article_id,)).fetchone()
    if row is None:
        return None
    last_seq = conn.execute("SELECT max(seq) FROM captures WHERE article_id = ?", (article_id,)).fetchone()[0]
    earlier = conn.execute("SELECT count(*) FROM (SELECT 1 FROM captures WHERE article_id = ? "
                           "AND status = 'ok' AND seq < ? LIMIT ?)",
                           (article_id, row[0], MAX_RECONCILED_CAPTURES)).fetchone()[0]
    sources: tuple[str, ...] = ()
    if earlier < MAX_RECONCILED_CAPTURES:
        rows = conn.execute("SELECT article_json FROM captures WHERE article_id = ? AND status = 'ok' "
                            "ORDER BY seq LIMIT ?", (article_id, MAX_RECONCILED_CAPTURES)).fetchall()
        sources = tuple(str(json_text) for (json_text,) in rows)
    return Rebuild(article_id=article_id, first_seq=int(row[0]), last_seq=int(last_seq or 0), sources=sources)


def build(rebuild: Rebuild, grouping: Grouping) -> Article | None:
    """The reconciled article (pure: runs in a worker process as well as here)."""
    if not rebuild.sources:
        return None
    return grouping.reconcile([from_compact_json(json_text) for json_text in rebuild.sources])


@dataclass(frozen=True, slots=True)
class BuildFailed:
    """A rebuild that raised: the reason slug and a one-line message, as a value (so one
    article's failure, in a worker or here, costs that article alone)."""

    reason: str
    message: str


def try_build(rebuild: Rebuild, grouping: Grouping) -> Article | BuildFailed | None:
    """``build``, with any failure returned as ``BuildFailed`` instead of raised."""
    try:
        return build(rebuild, grouping)
    except TearsheetError as exc:
        return BuildFailed(exc.reason, " ".join(str(exc).split()))
    except Exception as exc:  # noqa: BLE001 — a reconcile bug must cost one article, not the run
        return BuildFailed(INTERNAL_ERROR, " ".join(f"{type(exc).__name__}: {exc}".split()))


def build_in_worker(job: tuple[Rebuild, Grouping]) -> Article | BuildFailed | None:
    """``try_build`` for a process pool (one picklable argument)."""
    return try_build(*job)


def finish(conn: sqlite3.Connection, rebuild: Rebuild, canonical: Article | BuildFailed | None) -> bool:
    """Write the rebuilt article and clear its mark, inside the caller's transaction.
    False (nothing written) if the article is no longer pending as it was when read.
    A failed rebuild is named (``fail_reconcile``) and the article keeps its record."""
    row = conn.execute("SELECT first_seq FROM pending_articles WHERE article_id = ?",
                       (rebuild.article_id,)).fetchone()
    last_seq = conn.execute("SELECT max(seq) FROM captures WHERE article_id = ?",
                            (rebuild.article_id,)).fetchone()[0]
    if row is None or row[0] != rebuild.first_seq or (last_seq or 0) != rebuild.last_seq:
        return False
    if isinstance(canonical, BuildFailed):
        fail_reconcile(conn, rebuild.article_id, canonical.reason, canonical.message)
        return True
    conn.execute("DELETE FROM pending_articles WHERE article_id = ?", (rebuild.article_id,))
    conn.execute("DELETE FROM failures WHERE stage = ? AND source = ?", (RECONCILE, rebuild.article_id))
    if canonical is not None:
        _write(conn, rebuild.article_id, canonical)
    return True


def reconcile(conn: sqlite3.Connection, article_id: str, grouping: Grouping) -> bool:
    """Rebuild a pending article from its captures' Articles, with provenance, and unmark
    it, inside the caller's transaction. False if it was not pending (nothing to do)."""
    rebuild = rebuild_of(conn, article_id)
    if rebuild is None:
        return False
    return finish(conn, rebuild, try_build(rebuild, grouping))


def _write(conn: sqlite3.Connection, article_id: str, canonical: Article) -> None:
    count = conn.execute("SELECT count(*) FROM captures WHERE article_id = ? AND status = 'ok'",
                         (article_id,)).fetchone()[0]
    columns = article_columns(canonical)
    assignments = ", ".join(f"{name} = :{name}" for name in columns)
    conn.execute(f"UPDATE articles SET {assignments}, captures = :captures, updated = :updated "
                 "WHERE id = :id", {**columns, "captures": count, "updated": now(), "id": article_id})
