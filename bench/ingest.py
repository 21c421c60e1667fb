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
import statistics
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
SAMPLE_SECONDS = 0.2  # RSS and CPU sampling period
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
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
    quarter_peaks_mb: tuple[float, ...]  # the peak within each quarter of the run: flat means streaming
    captures: int
    cpu_seconds: float  # user + system time of the whole process tree (sampled: a slight undercount)
    returncode: int

    @property
    def rate(self) -> float:
        return self.captures / self.seconds if self.seconds else 0.0

    @property
    def per_cpu_second(self) -> float:
        return self.captures / self.cpu_seconds if self.cpu_seconds else 0.0


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


def sample_tree(root: int, cpu_seconds: dict[int, float]) -> float:
    """RSS of ``root`` and all its descendants in MB; updates ``cpu_seconds`` (pid → user +
    system seconds so far) for each of them (from /proc)."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            ticks[int(entry)] = int(fields[11]) + int(fields[12])  # utime + stime
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid and child not in tree]
        tree.update(children)
        frontier.extend(children)
    total_kb = 0
    for pid in tree:
        if pid in ticks:
            cpu_seconds[pid] = max(cpu_seconds.get(pid, 0.0), ticks[pid] / CLOCK_TICKS)
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def measure(name: str, command: list[str], captures: int, budget: float | None = None) -> Measure:
    """Run ``command``, sampling the RSS and CPU time of its process tree; past ``budget``
    seconds it gets a Ctrl-C (SIGINT), which ``tearsheet add`` answers by stopping cleanly."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        samples: list[tuple[float, float]] = []  # (seconds since start, RSS MB)
        cpu: dict[int, float] = {}
        interrupted = False
        while process.poll() is None:
            samples.append((time.perf_counter() - start, sample_tree(process.pid, cpu)))
            if budget is not None and not interrupted and time.perf_counter() - start > budget:
                process.send_signal(signal.SIGINT)
                interrupted = True
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if process.returncode != 0:
        print(f"{name} failed ({process.returncode}):\n{stderr[-2000:]}", file=sys.stderr)
    quarters = tuple(max((rss for at, rss in samples if q * seconds / 4 <= at < (q + 1) * seconds / 4),
                         default=0.0) for q in range(4))
    return Measure(name=name, command=" ".join(command), seconds=seconds, peak_mb=max(quarters),
                   quarter_peaks_mb=quarters, captures=captures,
                   cpu_seconds=sum(cpu.values()), returncode=process.returncode or 0)


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Round:
    """One pairing: trafilatura with N processes, then tearsheet with N workers, back to
    back (paired in time, so load from other jobs on the shared machine falls on both
    sides of each ratio)."""

    number: int
    anchor: Measure
    runs: tuple[Measure, ...]


def ratio(run: Measure, anchor: Measure) -> float:
    return run.rate / anchor.rate if anchor.rate else 0.0


def cpu_ratio(run: Measure, anchor: Measure) -> float:
    return run.per_cpu_second / anchor.per_cpu_second if anchor.per_cpu_second else 0.0


def table(rounds: list[Round]) -> str:
    rows = ["| round | run | captures | seconds | captures/s | × trafilatura | CPU-s (tree) | "
            "captures per CPU-s | × trafilatura per CPU-s | peak RSS (tree) | peak per quarter of the run |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for round_ in rounds:
        for result in (*round_.runs, round_.anchor):
            quarters = " / ".join(f"{peak:.0f}" for peak in result.quarter_peaks_mb)
            rows.append(f"| {round_.number} | `{result.name}` | {result.captures:,} | {result.seconds:.1f} | "
                        f"{result.rate:.1f} | {ratio(result, round_.anchor):.2f} | "
                        f"{result.cpu_seconds:.0f} | "
                        f"{result.per_cpu_second:.1f} | {cpu_ratio(result, round_.anchor):.2f} | "
                        f"{result.peak_mb:.0f} MB | {quarters} |")
    return "\n".join(rows)


def report(corpus: Corpus, rounds: list[Round], notes: list[str], command: str,
           memory_peaks: list[float]) -> str:
    # The targets are about adding to the archive; the Parquet rows show the pipeline without it.
    pairs = {(run.name, round_.anchor.name) for round_ in rounds for run in round_.runs
             if "--output-dir" not in run.name}
    speeds = []
    for name, anchor_name in sorted(pairs):
        value = statistics.median(ratio(run, round_.anchor) for round_ in rounds for run in round_.runs
                                  if run.name == name and round_.anchor.name == anchor_name)
        met = "met" if value >= RATIO_TARGET else "NOT met"
        speeds.append(f"`{name}` vs `{anchor_name}`: **{value:.2f}×** ({met})")
    peak = max([r.peak_mb for round_ in rounds for r in round_.runs] + memory_peaks)
    memory = "met" if peak < MEMORY_TARGET_MB else "NOT met"
    over = "the median over rounds of " if len({round_.number for round_ in rounds}) > 1 else ""
    verdict = (f"Target ≥ {RATIO_TARGET:g}× trafilatura ({over}captures/s over trafilatura's with as many "
               f"processes, run just before): {'; '.join(speeds)}. "
               f"Peak memory < {MEMORY_TARGET_MB} MB: **{peak:.0f} MB** ({memory}).")
    lines = [
        SECTION, "",
        f"`tearsheet add` on a WARC.gz of {corpus.records:,} HTML response records "
        f"({corpus.bytes / 1e6:,.0f} MB gzipped; the 181 benchmark pages repeated with varied URLs "
        "and a small text edit per copy) vs "
        "trafilatura's own parallel CLI on the same bodies as files in a folder (its CLI reads no WARC). "
        "tearsheet also parses the WARC, fingerprints, packs and writes every capture into SQLite "
        "(grouping each capture into its article, and reconciling every merged article from its "
        "captures at the end of the run); trafilatura writes one .txt per page. "
        "`add --output-dir` does the same reading, extraction and fingerprinting into Parquet shards, "
        "without the archive. Each round runs, for each worker count N, trafilatura with `--parallel N` "
        "and then tearsheet with `--jobs N`, back to back. "
        "Peak memory is the sampled RSS of the whole process tree; CPU-s is the user + system time "
        "of the whole tree (a measure of work that other load on the machine does not inflate much).", "",
        f"- Command: `{command}`",
        f"- Machine: {machine()} (shared with other jobs: compare ratios, not seconds)",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
        table(rounds), "",
        verdict, "",
    ]
    lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    parser.add_argument("--jobs", default="1,2", help="tearsheet --jobs values, comma-separated")
    parser.add_argument("--shard-jobs", default="2", help="add --output-dir --jobs values ('' for none)")
    parser.add_argument("--memory-records", type=int, default=0,
                        help="also add a corpus of this many records with --jobs 2, for peak memory and rate")
    parser.add_argument("--memory-seconds", type=float, default=None,
                        help="stop the memory run (Ctrl-C) after this long and report what it stored")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate trafilatura and tearsheet this many times; the ratio is the median")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = generate(args.records)
    print(f"corpus: {corpus.records:,} records, {corpus.bytes / 1e6:.0f} MB "
          f"({time.perf_counter() - started:.0f} s incl. generation)", flush=True)
    notes: list[str] = []
    memory_peaks: list[float] = []
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="tearsheet-ingest-") as tmp:
        work = Path(tmp)
        for number in range(1, args.rounds + 1):
            for jobs in (int(j) for j in args.jobs.split(",")):
                anchor = run_trafilatura(corpus, jobs, work)
                print(f"round {number}: {anchor.name}: {anchor.rate:.1f} captures/s, "
                      f"{anchor.per_cpu_second:.1f} per CPU-s, {anchor.peak_mb:.0f} MB", flush=True)
                result, summary = run_tearsheet(corpus, jobs, work)
                runs = [result]
                if number == 1:
                    notes.append(f"`{result.name}` archive after the run: {summary}.")
                print(f"round {number}: {result.name}: {result.rate:.1f} captures/s "
                      f"({ratio(result, anchor):.2f}×), {result.per_cpu_second:.1f} per CPU-s, "
                      f"{result.peak_mb:.0f} MB ({summary})", flush=True)
                if str(jobs) in args.shard_jobs.split(","):
                    result = run_shards(corpus, jobs, work)
                    runs.append(result)
                    print(f"round {number}: {result.name}: {result.rate:.1f} captures/s "
                          f"({ratio(result, anchor):.2f}×), {result.peak_mb:.0f} MB", flush=True)
                rounds.append(Round(number=number, anchor=anchor, runs=tuple(runs)))
                for path in work.iterdir():  # each run starts from an empty archive and output folder
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
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
    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["/work/venv/bin/python -m bench.ingest", *given])
    text = report(corpus, rounds, notes, command, memory_peaks)
    print(text)
    if not args.no_write:
        replace_section(SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
