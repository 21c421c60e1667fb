"""``tearsheet stats``: what the archive holds — articles, captures, failures, sites."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tearsheet.archive import ArchiveStats
from tearsheet.cli.archive_options import archive_option, open_archive


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table, or JSON.")
@archive_option
def stats_command(archive_path: Path | None, fmt: str) -> int:
    """Show counts: articles, captures (by kind), failures (by reason), sites, languages.

    \b
    Example:
        tearsheet stats --archive news.db
        tearsheet stats --format json
    """
    with open_archive(archive_path) as archive:
        stats = archive.stats()
    if fmt == "json":
        click.echo(json.dumps(dataclasses.asdict(stats), ensure_ascii=False, indent=2))
    else:
        print_stats(stats)
    return 0


def print_stats(stats: ArchiveStats) -> None:
    console = Console(highlight=False)
    table = Table(show_header=False, title=stats.path, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [("articles", stats.articles), ("  from several captures", stats.multi_capture_articles),
            ("captures", stats.captures)]
    rows += [(f"  {kind}", count) for kind, count in stats.kinds]
    rows += [("failed", stats.failed)] + [(f"  {reason}", count) for reason, count in stats.failures]
    if stats.pending:  # left by an interrupted add; the next add (or Archive.reconcile_pending) finishes them
        rows.append(("articles awaiting reconciliation", stats.pending))
    for label, count in rows:
        table.add_row(label, f"{count:,}")
    table.add_row("size", f"{stats.size_bytes / 1e6:,.1f} MB")
    if stats.first_published:
        table.add_row("published", f"{stats.first_published[:10]} … {(stats.last_published or '')[:10]}")
    console.print(table)
    for title, pairs in (("sites", stats.sites), ("languages", stats.languages)):
        if pairs:
            listed = ", ".join(f"{name} ({count:,})" for name, count in pairs)
            console.print(f"{title}: {listed}", markup=False)
