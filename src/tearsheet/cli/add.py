"""``tearsheet add``: add captures (files, folders, URLs, WARCs) to the archive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

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

from tearsheet.archive import Failure
from tearsheet.archive.records import FAILED, RECONCILE
from tearsheet.batch.ingest import Stored
from tearsheet.batch.local import DEFAULT_TIMEOUT_SECONDS
from tearsheet.batch.outcomes import Outcomes
from tearsheet.batch.runner import Run, run
from tearsheet.batch.source import check_inputs, total_bytes
from tearsheet.cli.archive_options import open_archive
from tearsheet.cli.output import stderr

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
@click.argument("inputs", nargs=-1, required=True)
@click.option("--archive", "archive_path", type=click.Path(path_type=Path),
              help="The archive (default: $TEARSHEET_ARCHIVE, else ~/.local/share/tearsheet/archive.db).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Run the extraction in local worker processes or on a Ray cluster.")
@click.option("--address", help="Ray cluster address (--engine ray; default: $RAY_ADDRESS or a local Ray).")
@click.option("--output-dir", type=click.Path(path_type=Path),
              help="Write Parquet shards here instead of the archive (then: tearsheet dedup).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT_SECONDS, show_default=True,
              help="Per-record time limit in seconds; a capture over it fails as 'timeout'.")
def add_command(inputs: tuple[str, ...], archive_path: Path | None, jobs: int | None, engine: str,
                address: str | None, output_dir: Path | None, timeout: float) -> int:
    """Add captures — files, folders, http(s) URLs, WARC/WARC.gz files — to the archive.

    Bad captures are skipped and counted, never stop the run. Interrupting leaves a
    consistent archive; running the same command again finishes the job without
    duplicating anything.

    \b
    Example:
        tearsheet add saved-pages/ crawl.warc.gz --archive news.db
        tearsheet add https://example.com/article --jobs 2
        tearsheet add shards/*.warc.gz --engine ray --address auto --output-dir out/
    """
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

