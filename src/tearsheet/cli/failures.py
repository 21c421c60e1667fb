"""``tearsheet failures``: every source the archive could not take, by name, and why."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tearsheet.archive import Failure
from tearsheet.cli.archive_options import archive_option, open_archive

STAGES = ("load", "read", "reconcile", "refresh")


@click.command("failures")
@click.option("--stage", type=click.Choice(STAGES), help="Only failures at this stage.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many, the latest first.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table (tab-separated lines when piped), or JSON Lines.")
@archive_option
def failures_command(archive_path: Path | None, stage: str | None, limit: int | None, fmt: str) -> int:
    """List what the archive could not take: sources that gave no capture (load), captures
    that gave no article (read), articles whose rebuild failed (reconcile) and URLs that
    `tearsheet add --refresh` could not re-fetch (refresh), with the reason and message.
    The next `tearsheet add` (or `add --refresh`) retries every one of them.

    \b
    Example:
        tearsheet failures --archive news.db
        tearsheet failures --stage read --format json | jq .source
    """
    with open_archive(archive_path) as archive:
        failures = archive.failures(stage=stage, limit=limit)
    console = Console(highlight=False)
    if fmt == "json":
        for failure in failures:
            click.echo(json.dumps(_as_dict(failure), ensure_ascii=False))
    elif not console.is_terminal:
        click.echo("stage\tsource\treason\tmessage")
        for failure in failures:
            click.echo("\t".join(_one_line(value) for value in
                                 (failure.stage, failure.source, failure.reason, failure.message or "")))
    else:
        table = Table(title=f"{len(failures):,} failures", title_justify="left")
        for column in ("stage", "source", "reason", "message"):
            table.add_column(column, overflow="fold")
        for failure in failures:
            table.add_row(failure.stage, failure.source, failure.reason, failure.message or "")
        console.print(table)
    return 0


def _as_dict(failure: Failure) -> dict[str, str | None]:
    return {"stage": failure.stage, "source": failure.source, "reason": failure.reason,
            "message": failure.message, "capture_id": failure.capture_id, "article_id": failure.article_id,
            "at": failure.at.isoformat()}


def _one_line(value: str) -> str:
    return " ".join(value.split())
