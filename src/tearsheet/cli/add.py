"""``tearsheet add``: add captures (files, folders, URLs, WARCs) to the archive."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from tearsheet.archive import ArticleFilter, Failure
from tearsheet.archive.records import FAILED, RECONCILE
from tearsheet.batch.ingest import Stored
from tearsheet.batch.local import DEFAULT_TIMEOUT_SECONDS
from tearsheet.batch.outcomes import Outcomes
from tearsheet.batch.refresh import DEFAULT_DELAY_SECONDS, HOSTS_AT_ONCE, Refresh
from tearsheet.batch.runner import Run, run
from tearsheet.batch.source import check_inputs, total_bytes
from tearsheet.cli.archive_options import filter_options, open_archive
from tearsheet.cli.output import stderr
from tearsheet.cli.refresh import refresh_articles
from tearsheet.options import DEFAULT_OPTIONS

EXIT_INTERRUPTED = 130
NAMED_FAILURES = 20  # failures named one by one after a run; `tearsheet failures` lists the rest


class _RateColumn(ProgressColumn):
    """Captures done and captures per second (the bar itself advances by input bytes)."""

    def render(self, task: Task) -> Text:
        done = int(task.fields.get("items", 0))
        elapsed = task.elapsed or 0.0
        rate = done / elapsed if elapsed > 0 else 0.0
        return Text(f"{done:,} captures · {rate:,.1f}/s", style="progress.data.speed")


@click.command("add")
@click.argument("inputs", nargs=-1)
@click.option("--archive", "archive_path", type=click.Path(path_type=Path),
              help="The archive (default: $TEARSHEET_ARCHIVE, else ~/.local/share/tearsheet/archive.db).")
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help=f"Worker processes (default: all cores); with --refresh, hosts fetched at once "
                   f"(default: {HOSTS_AT_ONCE}).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Run the extraction in local worker processes or on a Ray cluster.")
@click.option("--address", help="Ray cluster address (--engine ray; default: $RAY_ADDRESS or a local Ray).")
@click.option("--output-dir", type=click.Path(path_type=Path),
              help="Write Parquet shards here instead of the archive (then: tearsheet dedup).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT_SECONDS, show_default=True,
              help="Per-record time limit in seconds; a capture over it fails as 'timeout' "
                   "(with --refresh, when given: each fetch's deadline).")
@click.option("--refresh", is_flag=True,
              help="Re-fetch the archived articles (all, or the IDs given, or those the filters select) "
                   "and keep what changed as a new version.")
@click.option("--delay", type=click.FloatRange(min=0), default=DEFAULT_DELAY_SECONDS, show_default=True,
              help="With --refresh: seconds between two requests to one host (other hosts go on meanwhile).")
@filter_options
def add_command(inputs: tuple[str, ...], archive_path: Path | None, jobs: int | None, engine: str,
                address: str | None, output_dir: Path | None, timeout: float, refresh: bool, delay: float,
                **filters: Any) -> int:
    """Add captures — files, folders, http(s) URLs, WARC/WARC.gz files — to the archive.

    Bad captures are skipped and counted, never stop the run. Interrupting leaves a
    consistent archive; running the same command again finishes the job without
    duplicating anything.

    With --refresh the inputs are article IDs or their URLs (none: every article; the
    filters narrow it): each article's URL is fetched again, politely — a conditional
    request (ETag, Last-Modified) and --delay seconds between requests to one host. An
    unchanged page records nothing; an edited one becomes a new version (see `tearsheet
    history ID`); a failure is named (`tearsheet failures`) and the run goes on.

    \b
    Example:
        tearsheet add saved-pages/ crawl.warc.gz --archive news.db
        tearsheet add https://example.com/article --jobs 2
        tearsheet add shards/*.warc.gz --engine ray --address auto --output-dir out/
        tearsheet add --refresh --site example.com --delay 2 --archive news.db
    """
    if refresh:
        return _refresh(inputs, archive_path, jobs, engine, output_dir, timeout, delay, filters)
    if any(filters.values()):
        raise click.UsageError("the filters (--site, --since …) choose articles to refresh: add --refresh")
    if not inputs:
        raise click.UsageError("nothing to add: give files, folders, URLs or WARCs (or --refresh)")
    check_inputs(inputs)
    settings = Run(inputs=inputs, archive=archive_path, jobs=jobs, engine=engine, address=address,
                   output_dir=output_dir, timeout=timeout)
    outcomes = Outcomes()
    failed: list[Stored] = []
    started = datetime.now(UTC).replace(microsecond=0)
    try:
        with _progress(settings) as advance:
            for stored in run(settings):
                outcomes.count(stored.outcome)
                if stored.outcome.startswith(f"{FAILED}:"):
                    failed.append(stored)
                advance(stored.position)
    except KeyboardInterrupt:
        _report(outcomes, interrupted=True)
        _name_failures(failed, [])
        click.echo("tearsheet: error: interrupted; run the same command again to finish", err=True)
        return EXIT_INTERRUPTED
    _report(outcomes, interrupted=False)
    _name_failures(failed, [] if output_dir else _reconcile_failures(archive_path, since=started))
    return 0


def _refresh(ids: tuple[str, ...], archive_path: Path | None, jobs: int | None, engine: str,
             output_dir: Path | None, timeout: float, delay: float, filters: dict[str, Any]) -> int:
    if engine != "local" or output_dir is not None:
        raise click.UsageError("--refresh updates the archive from this process: drop --engine, --output-dir")
    options = DEFAULT_OPTIONS
    if click.get_current_context().get_parameter_source("timeout") is click.core.ParameterSource.COMMANDLINE:
        options = dataclasses.replace(options, fetch_timeout=timeout)
    settings = Refresh(delay=delay, hosts_at_once=jobs or HOSTS_AT_ONCE, options=options)
    return refresh_articles(archive_path, ids, ArticleFilter(**filters), settings)


def _reconcile_failures(archive_path: Path | None, *, since: datetime) -> list[Failure]:
    """The articles whose rebuild failed during this run (they keep their last good record)."""
    with open_archive(archive_path) as archive:
        return [f for f in archive.failures(stage=RECONCILE) if f.at >= since]


def _name_failures(failed: list[Stored], articles: list[Failure]) -> None:
    """Name what failed — the first ``NAMED_FAILURES`` of each, then how many more."""
    for title, rows in (("captures that failed", [(s.source, s.outcome.partition(":")[2], s.message)
                                                    for s in failed]),
                        ("articles not reconciled (each keeps its last good record)",
                         [(f.source, f.reason, f.message) for f in articles])):
        if not rows:
            continue
        more = f" (the first {NAMED_FAILURES} of {len(rows):,})" if len(rows) > NAMED_FAILURES else ""
        stderr.print(f"{title}{more}:", markup=False, highlight=False)
        for source, reason, message in rows[:NAMED_FAILURES]:
            line = f"  {source}  {reason}" + (f": {' '.join(message.split())}" if message else "")
            stderr.print(line, markup=False, highlight=False, soft_wrap=True)
    if failed or articles:
        stderr.print("`tearsheet failures` lists them all; the next `tearsheet add` retries them.",
                     markup=False, highlight=False)


@contextmanager
def _progress(settings: Run) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (terminals only) over the input bytes; yields ``advance(position)``."""
    columns = (TextColumn("adding"), BarColumn(), DownloadColumn(), _RateColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr, disable=not stderr.is_terminal, transient=True) as progress:
        task = progress.add_task("adding", total=total_bytes(settings.inputs), items=0)
        count = 0

        def advance(position: int) -> None:
            nonlocal count
            count += 1
            progress.update(task, completed=position, items=count)

        yield advance


def _report(outcomes: Outcomes, *, interrupted: bool) -> None:
    title = "tearsheet add — interrupted" if interrupted else "tearsheet add"
    table = Table(title=title, title_justify="left", show_header=True, header_style="bold")
    table.add_column("outcome")
    table.add_column("captures", justify="right")
    for label, count in outcomes.rows():
        table.add_row(label, f"{count:,}")
    stderr.print(table)

