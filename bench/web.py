"""Reading-room page latency over 100,000 stored articles (issue 6: p95 < 100 ms).

Reuses the archive benchmark's synthetic 100,000-article archive (``bench.search``:
built once through ``Archive.bulk_load`` and cached under ``$TMPDIR/tearsheet-bench/``)
and times whole requests — routing, archive calls, template rendering, response —
through the ASGI app in-process (httpx's ASGITransport) and over real HTTP against
uvicorn on 127.0.0.1. The anchor, in the same run, is the bare library call each
page is built on (``Archive.search`` for a search page; ``Archive.resolve``, ``get``
and ``captures`` for an article page), timed right before each request so both see
the same moment of a shared machine; "ours / anchor" is what the web layer costs on
top of the archive.

    python -m bench.web [--articles N] [--requests N] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import socket
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import httpx
import uvicorn

from bench.report import BENCHMARKS, replace_section
from bench.search import Corpus, built_archive, machine, percentile, queries
from tearsheet.archive import Archive
from tearsheet.web import create_app

SECTION = "## Web UI"
INTRO = "Latency of the reading room (`tearsheet serve`), measured by `bench/web.py`."
TARGET_P95_MS = 100.0
WARMUP = 20  # requests per page kind before timing: a running server has a warm page cache


def sample_ids(path: Path, count: int, seed: int = 5) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        total = conn.execute("SELECT max(seq) FROM articles").fetchone()[0]
        rnd = random.Random(seed)
        seqs = [rnd.randint(1, total) for _ in range(count)]
        return [
            conn.execute("SELECT id FROM articles WHERE seq >= ? LIMIT 1", (s,)).fetchone()[0] for s in seqs
        ]
    finally:
        conn.close()


def search_urls(corpus: Corpus, count: int, *, api: bool = False) -> list[str]:
    base = "/api/search?" if api else "/?"
    return [base + urlencode({"q": item.text, **dict(item.filters)}) for item in queries(corpus, count)]


Anchor = Callable[[], object]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def in_process(app: object, urls: list[str], anchors: list[Anchor] | None = None) -> Timings:
    """Each request through the ASGI app, right after its anchor call (paired: both see
    the same moment of a shared machine)."""

    async def go() -> Timings:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            for url in urls[:WARMUP]:
                await client.get(url)
            timings = Timings()
            for n, url in enumerate(urls):
                if anchors:
                    started = time.perf_counter()
                    anchors[n]()
                    timings.anchor.append(_ms(started))
                started = time.perf_counter()
                response = await client.get(url)
                timings.page.append(_ms(started))
                assert response.status_code == 200, (url, response.status_code)
            return timings

    return asyncio.run(go())


@dataclass
class Timings:
    page: list[float] = field(default_factory=list)
    anchor: list[float] = field(default_factory=list)


class Server:
    """uvicorn on a free loopback port, in a thread (the bench's only network)."""

    def __init__(self, app: object) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def over_http(base: str, urls: list[str], anchors: list[Anchor]) -> Timings:
    with httpx.Client(base_url=base) as client:
        for url in urls[:WARMUP]:
            client.get(url)
        timings = Timings()
        for url, anchor in zip(urls, anchors, strict=True):
            started = time.perf_counter()
            anchor()
            timings.anchor.append(_ms(started))
            started = time.perf_counter()
            response = client.get(url)
            timings.page.append(_ms(started))
            assert response.status_code == 200, (url, response.status_code)
        return timings


def row(name: str, timings: Timings) -> str:
    page, anchor = timings.page, timings.anchor
    p50, p95 = statistics.median(page), percentile(page, 95)
    cells = f"| {name} | {len(page)} | {p50:.1f} | {p95:.1f} | {max(page):.1f} |"
    if not anchor:
        return cells + " — | — |"
    a50, a95 = statistics.median(anchor), percentile(anchor, 95)
    return cells + f" {a50:.1f} / {a95:.1f} | {p50 / a50:.2f}× / {p95 / a95:.2f}× |"


def run(path: Path, corpus: Corpus, count: int) -> tuple[str, dict[str, float]]:
    ids = sample_ids(path, count)
    items = queries(corpus, count)
    searches, api_searches = search_urls(corpus, count), search_urls(corpus, count, api=True)
    articles = [f"/articles/{i}" for i in ids]
    with Archive(path, readonly=True) as archive:
        app = create_app(archive)
        search_anchor: list[Anchor] = [
            partial(archive.search, item.text, **dict(item.filters)) for item in items
        ]
        article_anchor: list[Anchor] = [partial(_article_calls, archive, i) for i in ids]
        results = {
            "search page (HTML)": in_process(app, searches, search_anchor),
            "search (JSON, /api/search)": in_process(app, api_searches, search_anchor),
            "article page (HTML)": in_process(app, articles, article_anchor),
            "article (JSON, /api/articles/…)": in_process(
                app, [f"/api{a}" for a in articles], article_anchor
            ),
            "captures page (HTML, with diff)": in_process(app, [f"{a}/captures" for a in articles]),
            "home page (HTML: count + recent)": in_process(app, ["/"] * count),
        }
        with Server(app) as base:
            results["search page over HTTP (uvicorn)"] = over_http(base, searches, search_anchor)
            results["article page over HTTP (uvicorn)"] = over_http(base, articles, article_anchor)
    lines = [
        "| request | n | p50 ms | p95 ms | max ms | anchor p50 / p95 ms | ours / anchor (p50 / p95) |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [row(name, timings) for name, timings in results.items()]
    p95s = {name: percentile(timings.page, 95) for name, timings in results.items()}
    return "\n".join(lines), p95s


def _article_calls(archive: Archive, article_id: str) -> None:
    archive.resolve(article_id)
    archive.get(article_id)
    archive.captures(article_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per page kind")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    args = parser.parse_args()
    corpus = Corpus.make()
    path = built_archive(args.articles, corpus)
    table, p95s = run(path, corpus, args.requests)
    gated = {name: p95 for name, p95 in p95s.items() if name.startswith(("search page", "article page"))}
    worst = max(gated.values())
    verdict = "meets" if worst < TARGET_P95_MS else "MISSES"
    print(table)
    print(f"worst search/article page p95 {worst:.1f} ms: {verdict} the target (< {TARGET_P95_MS:.0f} ms)")
    if args.no_write:
        return
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "python -m bench.web" + (f" --articles {args.articles}" if args.articles != 100_000 else "")
    replace_section(
        SECTION,
        f"{SECTION}\n\n{INTRO}\n\n"
        f"{args.requests} requests per kind over {args.articles:,} synthetic articles (the `bench.search` "
        "archive: one capture per article); search URLs are `bench.search`'s varied queries, a third with a "
        "filter; article ids are drawn at random. Whole requests: routing, archive calls, Jinja2 rendering. "
        "Anchor: the bare library call the page is built on, timed right before each request. "
        "The machine is shared "
        "(2 cores, other jobs running), so the ratios are steadier than the absolute times.\n\n"
        f"Command: `{command}`  \nMachine: {machine()}  \nDate: {today}\n\n{table}\n\n"
        f"Target: search and article pages p95 < {TARGET_P95_MS:.0f} ms — **{verdict}** "
        f"(worst p95 {worst:.1f} ms).\n"
    )
    print(f"updated {BENCHMARKS.name}")


if __name__ == "__main__":
    main()
