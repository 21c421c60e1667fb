"""Ingest benchmark: `tearsheet add` throughput and peak memory on a ~20,000-record WARC,
against trafilatura's own parallel CLI on the same pages, in the same run.

The corpus is the 181 pages of the article-extraction benchmark repeated with varied
URLs (``?copy=N``) and a small text edit per copy (`` (N)`` appended to one paragraph),
so every record has distinct bytes and nothing is skipped as an exact duplicate. It is
generated deterministically and cached under ``bench/out/ingest/``: one WARC.gz for
tearsheet and, because trafilatura's CLI reads files and folders but not WARC, the same
bodies as one ``.html`` file each in a folder for trafilatura.

Fairness: tearsheet parses the WARC, hashes, extracts, fingerprints and writes every
article into SQLite (one transaction per capture); trafilatura only reads files and
writes one .txt per page. Both get the same number of worker processes and wall time
is measured from process start to exit. Peak memory is the sampled RSS summed over the
whole process tree (the CLI, the fork server and its workers).

    /work/venv/bin/python -m bench.ingest              # 20,000 records
    /work/venv/bin/python -m bench.ingest --records 2000
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.metric import SHARED
from bench.report import machine, replace_section

PAGES = SHARED / "bench" / "article-extraction"
OUT = Path(__file__).resolve().parent / "out" / "ingest"
SECTION = "## Ingest"
DEFAULT_RECORDS = 20_000
SAMPLE_SECONDS = 0.2  # RSS sampling period
MEMORY_TARGET_MB = 500
RATIO_TARGET = 2.0
SEED = 5
_PARAGRAPH_END = re.compile(rb"</p\s*>", re.I)
WARC_DATE = "2024-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    warc: Path
    folder: Path
    records: int
    bytes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    name: str
    command: str
    seconds: float
    peak_mb: float
    captures: int
    returncode: int

    @property
    def rate(self) -> float:
        return self.captures / self.seconds if self.seconds else 0.0


def load_pages() -> list[tuple[str, bytes]]:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((PAGES / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        pages.append((truth[page_id]["url"], gzip.decompress(path.read_bytes())))
    return pages


def variant(url: str, body: bytes, copy: int, rng: random.Random) -> tuple[str, bytes]:
    """Copy ``copy`` of a page: its own URL and one paragraph with a few characters added."""
    if copy == 0:
        return url, body
    url = f"{url}{'&' if '?' in url else '?'}copy={copy}"
    ends = [m.start() for m in _PARAGRAPH_END.finditer(body)]
    marker = f"<!-- copy {copy} -->".encode()
    if ends:
        at = ends[rng.randrange(len(ends))]
        body = body[:at] + f" ({copy})".encode() + body[at:]
    return url, body + marker


def generate(records: int) -> Corpus:
    """The cached WARC.gz and page folder of ``records`` records (built on first use)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = OUT / f"corpus-{records}.warc.gz"
    folder = OUT / f"pages-{records}"
    done = OUT / f"corpus-{records}.done"
    if done.exists():
        return Corpus(warc=warc, folder=folder, records=records, bytes=warc.stat().st_size)
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    pages = load_pages()
    rng = random.Random(SEED)
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for index in range(records):
            url, body = variant(*pages[index % len(pages)], index // len(pages), rng)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": WARC_DATE}))
            (folder / f"{index:06d}.html").write_bytes(body)
    done.write_text("ok\n")
    return Corpus(warc=warc, folder=folder, records=records, bytes=warc.stat().st_size)


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MB (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid and child not in tree]
        tree.update(children)
        frontier.extend(children)
    total_kb = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def measure(name: str, command: list[str], captures: int, budget: float | None = None) -> Measure:
    """Run ``command``, sampling the RSS of its process tree; past ``budget`` seconds it gets a
    Ctrl-C (SIGINT), which ``tearsheet add`` answers by stopping cleanly."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    interrupted = False
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        if budget is not None and not interrupted and time.perf_counter() - start > budget:
            process.send_signal(signal.SIGINT)
            interrupted = True
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode != 0:
        print(f"{name} failed ({process.returncode}):\n{stderr[-2000:]}", file=sys.stderr)
    return Measure(name=name, command=" ".join(command), seconds=seconds, peak_mb=peak, captures=captures,
                   returncode=process.returncode or 0)


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def run_tearsheet(corpus: Corpus, jobs: int, work: Path, budget: float | None = None) -> tuple[Measure, str]:
    archive = work / f"archive-jobs{jobs}-{corpus.records}.db"
    command = [tool("tearsheet"), "add", str(corpus.warc), "--archive", str(archive), "--jobs", str(jobs)]
    result = measure(f"tearsheet add --jobs {jobs}", command, corpus.records, budget)
    if budget is not None:  # count what was really stored: the run may have been stopped
        stored = _count(archive, "captures")
        result = dataclasses.replace(result, captures=stored)
    return result, _outcome_summary(archive)


def run_shards(corpus: Corpus, jobs: int, work: Path) -> Measure:
    """``add --output-dir``: the same read, extract and fingerprint, into Parquet (no SQLite)."""
    command = [tool("tearsheet"), "add", str(corpus.warc), "--output-dir", str(work / f"shards-{jobs}"),
               "--jobs", str(jobs)]
    return measure(f"tearsheet add --output-dir --jobs {jobs}", command, corpus.records)


def run_trafilatura(corpus: Corpus, jobs: int, work: Path) -> Measure:
    output = work / f"trafilatura-{jobs}"
    command = [tool("trafilatura"), "--input-dir", str(corpus.folder), "--output-dir", str(output),
               "--parallel", str(jobs)]
    return measure(f"trafilatura --parallel {jobs}", command, corpus.records)


def _count(archive: Path, table: str) -> int:
    import sqlite3

    with sqlite3.connect(archive) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _outcome_summary(archive: Path) -> str:
    """How many captures and articles the archive ended with (a sanity check on the run)."""
    import sqlite3

    if not archive.exists():
        return "no archive"
    with sqlite3.connect(archive) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = [f"{table}: {conn.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:,}"
                  for table in ("captures", "articles") if table in tables]
    return ", ".join(counts)


def table(results: list[Measure], anchor: Measure) -> str:
    rows = ["| run | captures | seconds | captures/s | × trafilatura | peak RSS (tree) |",
            "|---|---:|---:|---:|---:|---:|"]
    for result in results:
        ratio = result.rate / anchor.rate if anchor.rate else 0.0
        rows.append(f"| `{result.name}` | {result.captures:,} | {result.seconds:.1f} | {result.rate:.1f} | "
                    f"{ratio:.2f} | {result.peak_mb:.0f} MB |")
    return "\n".join(rows)


def report(corpus: Corpus, results: list[Measure], anchor: Measure, notes: list[str], command: str,
           memory_peaks: list[float]) -> str:
    # The targets are about adding to the archive; the Parquet rows show the pipeline without it.
    archive_runs = [r for r in results if r.name.startswith("tearsheet") and "--output-dir" not in r.name]
    best = max(archive_runs, key=lambda r: r.rate)
    peak = max([r.peak_mb for r in results if r.name.startswith("tearsheet")] + memory_peaks)
    ratio = best.rate / anchor.rate if anchor.rate else 0.0
    speed = "met" if ratio >= RATIO_TARGET else "NOT met"
    memory = "met" if peak < MEMORY_TARGET_MB else "NOT met"
    verdict = (f"Target ≥ {RATIO_TARGET:g}× trafilatura: **{ratio:.2f}×** ({speed}); "
               f"peak memory < {MEMORY_TARGET_MB} MB: **{peak:.0f} MB** ({memory}).")
    lines = [
        SECTION, "",
        f"`tearsheet add` on a WARC.gz of {corpus.records:,} HTML response records "
        f"({corpus.bytes / 1e6:,.0f} MB gzipped; the 181 benchmark pages repeated with varied URLs "
        "and a small text edit per copy) vs "
        "trafilatura's own parallel CLI on the same bodies as files in a folder (its CLI reads no WARC). "
        "tearsheet also parses the WARC, fingerprints and writes every capture into SQLite (grouping "
        "each capture into its article, and reconciling every merged article from all its captures, "
        "once per pending batch and at the end of the run); trafilatura writes one .txt per page. "
        "`add --output-dir` does the same reading, extraction and fingerprinting into Parquet shards, "
        "without the archive. Peak memory is the sampled RSS of the whole process tree.", "",
        f"- Command: `{command}`",
        f"- Machine: {machine()} (shared with other jobs: compare ratios, not seconds)",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
        table(results, anchor), "",
        verdict, "",
    ]
    lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    parser.add_argument("--jobs", default="1,2", help="tearsheet --jobs values, comma-separated")
    parser.add_argument("--anchor-jobs", type=int, default=2, help="trafilatura --parallel")
    parser.add_argument("--shard-jobs", default="2", help="add --output-dir --jobs values ('' for none)")
    parser.add_argument("--memory-records", type=int, default=0,
                        help="also add a corpus of this many records with --jobs 2, for peak memory and rate")
    parser.add_argument("--memory-seconds", type=float, default=None,
                        help="stop the memory run (Ctrl-C) after this long and report what it stored")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = generate(args.records)
    print(f"corpus: {corpus.records:,} records, {corpus.bytes / 1e6:.0f} MB "
          f"({time.perf_counter() - started:.0f} s incl. generation)", flush=True)
    notes: list[str] = []
    memory_peaks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="tearsheet-ingest-") as tmp:
        work = Path(tmp)
        anchor = run_trafilatura(corpus, args.anchor_jobs, work)
        print(f"{anchor.name}: {anchor.rate:.1f} captures/s, {anchor.peak_mb:.0f} MB", flush=True)
        results = []
        for jobs in (int(j) for j in args.jobs.split(",")):
            result, summary = run_tearsheet(corpus, jobs, work)
            results.append(result)
            notes.append(f"`{result.name}` archive after the run: {summary}.")
            print(f"{result.name}: {result.rate:.1f} captures/s, {result.peak_mb:.0f} MB ({summary})",
                  flush=True)
        for jobs in (int(j) for j in args.shard_jobs.split(",") if j):
            result = run_shards(corpus, jobs, work)
            results.append(result)
            print(f"{result.name}: {result.rate:.1f} captures/s, {result.peak_mb:.0f} MB", flush=True)
        if args.memory_records:
            big = generate(args.memory_records)
            result, summary = run_tearsheet(big, 2, work, args.memory_seconds)
            stopped = (f", stopped by Ctrl-C after {args.memory_seconds:g} s"
                       if result.captures < big.records else "")
            notes.append(f"Memory run, `{result.name}` on {big.records:,} records ({big.bytes / 1e6:,.0f} MB "
                         f"gzipped){stopped}: peak RSS of the tree **{result.peak_mb:.0f} MB**; "
                         f"{result.captures:,} captures stored at {result.rate:.1f} captures/s; "
                         f"archive after the run: {summary}.")
            memory_peaks.append(result.peak_mb)
            print(notes[-1], flush=True)
    results.append(anchor)
    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["/work/venv/bin/python -m bench.ingest", *given])
    text = report(corpus, results, anchor, notes, command, memory_peaks)
    print(text)
    if not args.no_write:
        replace_section(SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
