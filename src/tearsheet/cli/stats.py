"""``tearsheet stats``: what the archive holds — articles, captures, failures, sites."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tearsheet.archive import ArchiveStats
from tearsheet.cli.archive_options import archive_option, open_archive
from tearsheet.cli.output import is_terminal, print_json, print_tsv


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table (TSV into a pipe or file), or JSON.")
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
        print_json(dataclasses.asdict(stats))
    elif is_terminal():
        print_stats(stats)
    else:
        print_tsv(("what", "value"), tsv_rows(stats))
    return 0


def tsv_rows(stats: ArchiveStats) -> list[tuple[str, object]]:
    """One ``(name, value)`` per line; a breakdown's rows are named like outcome slugs
    (``kind:pdf``, ``failed:empty``, ``site:example.com``), so a program can split them."""
    rows: list[tuple[str, object]] = [
        ("articles", stats.articles), ("articles from several captures", stats.multi_capture_articles),
        ("captures", stats.captures)]
    rows += [(f"kind:{kind}", count) for kind, count in stats.kinds]
    rows += [("failed", stats.failed)] + [(f"failed:{reason}", count) for reason, count in stats.failures]
    rows += [("articles awaiting reconciliation", stats.pending), ("size bytes", stats.size_bytes),
             ("first published", stats.first_published), ("last published", stats.last_published),
             ("last added", stats.last_added)]
    rows += [(f"site:{site}", count) for site, count in stats.sites]
    rows += [(f"language:{language}", count) for language, count in stats.languages]
    return rows


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
