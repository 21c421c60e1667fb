"""The archive's schema, as named migrations applied in order and recorded in ``migrations``.

Everything is a plain table, so the file opens as it is in sqlite-utils and Datasette:
``articles_fts`` is a standard FTS5 *external-content* index over ``articles``
(``title``, ``authors``, ``text``, ``facets``; words stemmed and diacritics folded), kept
in sync by triggers named the way sqlite-utils names its own, so both tools detect it and
search with it.

Tables:

- ``articles``: one row per reconciled article — searchable columns, filter columns
  (``site``, ``host``, ``date``, ``language``, and ``facets``: the site and language
  filters as FTS5 tokens, see ``tearsheet.archive.facets``) and the canonical Article as JSON
  (``tearsheet.schema.to_dict``, with provenance). ``seq`` is an INTEGER PRIMARY KEY
  so the FTS rowids survive ``VACUUM``; ``id`` is the short public id.
- ``captures``: one row per capture (content-hash id): where it came from, its size,
  when it was added, the Article read from it (JSON) and its grouping fingerprint —
  or, for a capture that could not be read, ``status = 'failed'`` with the reason.
- ``capture_blobs``: each capture's bytes (kept in the database so the archive is one
  portable file that needs no folder of originals beside it), packed as ``encoding``
  says: ``zstd`` (a standard zstd frame, e.g. ``zstd -d`` or Python's ``zstandard``
  unpack it) or NULL for raw bytes (archives from before packing; tiny captures).
- ``url_keys`` and ``lsh_bands``: the keys grouping looks candidates up by — the
  normalised article URL, and each MinHash LSH band key hashed to a 64-bit integer
  (42 bands per capture: integers keep the index small) — so adding a capture never
  rescans the archive. ``capture`` is ``captures.seq``.
- ``pending_articles``: articles with captures merged since they were last reconciled
  (``Archive.reconcile_pending`` clears it; ``tearsheet add`` does at the end of a run).
- ``failures``: every source the archive could not take, by stage (``load``, ``read``,
  ``reconcile``, ``refresh``), reason and message; what ``tearsheet failures`` lists and a
  rerun retries.
- ``url_checks``: one row per URL fetched (``tearsheet add URL``) or re-fetched (``tearsheet
  add --refresh``) — the validators (ETag, Last-Modified) its last answer carried, sent back
  on the next refresh as ``If-None-Match`` / ``If-Modified-Since``, when it was last checked,
  how that ended, and when it last gave a new capture (``changed``).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from tearsheet.archive.facets import facets

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_initial", """
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT,
            authors TEXT,
            text TEXT,
            site TEXT,
            host TEXT,
            url TEXT,
            published TEXT,
            date TEXT,
            language TEXT,
            captures INTEGER NOT NULL DEFAULT 0,
            json TEXT NOT NULL,
            added TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX articles_date ON articles(date);
        CREATE INDEX articles_host ON articles(host);
        CREATE INDEX articles_site ON articles(site COLLATE NOCASE);
        CREATE INDEX articles_language ON articles(language);

        CREATE TABLE captures (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            article_id TEXT REFERENCES articles(id),
            kind TEXT NOT NULL,
            source TEXT,
            url TEXT,
            fetched TEXT,
            content_type TEXT,
            size INTEGER NOT NULL,
            added TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT,
            message TEXT,
            article_json TEXT,
            fingerprint BLOB
        );
        CREATE INDEX captures_article ON captures(article_id);
        CREATE INDEX captures_reason ON captures(reason);

        CREATE TABLE capture_blobs (
            capture_id TEXT PRIMARY KEY REFERENCES captures(id),
            data BLOB NOT NULL
        );

        CREATE TABLE url_keys (
            key TEXT NOT NULL,
            capture INTEGER NOT NULL REFERENCES captures(seq),
            PRIMARY KEY (key, capture)
        ) WITHOUT ROWID;
        CREATE TABLE lsh_bands (
            key INTEGER NOT NULL,
            capture INTEGER NOT NULL REFERENCES captures(seq),
            PRIMARY KEY (key, capture)
        ) WITHOUT ROWID;

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, authors, text,
            content=[articles], content_rowid=[seq],
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );
        INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, authors, text)
            VALUES (new.seq, new.title, new.authors, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, authors, text)
            VALUES ('delete', old.seq, old.title, old.authors, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, authors, text)
            VALUES ('delete', old.seq, old.title, old.authors, old.text);
            INSERT INTO articles_fts(rowid, title, authors, text)
            VALUES (new.seq, new.title, new.authors, new.text);
        END;
    """),
)

MIGRATIONS += (
    # Filters by site and language as FTS5 terms (see tearsheet.archive.facets): a facets
    # column, indexed with weight 0, filled for the articles already there.
    ("0002_facets", """
        DROP TRIGGER articles_ai;
        DROP TRIGGER articles_ad;
        DROP TRIGGER articles_au;
        DROP TABLE articles_fts;
        ALTER TABLE articles ADD COLUMN facets TEXT;
        UPDATE articles SET facets = tearsheet_facets(site, host, language);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, authors, text, facets,
            content=[articles], content_rowid=[seq],
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );
        INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, authors, text, facets)
            VALUES (new.seq, new.title, new.authors, new.text, new.facets);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, authors, text, facets)
            VALUES ('delete', old.seq, old.title, old.authors, old.text, old.facets);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, authors, text, facets)
            VALUES ('delete', old.seq, old.title, old.authors, old.text, old.facets);
            INSERT INTO articles_fts(rowid, title, authors, text, facets)
            VALUES (new.seq, new.title, new.authors, new.text, new.facets);
        END;
    """),
)

MIGRATIONS += (
    # The publication date as facet tokens too (year, month, day), so a date range
    # is answered by the index like the site and language filters.
    ("0003_date_facets", """
        DROP TRIGGER articles_au;
        UPDATE articles SET facets = tearsheet_facets(site, host, language, date);
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, authors, text, facets)
            VALUES ('delete', old.seq, old.title, old.authors, old.text, old.facets);
            INSERT INTO articles_fts(rowid, title, authors, text, facets)
            VALUES (new.seq, new.title, new.authors, new.text, new.facets);
        END;
    """),
)

MIGRATIONS += (
    # A wide date filter tests each match's date: this index answers that without
    # reading the article's row (whose body pushes the date onto overflow pages).
    ("0004_seq_date_index", """
        CREATE INDEX articles_seq_date ON articles(seq, date);
    """),
)

MIGRATIONS += (
    # Prefix queries of four letters ("elec*") read one prefix-index entry instead of
    # merging the lists of every word that starts so.
    ("0005_prefix_4", """
        DROP TABLE articles_fts;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, authors, text, facets,
            content=[articles], content_rowid=[seq],
            tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
        );
        INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        INSERT INTO articles_fts(articles_fts) VALUES ('optimize');
    """),
)

MIGRATIONS += (
    # Deferred reconciliation: a capture merged into a known article marks the article
    # here (in the capture's own transaction) instead of rebuilding it at once;
    # ``Archive.reconcile_pending`` rebuilds each marked article once and unmarks it in
    # one transaction. ``first_seq`` is the earliest capture merged since the article
    # was last reconciled (when it lies beyond the captures reconciliation reads, the
    # article cannot change). The FTS row is rewritten only when an indexed column is
    # set, so bumping an article's capture count does not re-index its text.
    ("0006_pending_reconcile", """
        CREATE TABLE pending_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            first_seq INTEGER NOT NULL,
            since TEXT NOT NULL
        ) WITHOUT ROWID;
        DROP TRIGGER articles_au;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, authors, text, facets ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, authors, text, facets)
            VALUES ('delete', old.seq, old.title, old.authors, old.text, old.facets);
            INSERT INTO articles_fts(rowid, title, authors, text, facets)
            VALUES (new.seq, new.title, new.authors, new.text, new.facets);
        END;
    """),
    ("0007_packed_blobs", """
        ALTER TABLE capture_blobs ADD COLUMN encoding TEXT;
    """),
)

MIGRATIONS += (
    # Search as people type: the porter stemmer before unicode61 (which already folds
    # diacritics), so "follow" finds "Following". The facet tokens change with it (each
    # now ends in a digit, which the stemmer leaves alone: see tearsheet.archive.facets),
    # so they are recomputed while the index is down, then the index is rebuilt and
    # merged. The triggers stay; the update trigger is set aside meanwhile, as the
    # index it writes to is gone.
    ("0008_search_stemming", """
        DROP TRIGGER articles_au;
        DROP TABLE articles_fts;
        UPDATE articles SET facets = tearsheet_facets(site, host, language, date);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, authors, text, facets,
            content=[articles], content_rowid=[seq],
            tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4'
        );
        INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        INSERT INTO articles_fts(articles_fts) VALUES ('optimize');
        CREATE TRIGGER articles_au AFTER UPDATE OF title, authors, text, facets ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, authors, text, facets)
            VALUES ('delete', old.seq, old.title, old.authors, old.text, old.facets);
            INSERT INTO articles_fts(rowid, title, authors, text, facets)
            VALUES (new.seq, new.title, new.authors, new.text, new.facets);
        END;
    """),
)

MIGRATIONS += (
    # Every input the archive could not take, by name: a source that could not be loaded
    # (``load``: unreadable file, failed fetch, broken WARC record — no capture row), a
    # capture that could not be read (``read``: also kept in ``captures`` with its bytes)
    # and an article whose rebuild failed (``reconcile``: the article keeps its last good
    # record). One row per stage and source, the latest failure; a later success removes
    # it, and a rerun retries every one of them.
    ("0009_failures", """
        CREATE TABLE failures (
            stage TEXT NOT NULL,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            message TEXT,
            capture_id TEXT,
            article_id TEXT,
            at TEXT NOT NULL,
            PRIMARY KEY (stage, source)
        ) WITHOUT ROWID;
        CREATE INDEX failures_capture ON failures(capture_id);
        INSERT OR REPLACE INTO failures (stage, source, reason, message, capture_id, at)
            SELECT 'read', coalesce(source, id), coalesce(reason, 'error'), message, id, added
            FROM captures WHERE status = 'failed';
    """),
)

MIGRATIONS += (
    # How far the reader trusts an article's body (``Article.confidence``, 0–1, NULL when no
    # capture's reader says), as a column so ``--low-confidence`` filters without decoding JSON.
    ("0010_confidence", """
        ALTER TABLE articles ADD COLUMN confidence REAL;
        UPDATE articles SET confidence = json_extract(json, '$.confidence');
    """),
)

MIGRATIONS += (
    # Edited articles (issue 16): how many versions the captures show (0: one, never seen
    # edited) and whether a version adds a correction note, so --changed and --corrected
    # filter without decoding JSON.
    ("0011_versions", """
        ALTER TABLE articles ADD COLUMN versions INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0;
        UPDATE articles SET versions = coalesce(json_array_length(json, '$.versions'), 0);
        UPDATE articles SET corrected = 1 WHERE EXISTS (
            SELECT 1 FROM json_each(articles.json, '$.versions') AS v, json_each(v.value, '$.notes') AS n
            WHERE json_extract(n.value, '$.kind') = 'correction');
    """),
)

MIGRATIONS += (
    # Refreshing archived articles politely (issue 16): per URL, the cache validators of the
    # last answer (a 304 keeps them), when it was last checked and the outcome slug
    # (``added``/``merged`` from an add; ``unchanged``, ``new_version``, ``new_capture``,
    # ``new_article``, ``failed:<reason>`` from a refresh).
    ("0012_url_checks", """
        CREATE TABLE url_checks (
            url TEXT PRIMARY KEY,
            article_id TEXT,
            etag TEXT,
            last_modified TEXT,
            checked TEXT NOT NULL,
            outcome TEXT NOT NULL,
            changed TEXT
        ) WITHOUT ROWID;
        CREATE INDEX url_checks_article ON url_checks(article_id);
    """),
)

NAMES = tuple(name for name, _ in MIGRATIONS)


def pending(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations not yet applied to this database."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone()
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")} if exists else set()
    return [name for name in NAMES if name not in done]


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every pending migration, each in its own transaction.

    The check is repeated under the write lock, so two processes opening a new
    archive at once do not both apply the same migration.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    conn.create_function("tearsheet_facets", -1, facets, deterministic=True)  # used by 0002, 0003, 0008
    for name, sql in MIGRATIONS:
        if name not in pending(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if name in pending(conn):
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute("INSERT INTO migrations (name, applied) VALUES (?, ?)", (name, _now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a script into statements (triggers hold semicolons, so split on complete ones)."""
    statements: list[str] = []
    chunk = ""
    for line in script.splitlines(keepends=True):
        chunk += line
        if sqlite3.complete_statement(chunk):
            statements.append(chunk.strip())
            chunk = ""
    return [s for s in statements if s]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
