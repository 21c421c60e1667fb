"""``tearsheet list``: the archive's articles, the most recently added first.

(The module is not named ``list``: as an attribute of ``tearsheet.cli`` it would shadow
the built-in there.)
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tearsheet.archive import ArticleSummary, ListPage
from tearsheet.cli.archive_options import archive_option, filter_options, open_archive


@click.command("list")
@filter_options
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True,
              help="Articles per page.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many articles (paging).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table, or JSON.")
@archive_option
def list_command(archive_path: Path | None, fmt: str, limit: int, offset: int, **filters: str | None) -> int:
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
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_page(page)
    return 0


def summary_dict(item: ArticleSummary) -> dict[str, object]:
    return {"id": item.id, "title": item.title, "site": item.site, "url": item.url,
            "published": item.published.isoformat() if item.published else None,
            "authors": list(item.authors), "language": item.language, "captures": item.captures,
            "added": item.added.isoformat(), "updated": item.updated.isoformat()}


def print_page(page: ListPage) -> None:
    console = Console(highlight=False)
    table = Table(caption=f"{page.offset + 1 if page.items else 0}–{page.offset + len(page.items)} "
                          f"of {page.total:,} articles", caption_justify="left")
    for column in ("id", "published", "site", "title", "captures"):
        table.add_column(column, justify="right" if column == "captures" else "left",
                         overflow="fold" if column == "title" else "ellipsis")
    for item in page.items:
        table.add_row(item.id, item.published.date().isoformat() if item.published else "",
                      item.site or "", item.title or "(untitled)", str(item.captures))
    console.print(table)
