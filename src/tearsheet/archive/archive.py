"""``Archive``: the searchable, deduplicated, reconciled collection in one SQLite file."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from tearsheet.archive import checks, lookup, writer
from tearsheet.archive.checkpoints import BackgroundCheckpoints
from tearsheet.archive.checks import RefreshTarget, UrlCheck
from tearsheet.archive.database import MEMORY, connect, transaction
from tearsheet.archive.export import Exported, export
from tearsheet.archive.filters import ArticleFilter
from tearsheet.archive.grouping import Grouping, ReconcileGrouping
from tearsheet.archive.incoming import StepResult
from tearsheet.archive.location import default_path
from tearsheet.archive.records import (
    DUPLICATE,
    LOAD,
    ArchiveStats,
    ArticleSummary,
    CaptureRecord,
    Failure,
    ListPage,
    SearchPage,
    path_size,
)
from tearsheet.archive.rows import (
    CAPTURE_COLUMNS,
    SUMMARY_COLUMNS,
    capture_record,
    summary,
)
from tearsheet.archive.search import date_bounds, matching_seqs, search
from tearsheet.captures.fetch import is_url
from tearsheet.captures.packing import unpack
from tearsheet.errors import ArchiveError, NotInArchiveError
from tearsheet.models import Article, Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.processes import ignore_interrupt, mp_context
from tearsheet.schema import from_compact_json

AddItem = str | Path | bytes | Capture
STORE_BATCH = 500  # results per transaction in store_many
POOL_MIN_ARTICLES = 16  # fewer pending articles are merged in this process: a pool costs ~1 s to start
POOL_WINDOW_PER_JOB = 4  # articles read ahead per worker: keeps workers busy, bounds what is in memory
TOP_ROWS = 10  # sites and languages listed in stats


class Archive:
    """The archive: ``add`` captures, ``search``, ``get`` articles, ``export`` them.

    One SQLite file (default: ``$TEARSHEET_ARCHIVE``, else
    ``$XDG_DATA_HOME/tearsheet/archive.db``, i.e. ``~/.local/share/tearsheet/archive.db``)
    holding each capture's bytes, the Article read from it, and the reconciled
    article of each group of captures, with an FTS5 index. It opens as it is in
    sqlite-utils and Datasette. ``Archive(":memory:")`` makes a throwaway one.

    Each capture is stored once, under its SHA-256 id, and its bytes are kept in the
    database (``capture_blobs``) rather than as paths to files, so the archive is one
    portable file that stays complete when the originals move or vanish.

    WAL mode: any number of readers (``search``, the web UI) run while one writer adds.
    One ``Archive`` per thread; opening one is cheap.
    """

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False,
                 grouping: Grouping | None = None) -> None:
        self.path: Path | str = MEMORY if str(path) == MEMORY else Path(path or default_path())
        self.readonly = readonly
        self._grouping: Grouping = grouping or ReconcileGrouping()
        self._conn = connect(self.path, readonly=readonly)
        # Bulk stores (``store_many``) leave checkpoints to a thread: see ``checkpoints``.
        self._checkpoints = None if readonly or isinstance(self.path, str) else BackgroundCheckpoints(
            self.path, self._conn)

    # -- life cycle ------------------------------------------------------------------

    def close(self) -> None:
        try:
            if self._checkpoints is not None:
                self._checkpoints.stop()
        finally:  # the connection closes even if the archive's file went bad meanwhile
            self._conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r})"

    # -- writing ---------------------------------------------------------------------

    def store(self, result: StepResult, *, defer: bool = False) -> str:
        """Store one capture's result in one transaction; returns the outcome:
        ``added`` (a new article), ``merged`` (a new capture of a known article),
        ``duplicate`` (these bytes were stored before: nothing changed) or
        ``failed:<reason>`` (kept, with its bytes, so a rerun skips it).

        ``defer=True``: a merged capture is counted and its article marked pending
        instead of reconciled now — call ``reconcile_pending`` after a run of stores,
        which rebuilds each touched article once instead of once per capture."""
        with transaction(self._conn) as conn:
            outcome = writer.store(conn, result, self._grouping, defer=defer)
            checks.note_fetch(conn, result.capture, outcome)
            return outcome

    def store_many(self, results: Iterable[StepResult], *, batch: int = STORE_BATCH,
                   known_new: bool = False, defer: bool = False) -> list[str]:
        """Store many results, ``batch`` per transaction (bulk loads; each batch is atomic).
        ``defer``: as in ``store``."""
        if self._checkpoints is not None:
            self._checkpoints.start()
        outcomes: list[str] = []
        waiting: list[StepResult] = []
        for result in results:
            waiting.append(result)
            if len(waiting) >= batch:
                outcomes += self._store_batch(waiting, known_new=known_new, defer=defer)
                waiting = []
        return outcomes + self._store_batch(waiting, known_new=known_new, defer=defer)

    def pending(self) -> int:
        """How many articles have captures merged since they were last reconciled."""
        return int(self._query("SELECT count(*) FROM pending_articles").fetchone()[0])

    def reconcile_pending(self, limit: int | None = None, time_budget: float | None = None,
                          progress: Callable[[int, int], None] | None = None, *, jobs: int = 1) -> int:
        """Reconcile the pending articles (the longest-waiting first), each once from all
        its captures, each in its own transaction with its pending mark cleared; returns
        how many were done. ``limit``: at most this many; ``time_budget``: stop starting
        new ones after this many seconds; ``progress(done, total)`` is called after each;
        ``jobs`` > 1: the merging itself runs in that many worker processes (it is pure),
        this process reads and writes.

        Interrupted (Ctrl-C, kill -9), the articles not yet done stay pending, and the
        next call — or the next ``add`` — finishes them."""
        ids = writer.pending(self._conn, limit)
        deadline = None if time_budget is None else time.monotonic() + time_budget
        if jobs > 1 and len(ids) >= POOL_MIN_ARTICLES:
            return self._reconcile_in_pool(ids, jobs, deadline, progress)
        done = 0
        for article_id in ids:
            if deadline is not None and time.monotonic() >= deadline:
                break
            self._reconcile_one(article_id)
            done += 1
            if progress is not None:
                progress(done, len(ids))
        return done

    def _reconcile_in_pool(self, ids: Sequence[str], jobs: int, deadline: float | None,
                           progress: Callable[[int, int], None] | None) -> int:
        """Read a window of pending articles, merge them in worker processes, write each
        in its own transaction; an article that moved on meanwhile is merged here."""
        done = 0
        with mp_context().Pool(jobs, initializer=ignore_interrupt) as pool:
            for start in range(0, len(ids), jobs * POOL_WINDOW_PER_JOB):
                if deadline is not None and time.monotonic() >= deadline:
                    break
                rebuilds = [r for r in (writer.rebuild_of(self._conn, article_id)
                                        for article_id in ids[start:start + jobs * POOL_WINDOW_PER_JOB]) if r]
                work = [(rebuild, self._grouping) for rebuild in rebuilds]
                articles = pool.map(writer.build_in_worker, work, chunksize=1)
                for rebuild, article in zip(rebuilds, articles, strict=True):
                    self._reconcile_one(rebuild.article_id, rebuild, article)
                    done += 1
                    if progress is not None:
                        progress(done, len(ids))
        return done

    def _reconcile_one(self, article_id: str, rebuild: writer.Rebuild | None = None,
                       built: Article | writer.BuildFailed | None = None) -> None:
        """Rebuild one pending article in its own transaction (with ``built`` when a worker
        made it from ``rebuild``). Whatever goes wrong costs this article alone: it keeps
        its last good record and the failure is named in ``failures``; only the database
        failing (``sqlite3.Error``) stops the pass."""
        try:
            with transaction(self._conn) as conn:
                if rebuild is None or not writer.finish(conn, rebuild, built):
                    writer.reconcile(conn, article_id, self._grouping)
        except sqlite3.Error:
            raise
        except Exception as exc:  # noqa: BLE001 — writing one article must not end the pass
            with transaction(self._conn) as conn:
                writer.fail_reconcile(conn, article_id, writer.INTERNAL_ERROR,
                                      " ".join(f"{type(exc).__name__}: {exc}".split()))

    def record_failures(self, failures: Iterable[tuple[str, str, str | None]]) -> None:
        """Name sources that gave no capture — ``(source, reason, message)`` — in one
        transaction (``tearsheet add`` does, for files it could not load)."""
        with transaction(self._conn) as conn:
            for source, reason, message in failures:
                writer.record_failure(conn, LOAD, source, reason, message)

    def retry_failures(self) -> int:
        """Before a rerun: mark every article whose rebuild failed pending again (captures that
        failed need nothing: ``known`` leaves them out, so the run reads them again).
        Returns how many articles were marked."""
        with transaction(self._conn) as conn:
            return writer.retry_reconciles(conn)

    def refresh_targets(self, ids: Iterable[str] | None = None,
                        where: ArticleFilter | None = None) -> tuple[RefreshTarget, ...]:
        """The articles to re-fetch — those ``where`` selects, or only ``ids`` (ids, capture
        ids or prefixes, as ``resolve`` takes, or the URLs they were fetched from) — oldest
        first, each with its URL (None: it has none) and the validators its last check
        returned. A URL is listed once."""
        try:
            wanted = None if ids is None else list(dict.fromkeys(
                article_id for key in ids for article_id in self._articles_named(key)))
            chosen = where or ArticleFilter()
            return tuple(checks.targets(self._conn, chosen, date_bounds(self._conn), wanted))
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot read the archive {self.path}: {exc}") from exc

    def _articles_named(self, key: str) -> list[str]:
        if not is_url(key):
            return [self.resolve(key)]
        found = checks.articles_at(self._conn, key)
        if not found:
            raise NotInArchiveError(f"no article from {key} in {self.path}")
        return found

    def record_check(self, check: UrlCheck) -> None:
        """Note one re-fetch of a URL (``url_checks``; a failure also in ``failures``, stage
        ``refresh``, which the URL's next good check clears)."""
        with transaction(self._conn) as conn:
            checks.record(conn, check)

    def failures(self, *, stage: str | None = None, limit: int | None = None) -> tuple[Failure, ...]:
        """What the archive could not take, the latest first (``stage``: load, read, reconcile)."""
        where, params = ("WHERE stage = ?", [stage]) if stage else ("", [])
        rows = self._query(f"SELECT stage, source, reason, message, capture_id, article_id, at FROM failures "
                           f"{where} ORDER BY at DESC, stage, source LIMIT ?",
                           [*params, -1 if limit is None else limit])
        return tuple(Failure(stage=row[0], source=row[1], reason=row[2], message=row[3], capture_id=row[4],
                             article_id=row[5], at=datetime.fromisoformat(row[6])) for row in rows)

    def bulk_load(self, results: Iterable[StepResult], *, batch: int = STORE_BATCH) -> int:
        """Load captures known to be of distinct, new articles (benchmarks, imports):
        the same rows, keys and index as ``store``, without the grouping lookup; each
        capture's own Article is its article's canonical one. Returns how many were new."""
        outcomes = self.store_many(results, batch=batch, known_new=True)
        return sum(outcome != DUPLICATE for outcome in outcomes)

    def _store_batch(self, results: Sequence[StepResult], *, known_new: bool = False,
                     defer: bool = False) -> list[str]:
        if not results:
            return []
        outcomes: list[str] = []
        with transaction(self._conn) as conn:
            for result in results:
                outcomes.append(writer.store(conn, result, self._grouping, known_new=known_new, defer=defer))
                checks.note_fetch(conn, result.capture, outcomes[-1])
        return outcomes

    def optimize(self) -> None:
        """Merge the full-text index into one segment (after a large add): searches read
        one b-tree per word instead of one per batch of adds — on 100,000 articles this
        took search p95 from ~100 ms to ~33 ms."""
        with transaction(self._conn) as conn:
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        self._conn.execute("PRAGMA optimize")

    def known(self, capture_ids: Iterable[str]) -> set[str]:
        """Which of these capture ids are already stored and read (a resumed add skips them
        unread; one that failed is not among them, so a rerun retries it)."""
        ids = list(capture_ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT id FROM captures WHERE id IN ({marks}) AND status = 'ok'", chunk)
            found.update(row[0] for row in rows)
        return found

    def add(self, items: AddItem | Iterable[AddItem], *, url: str | None = None,
            options: ReadOptions = DEFAULT_OPTIONS) -> Counter[str]:
        """Read and store captures in this process: files, folders, URLs, bytes or
        ``Capture`` objects (a ``str`` is a path or an http(s) URL). Returns the count of
        each outcome. For large runs use ``tearsheet add`` (parallel, resumable).

        Merged articles are reconciled once each at the end (``reconcile_pending``),
        together with any left pending by an earlier, interrupted run.

        A convenience: the run itself is ingestion's (``tearsheet.batch.inline``), which
        sits above the store — the one place the archive calls up, imported on use."""
        from tearsheet.batch.inline import add_here

        return add_here(self, items, url=url, options=options)

    @property
    def grouping(self) -> Grouping:
        """How this archive groups captures (fingerprints, URL and band keys)."""
        return self._grouping

    # -- reading ---------------------------------------------------------------------

    def search(self, query: str, *, site: str | None = None, author: str | None = None,
               since: str | date | None = None, until: str | date | None = None,
               lang: str | None = None, low_confidence: bool = False, changed: bool = False,
               corrected: bool = False, limit: int = 20, offset: int = 0) -> SearchPage:
        """Full-text search (FTS5: words, "phrases", prefix*, AND/OR/NOT, -word),
        best bm25 first, with highlighted snippets and the total number of matches.
        ``low_confidence``: only articles whose body the reader doubts; ``changed``: only
        articles seen edited (two versions or more); ``corrected``: only those with a correction."""
        where = ArticleFilter(site=site, author=author, since=since, until=until, lang=lang,
                              low_confidence=low_confidence, changed=changed, corrected=corrected)
        return search(self._conn, query, where, limit=limit, offset=offset)

    def resolve(self, article_id: str) -> str:
        """The full id of an article given its id, one of its capture ids, or a unique prefix
        (4+ hex digits) of either."""
        return lookup.article_id(self._conn, article_id, self.path)

    def get(self, article_id: str) -> Article:
        """The reconciled article (with provenance across its captures)."""
        row = self._query("SELECT json FROM articles WHERE id = ?", [self.resolve(article_id)]).fetchone()
        return from_compact_json(row[0])

    def summary(self, article_id: str) -> ArticleSummary:
        row = self._query(f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id = ?",
                          [self.resolve(article_id)]).fetchone()
        return summary(row)

    def captures(self, article_id: str) -> tuple[CaptureRecord, ...]:
        """The captures an article was reconciled from, in the order they were added."""
        rows = self._query(f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE article_id = ? ORDER BY seq",
                           [self.resolve(article_id)])
        return tuple(capture_record(row) for row in rows)

    def capture(self, capture_id: str) -> CaptureRecord:
        row = self._query(f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE id = ?", [capture_id]).fetchone()
        if row is None:
            raise NotInArchiveError(f"no capture {capture_id!r} in {self.path}")
        return capture_record(row)

    def capture_bytes(self, capture_id: str) -> bytes:
        """The capture's original bytes, exactly as added."""
        row = self._query("SELECT encoding, data FROM capture_blobs WHERE capture_id = ?",
                          [capture_id]).fetchone()
        if row is None:
            raise NotInArchiveError(f"no capture {capture_id!r} in {self.path}")
        return unpack(row[0], bytes(row[1]))

    def capture_article(self, capture_id: str) -> Article:
        """The Article read from this one capture, before reconciliation."""
        record = self.capture(capture_id)
        row = self._query("SELECT article_json FROM captures WHERE id = ?", [capture_id]).fetchone()
        if row[0] is None:
            raise NotInArchiveError(f"capture {capture_id[:12]} could not be read "
                                    f"({record.reason}): {record.message or 'no article'}")
        return from_compact_json(row[0])

    def stats(self) -> ArchiveStats:
        """Counts: articles, captures, failures by reason, kinds, sites, languages, dates."""
        one, pairs = self._one, self._pairs
        articles, multi, first, last = one(
            "SELECT count(*), count(*) FILTER (WHERE captures > 1), min(published), max(published) "
            "FROM articles")
        captures, last_added = one("SELECT count(*) FILTER (WHERE status = 'ok'), max(added) FROM captures")
        (failed,) = one("SELECT count(*) FROM failures")
        return ArchiveStats(
            path=str(self.path), size_bytes=path_size(self.path) if self.path != MEMORY else 0,
            articles=articles, captures=captures, failed=failed, multi_capture_articles=multi,
            kinds=pairs("SELECT kind, count(*) FROM captures WHERE status = 'ok' "
                        "GROUP BY kind ORDER BY 2 DESC"),
            failures=pairs("SELECT reason, count(*) FROM failures GROUP BY reason ORDER BY 2 DESC, 1"),
            sites=pairs(f"SELECT site, count(*) FROM articles WHERE site IS NOT NULL GROUP BY site "
                        f"ORDER BY 2 DESC LIMIT {TOP_ROWS}"),
            languages=pairs(f"SELECT language, count(*) FROM articles WHERE language IS NOT NULL "
                            f"GROUP BY language ORDER BY 2 DESC LIMIT {TOP_ROWS}"),
            first_published=first, last_published=last, last_added=last_added,
            pending=self.pending())

    def export(self, fmt: str, path: str | Path, query: str | None = None, *, site: str | None = None,
               author: str | None = None, since: str | date | None = None,
               until: str | date | None = None, lang: str | None = None,
               low_confidence: bool = False, changed: bool = False, corrected: bool = False,
               versions: bool = False) -> int:
        """Write every article (or those matching ``query`` and the filters) to ``path``
        as ``jsonl``, ``csv``, ``parquet`` or ``markdown`` (a folder, one file per article);
        returns how many articles. ``versions`` (jsonl only): a line per version of each
        article, oldest first, with its edits from the version before."""
        where = ArticleFilter(site=site, author=author, since=since, until=until, lang=lang,
                              low_confidence=low_confidence, changed=changed, corrected=corrected)
        return export(self._exported(query, where), fmt, Path(path), versions=versions)

    def _exported(self, query: str | None, where: ArticleFilter) -> Iterator[Exported]:
        # One connection serves both cursors: the ids stream while each article is read.
        if query:
            seqs: Iterable[tuple[int]] = matching_seqs(self._conn, query, where)
        else:
            clauses, params = where.all_sql("a", date_bounds(self._conn))
            sql = "SELECT a.seq FROM articles a" + (" WHERE " + " AND ".join(clauses) if clauses else "")
            seqs = self._query(sql + " ORDER BY a.seq", params)
        for (seq,) in seqs:
            article_id, captures, site, json_text = self._query(
                "SELECT id, captures, site, json FROM articles WHERE seq = ?", (seq,)).fetchone()
            yield Exported(id=article_id, captures=captures, site=site, article=from_compact_json(json_text))

    def _one(self, sql: str) -> tuple[Any, ...]:
        return tuple(self._query(sql).fetchone())

    def _pairs(self, sql: str) -> tuple[tuple[str, int], ...]:
        return tuple((str(key), int(count)) for key, count in self._query(sql))

    def _query(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot read the archive {self.path}: {exc}") from exc

    # Last, so that the method's name does not shadow the built-in in annotations above.
    def list(self, *, site: str | None = None, author: str | None = None, since: str | date | None = None,
             until: str | date | None = None, lang: str | None = None, low_confidence: bool = False,
             changed: bool = False, corrected: bool = False, limit: int = 50, offset: int = 0) -> ListPage:
        """Articles, the most recently added first, with the same filters as ``search``."""
        chosen = ArticleFilter(site=site, author=author, since=since, until=until, lang=lang,
                               low_confidence=low_confidence, changed=changed, corrected=corrected)
        clauses, params = chosen.all_sql("a", date_bounds(self._conn))
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        total = self._query(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]
        columns = ", ".join(f"a.{c.strip()}" for c in SUMMARY_COLUMNS.split(","))
        rows = self._query(f"SELECT {columns} FROM articles a{where} ORDER BY a.seq DESC LIMIT ? OFFSET ?",
                           [*params, limit, offset])
        return ListPage(items=tuple(summary(row) for row in rows), total=total, limit=limit, offset=offset)
