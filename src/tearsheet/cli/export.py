"""``tearsheet export``: write archived articles out as JSON Lines, CSV, Parquet or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tearsheet.archive import EXPORT_FORMATS
from tearsheet.cli.archive_options import archive_option, filter_options, open_archive


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="markdown writes a folder: one file per article with YAML front matter.")
@click.option("--query", help="Only the articles matching this search query (best first).")
@filter_options
@click.option("--versions", is_flag=True,
              help="jsonl: a line per version of each article (oldest first), with its time, title, "
                   "text and edits from the version before; an article never edited is one line.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Output file (a folder for markdown).")
@archive_option
def export_command(fmt: str, query: str | None, output: Path, archive_path: Path | None, versions: bool,
                   **filters: Any) -> int:
    """Export articles (all, or those matching --query and the filters).

    \b
    Example:
        tearsheet export --format parquet -o articles.parquet
        tearsheet export --format markdown --query 'election*' --since 2024 -o vault/news/
        tearsheet export --format jsonl --site example.com -o example.jsonl
        tearsheet export --format jsonl --versions --changed -o versions.jsonl
    """
    if versions and fmt != "jsonl":
        raise click.UsageError("--versions writes JSON Lines: use it with --format jsonl")
    with open_archive(archive_path) as archive:
        count = archive.export(fmt, output, query, versions=versions, **filters)
    click.echo(f"exported {count:,} articles to {output}", err=True)
    return 0
