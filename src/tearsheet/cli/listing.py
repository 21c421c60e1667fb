"""``tearsheet list``: the archive's articles, the most recently added first.

(The module is not named ``list``: as an attribute of ``tearsheet.cli`` it would shadow
the built-in there.)
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from tearsheet.archive import ArticleSummary, ListPage
from tearsheet.cli.archive_options import archive_option, filter_options, open_archive
from tearsheet.cli.output import is_terminal, note, print_page_json, print_tsv

TABLE_COLUMNS = ("id", "published", "site", "title", "captures")
TSV_COLUMNS = (*TABLE_COLUMNS, "url")  # a program may want the link the table leaves out


@click.command("list")
@filter_options
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True,
              help="Articles per page.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many articles (paging).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table (TSV into a pipe or file), or JSON (JSON Lines into a pipe or file).")
@archive_option
def list_command(archive_path: Path | None, fmt: str, limit: int, offset: int, **filters: Any) -> int:
    """List archived articles, newest additions first, optionally filtered.

    \b
    Example:
        tearsheet list --site example.com --since 2024-01 --limit 20
        tearsheet list --format json
    """
    with open_archive(archive_path) as archive:
        page = archive.list(limit=limit, offset=offset, **filters)
    if fmt == "json":
        data = {"total": page.total, "limit": page.limit, "offset": page.offset,
                "items": [summary_dict(item) for item in page.items]}
        print_page_json(data, "items", caption(page))
    elif is_terminal():
        print_page(page)
    else:
        print_tsv(TSV_COLUMNS, (_tsv_row(item) for item in page.items))
        note(caption(page))
    return 0


def summary_dict(item: ArticleSummary) -> dict[str, object]:
    return {"id": item.id, "title": item.title, "site": item.site, "url": item.url,
            "published": item.published.isoformat() if item.published else None,
            "authors": list(item.authors), "language": item.language, "captures": item.captures,
            "added": item.added.isoformat(), "updated": item.updated.isoformat()}


def caption(page: ListPage) -> str:
    first = page.offset + 1 if page.items else 0
    return f"{first}–{page.offset + len(page.items)} of {page.total:,} articles"


def print_page(page: ListPage) -> None:
    console = Console(highlight=False)
    table = Table(caption=caption(page), caption_justify="left")
    for column in TABLE_COLUMNS:
        table.add_column(column, justify="right" if column == "captures" else "left",
                         overflow="fold" if column == "title" else "ellipsis")
    for item in page.items:
        table.add_row(item.id, _day(item.published), item.site or "", item.title or "(untitled)",
                      str(item.captures))
    console.print(table)


def _tsv_row(item: ArticleSummary) -> tuple[object, ...]:
    return (item.id, _day(item.published), item.site, item.title, item.captures, item.url)


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""
