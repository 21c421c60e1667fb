"""Search latency over 100,000 stored articles (issue 5 §5: p95 < 50 ms).

Builds (once, cached under ``$TMPDIR/tearsheet-bench/``) an archive of 100,000
synthetic articles through ``Archive.bulk_load`` — the real schema, FTS5 index,
capture rows, fingerprints and LSH keys, without the grouping lookup — then runs
a few hundred varied queries (words, phrases, prefixes, booleans, with and without
filters) through ``Archive.search`` (ranked page of 20 + total count + snippets), and
the same FTS queries through sqlite-utils' ``Table.search`` as the anchor.

Synthetic text: words drawn with a Zipf law (s = 1.1) from a 30,000-word invented
vocabulary, 150–400 words per article, so common words match most of the archive and
rare ones a handful, as in real news.

    python -m bench.search [--articles N] [--queries N] [--no-write]
                           [--baseline-tokenizer 'unicode61 remove_diacritics 2' [--rounds N]]

``--baseline-tokenizer`` also measures a copy of the archive whose index is rebuilt with
that tokenizer (the one before stemming, say), in alternating rounds with the real one,
and records both p95s: what a tokenizer change costs, on one machine in one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench import report
from bench.report import BENCHMARKS, HEADER
from tearsheet.archive import Archive, ReconcileGrouping
from tearsheet.archive.incoming import StepResult, succeeded
from tearsheet.models import Article, Author, Block, BlockKind, Capture, CaptureKind

SECTION = "## Archive"
INTRO = ("Search and add speed of the SQLite archive (`tearsheet.archive`), on synthetic "
         "articles; each script caches its 100,000-article archive under `$TMPDIR/tearsheet-bench/`.")
CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "tearsheet-bench"
GENERATOR_VERSION = 1  # bump when the synthetic corpus changes (invalidates the cache)
VOCABULARY = 30_000
ZIPF_S = 1.1
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["ch" + v for v in "aeiou"]
SITES = 300
AUTHORS = 3_000
LANGUAGES = (("en", 0.9), ("de", 0.05), ("fr", 0.05))
TARGET_P95_MS = 50.0
BUILD_WORKERS = 2


@dataclass(frozen=True, slots=True)
class Corpus:
    """The deterministic vocabulary and pools every synthetic article is drawn from."""

    words: list[str]
    cumulative: list[float]
    sites: list[str]
    authors: list[str]

    @classmethod
    def make(cls, seed: int = 7) -> Corpus:
        rnd = random.Random(seed)
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < VOCABULARY:
            word = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((1, 2, 2, 3, 3, 4))))
            if word not in seen:
                seen.add(word)
                words.append(word)
        weights = [1 / (rank ** ZIPF_S) for rank in range(1, VOCABULARY + 1)]
        cumulative = list(itertools.accumulate(weights))
        sites = [f"{words[500 + i]}{words[900 + i]}.example" for i in range(SITES)]
        authors = [f"{words[2000 + i].title()} {words[7000 + i].title()}" for i in range(AUTHORS)]
        return cls(words=words, cumulative=cumulative, sites=sites, authors=authors)

    def text(self, rnd: random.Random, count: int) -> list[str]:
        return rnd.choices(self.words, cum_weights=self.cumulative, k=count)

    def article(self, n: int, *, seed: int = 0) -> Article:
        rnd = random.Random(seed * 10_000_000 + n)
        paragraphs = []
        for _ in range(rnd.randint(3, 6)):
            words = self.text(rnd, rnd.randint(40, 70))
            paragraphs.append(" ".join(words).capitalize() + ".")
        site = rnd.choice(self.sites)
        lang = rnd.choices([code for code, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
        published = datetime(2015, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=rnd.randrange(5_256_000))
        return Article(
            title=" ".join(self.text(rnd, rnd.randint(5, 10))).capitalize(),
            authors=tuple(Author(name=name) for name in rnd.sample(self.authors, rnd.choice((1, 1, 2)))),
            published=published, site_name=site.split(".")[0].title(),
            url=f"https://www.{site}/{published:%Y/%m}/{seed}-{n}", language=lang,
            blocks=tuple(Block(kind=BlockKind.PARAGRAPH, text=p) for p in paragraphs), kind=CaptureKind.HTML)


def step_result(article: Article, grouping: ReconcileGrouping) -> StepResult:
    """What the batch step would hand the writer: a small HTML capture and its article."""
    body = "".join(f"<p>{block.text}</p>" for block in article.blocks)
    data = (f"<html lang={article.language}><head><title>{article.title}</title>"
            f"<link rel=canonical href='{article.url}'></head><body><article><h1>{article.title}</h1>"
            f"{body}</article></body></html>").encode()
    capture = Capture(id=hashlib.sha256(data).hexdigest(), kind=CaptureKind.HTML, data=data,
                      source="synthetic", url=article.url, fetched=article.published)
    article = Article(**{**{f: getattr(article, f) for f in Article.__dataclass_fields__},
                         "capture_id": capture.id})
    fingerprint, keys = grouping.fingerprint(article)
    return succeeded(capture, article, fingerprint, keys)


def built_archive(articles: int, corpus: Corpus, log: Callable[[str], None] = print) -> Path:
    """The cached archive of ``articles`` synthetic articles (built on first use)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"archive-{articles}-v{GENERATOR_VERSION}.db"
    if path.exists():
        Archive(path).close()  # applies any newer migration to the cached archive
        return path
    partial = path.with_suffix(".partial")
    for stale in CACHE.glob(partial.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    # Workers make the articles and their fingerprints (the batch step's share of the
    # work); this process is the single writer, as in `tearsheet add`.
    with multiprocessing.get_context("spawn").Pool(BUILD_WORKERS) as pool, \
            Archive(partial, grouping=ReconcileGrouping()) as archive:
        results = pool.imap(_synthetic_result, range(articles), chunksize=250)
        loaded = 0
        for chunk in _chunks(results, 5000):
            loaded += archive.bulk_load(chunk)
            log(f"  built {loaded:,}/{articles:,} articles ({time.perf_counter() - started:.0f} s)")
        archive._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        archive._conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    partial.rename(path)
    log(f"built {path} in {time.perf_counter() - started:.0f} s")
    return path


_WORKER_CORPUS: Corpus | None = None


def _synthetic_result(n: int, seed: int = 0) -> StepResult:
    global _WORKER_CORPUS
    if _WORKER_CORPUS is None:
        _WORKER_CORPUS = Corpus.make()
    return step_result(_WORKER_CORPUS.article(n, seed=seed), ReconcileGrouping())


def _chunks(items: Iterator[StepResult], size: int) -> Iterator[list[StepResult]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    text: str
    filters: tuple[tuple[str, str], ...] = ()


def queries(corpus: Corpus, count: int, seed: int = 11) -> list[Query]:
    """Varied queries: common, mid and rare words, phrases from real articles, prefixes,
    booleans, and each of those with a filter."""
    rnd = random.Random(seed)
    w = corpus.words
    common = lambda: w[rnd.randrange(5, 60)]  # noqa: E731
    mid = lambda: w[rnd.randrange(200, 3000)]  # noqa: E731
    rare = lambda: w[rnd.randrange(5000, 25000)]  # noqa: E731

    def phrase() -> str:
        words = corpus.article(rnd.randrange(100_000)).text.split()
        start = rnd.randrange(len(words) - 3)
        chosen = words[start:start + rnd.choice((2, 3))]
        return '"' + " ".join(re.sub(r"\W", "", x).lower() for x in chosen) + '"'

    def prefix() -> str:
        word = mid() if rnd.random() < 0.7 else common()
        return word[:max(3, len(word) - 2)] + "*"

    makers: list[tuple[str, Callable[[], str]]] = [
        ("common word", common), ("mid word", mid), ("rare word", rare),
        ("two words", lambda: f"{mid()} {mid()}"), ("common pair", lambda: f"{common()} {common()}"),
        ("phrase", phrase), ("prefix", prefix),
        ("OR", lambda: f"{mid()} OR {rare()}"), ("NOT", lambda: f"{common()} NOT {mid()}"),
        ("nested", lambda: f"({mid()} OR {mid()}) AND {common()}"),
    ]
    out = []
    for i in range(count):
        kind, make = makers[i % len(makers)]
        filters: tuple[tuple[str, str], ...] = ()
        if i % 3 == 1:
            choice = rnd.randrange(4)
            filters = ((("site", rnd.choice(corpus.sites)),), (("since", str(rnd.randint(2016, 2024))),),
                       (("lang", "de"),), (("author", rnd.choice(corpus.authors).split()[1]),))[choice]
        out.append(Query(kind=kind + (" + filter" if filters else ""), text=make(), filters=filters))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def measure(path: Path, items: list[Query], *,
            anchor_too: bool = True) -> tuple[dict[str, list[float]], list[float], list[float]]:
    """Per-kind latencies (ms) of Archive.search, and plain-query latencies of both tools
    (``anchor_too=False``: ours only)."""
    import sqlite_utils

    from tearsheet.archive.query import to_fts

    by_kind: dict[str, list[float]] = {}
    ours_plain: list[float] = []
    anchor: list[float] = []
    with Archive(path, readonly=True) as archive:
        for item in items[:20]:  # warm the page cache as a running server would be
            archive.search(item.text, **dict(item.filters))
        for item in items:
            started = time.perf_counter()
            page = archive.search(item.text, limit=20, **dict(item.filters))
            elapsed = (time.perf_counter() - started) * 1000
            by_kind.setdefault(item.kind, []).append(elapsed)
            assert page.total >= len(page.hits)
            if not item.filters:
                ours_plain.append(elapsed)
    db = sqlite_utils.Database(path)
    table = db["articles"]
    for item in items:
        if item.filters or not anchor_too:
            continue
        started = time.perf_counter()
        list(table.search(to_fts(item.text), columns=["id", "title"], limit=20))
        anchor.append((time.perf_counter() - started) * 1000)
    db.close()
    return by_kind, ours_plain, anchor


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{report.machine(f'SQLite {_sqlite()}')}; "
            f"load average at the end of the run {load} (other jobs share the 2 cores)")


def _sqlite() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def table(by_kind: dict[str, list[float]], ours_plain: list[float], anchor: list[float]) -> str:
    everything = [x for values in by_kind.values() for x in values]
    lines = ["| queries | n | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    for kind, values in sorted(by_kind.items()):
        lines.append(f"| {kind} | {len(values)} | {statistics.median(values):.1f} | "
                     f"{percentile(values, 95):.1f} | {max(values):.1f} |")
    lines.append(f"| **all** | {len(everything)} | **{statistics.median(everything):.1f}** | "
                 f"**{percentile(everything, 95):.1f}** | {max(everything):.1f} |")
    lines.append("")
    lines.append("| same unfiltered queries | p50 ms | p95 ms |")
    lines.append("|---|---|---|")
    ours50, ours95 = statistics.median(ours_plain), percentile(ours_plain, 95)
    anchor50, anchor95 = statistics.median(anchor), percentile(anchor, 95)
    lines.append(f"| `Archive.search` (page of 20 + total + snippets) | {ours50:.1f} | {ours95:.1f} |")
    lines.append(f"| sqlite-utils `Table.search` (page of 20; anchor) | {anchor50:.1f} | {anchor95:.1f} |")
    lines.append(f"| ratio (ours / anchor) | {ours50 / anchor50:.2f}× | {ours95 / anchor95:.2f}× |")
    return "\n".join(lines)


def write_section(name: str, text: str) -> None:
    """Replace this script's ``### name`` part of the ``## Archive`` section."""
    old = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else HEADER
    section = re.search(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", old, re.S | re.M)
    body = section.group(0) if section else f"{SECTION}\n\n{INTRO}\n"
    part = re.compile(rf"^### {re.escape(name)}\n.*?(?=^### |\Z)", re.S | re.M)
    body = part.sub(lambda _: text + "\n", body) if part.search(body) else body.rstrip("\n") + "\n\n" + text
    body = body.rstrip("\n") + "\n\n"
    new = old.replace(section.group(0), body) if section else old.rstrip("\n") + "\n\n" + body
    BENCHMARKS.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def with_tokenizer(path: Path, tokenizer: str, log: Callable[[str], None] = print) -> Path:
    """A copy of the archive at ``path`` whose index uses ``tokenizer`` (cached beside it)."""
    slug = re.sub(r"\W+", "-", tokenizer).strip("-")
    copy = path.with_name(f"{path.stem}-{slug}.db")
    current = sqlite3.connect(path)
    index_sql = current.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    current.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    current.close()
    if copy.exists():
        return copy
    started = time.perf_counter()
    partial = copy.with_suffix(".partial")
    shutil.copyfile(path, partial)
    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("DROP TABLE articles_fts")
    conn.execute(re.sub(r"tokenize='[^']*'", f"tokenize='{tokenizer}'", index_sql))
    for command in ("rebuild", "optimize"):
        conn.execute(f"INSERT INTO articles_fts(articles_fts) VALUES ('{command}')")
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)')")
    conn.close()
    partial.rename(copy)
    log(f"built {copy.name} in {time.perf_counter() - started:.0f} s")
    return copy


def compare(path: Path, baseline: Path, tokenizer: str, items: list[Query], rounds: int) -> str:
    """p50/p95 of the index as it is and of the baseline tokenizer's, in alternating rounds
    (the first of each pair alternates too), and over all rounds pooled."""
    current = sqlite3.connect(path).execute(
        "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    ours = re.search(r"tokenize='([^']*)'", current)
    names = {baseline: tokenizer, path: ours.group(1) if ours else "?"}
    pooled: dict[Path, list[float]] = {baseline: [], path: []}
    lines = ["| round | tokenizer | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    ratios = []
    for n in range(1, rounds + 1):
        p95s: dict[Path, float] = {}
        for db in ((baseline, path) if n % 2 else (path, baseline)):
            by_kind, _, _ = measure(db, items, anchor_too=False)
            everything = [x for values in by_kind.values() for x in values]
            pooled[db] += everything
            p95s[db] = percentile(everything, 95)
            lines.append(f"| {n} | `{names[db]}` | {statistics.median(everything):.1f} | {p95s[db]:.1f} | "
                         f"{max(everything):.1f} |")
        ratios.append(p95s[path] / p95s[baseline])
    for db in (baseline, path):
        lines.append(f"| all {rounds} | `{names[db]}` | **{statistics.median(pooled[db]):.1f}** | "
                     f"**{percentile(pooled[db], 95):.1f}** | {max(pooled[db]):.1f} |")
    pooled_ratio = percentile(pooled[path], 95) / percentile(pooled[baseline], 95)
    lines.append("")
    lines.append(f"p95 ratio (`{names[path]}` / `{tokenizer}`): **{pooled_ratio:.2f}×** over all rounds; "
                 "per round " + ", ".join(f"{r:.2f}×" for r in ratios))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    parser.add_argument("--baseline-tokenizer", metavar="TOKENIZER",
                        help="also measure the index rebuilt with this FTS5 tokenizer")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds of the comparison")
    args = parser.parse_args()
    corpus = Corpus.make()
    path = built_archive(args.articles, corpus)
    items = queries(corpus, args.queries)
    if args.baseline_tokenizer:
        baseline = with_tokenizer(path, args.baseline_tokenizer)
        comparison = compare(path, baseline, args.baseline_tokenizer, items, args.rounds)
        print(comparison)
        if not args.no_write:
            write_comparison(args, comparison)
    by_kind, ours_plain, anchor = measure(path, items)
    result = table(by_kind, ours_plain, anchor)
    everything = [x for values in by_kind.values() for x in values]
    p95 = percentile(everything, 95)
    verdict = "meets" if p95 < TARGET_P95_MS else "MISSES"
    print(result)
    print(f"p95 {p95:.1f} ms: {verdict} the target (< {TARGET_P95_MS:.0f} ms)")
    if not args.no_write:
        today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        scale = f" --articles {args.articles}" if args.articles != 100_000 else ""
        command = "python -m bench.search" + scale
        size = path.stat().st_size / 1e6
        text = (f"### Search latency\n\n"
                f"{args.queries} varied queries (a third with a `--site`, `--since`, `--lang` or `--author` "
                f"filter) over {args.articles:,} stored synthetic articles ({size:,.0f} MB file); each "
                "`Archive.search` call returns the best 20 by bm25 with highlighted snippets and the "
                "total match count. Page cache warm, one process.\n\n"
                f"Command: `{command}`  \nMachine: {machine()}  \nDate: {today}\n\n{result}\n\n"
                f"Target: p95 < {TARGET_P95_MS:.0f} ms — **{verdict}** ({p95:.1f} ms).\n")
        write_section("Search latency", text)
        print(f"updated {BENCHMARKS.name}")


def write_comparison(args: argparse.Namespace, comparison: str) -> None:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    scale = f" --articles {args.articles}" if args.articles != 100_000 else ""
    rounds = f" --rounds {args.rounds}" if args.rounds != 4 else ""
    command = f"python -m bench.search{scale} --baseline-tokenizer '{args.baseline_tokenizer}'{rounds}"
    text = (f"### Stemming\n\nThe same {args.queries} queries over {args.articles:,} articles, against the "
            "archive's index and against a copy rebuilt with the baseline tokenizer (same rows, same facet "
            "tokens), in alternating rounds (search only, no anchor).\n\n"
            f"Command: `{command}`  \nMachine: {machine()}  \nDate: {today}\n\n{comparison}\n")
    write_section("Stemming", text)


if __name__ == "__main__":
    main()
