"""``tearsheet search``: full-text search of the archive, best matches first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from tearsheet.archive import SearchHit, SearchPage
from tearsheet.cli.archive_options import archive_option, filter_options, open_archive
from tearsheet.cli.output import blank_controls, is_terminal, note, one_line, print_page_json, print_tsv

HIGHLIGHT_STYLE = "bold yellow"
TSV_COLUMNS = ("id", "published", "site", "title", "authors", "rank", "snippet", "url")


@click.command("search")
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="Results per page.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many results (paging).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Results with highlighted snippets (TSV into a pipe or file), or JSON (snippet "
                   "text plus highlight spans; JSON Lines into a pipe or file).")
@archive_option
def search_command(query: str, archive_path: Path | None, fmt: str, limit: int, offset: int,
                   **filters: Any) -> int:
    """Search the archive (title, authors and text), best matches first (bm25).

    QUERY: words (all must match), "exact phrases", prefix*, AND, OR, NOT, -word,
    parentheses, and column filters title:word or authors:name.

    \b
    Example:
        tearsheet search '"climate summit" AND (Paris OR Berlin)' --since 2024 --limit 5
        tearsheet search 'elect*' --site nytimes.com --format json
    """
    with open_archive(archive_path) as archive:
        page = archive.search(query, limit=limit, offset=offset, **filters)
    if fmt == "json":
        print_page_json(page_dict(page), "hits", summary(page))
    elif is_terminal():
        print_page(page)
    else:
        print_tsv(TSV_COLUMNS, (_tsv_row(hit) for hit in page.hits))
        note(summary(page))
    return 0


def page_dict(page: SearchPage) -> dict[str, Any]:
    return {"query": page.query, "total": page.total, "total_exact": page.total_exact,
            "limit": page.limit, "offset": page.offset,
            "hits": [hit_dict(hit) for hit in page.hits]}


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    return {"id": hit.id, "title": hit.title, "site": hit.site, "url": hit.url,
            "published": hit.published.isoformat() if hit.published else None,
            "authors": list(hit.authors), "language": hit.language, "rank": hit.rank,
            "snippet": hit.snippet, "highlights": [list(span) for span in hit.highlights]}


def summary(page: SearchPage) -> str:
    """``21–40 of 345 matches``, or why there are none."""
    if not page.hits:
        return f"no matches for “{page.query}”" if page.total == 0 else "no more matches"
    shown = f"{page.offset + 1}–{page.offset + len(page.hits)}"
    total = f"{page.total:,}" + ("" if page.total_exact else "+")
    return f"{shown} of {total} matches"


def print_page(page: SearchPage) -> None:
    console = Console(highlight=False)
    if not page.hits:
        console.print(summary(page), markup=False)
        return
    for number, hit in enumerate(page.hits, page.offset + 1):
        heading = Text(f"{number}. ", style="dim")
        heading.append(one_line(hit.title or "") or "(untitled)", style="bold")
        heading.append(f"  {hit.id}", style="cyan")
        console.print(heading)
        byline = " · ".join(part for part in (hit.site, hit.published.date().isoformat() if hit.published
                                              else None, ", ".join(hit.authors) or None) if part)
        if byline:
            console.print(Text("   " + byline, style="dim"))
        console.print(snippet_text(hit))
        console.print()
    console.print(Text(summary(page), style="dim"))


def _tsv_row(hit: SearchHit) -> tuple[object, ...]:
    published = hit.published.date().isoformat() if hit.published else None
    return (hit.id, published, hit.site, hit.title, ", ".join(hit.authors), hit.rank, hit.snippet, hit.url)


def snippet_text(hit: SearchHit) -> Text:
    """The snippet, one line, with the matched words highlighted (no markup parsing: captured
    text is data)."""
    text = Text("   " + blank_controls(hit.snippet))
    for start, end in hit.highlights:
        text.stylize(HIGHLIGHT_STYLE, start + 3, end + 3)
    return text
