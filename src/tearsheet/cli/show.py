"""``tearsheet show``: one archived article, and with ``--explain`` where each part came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from tearsheet.archive import CaptureRecord
from tearsheet.cli.archive_options import archive_option, open_archive
from tearsheet.cli.output import FORMATS, is_terminal, print_json, render
from tearsheet.errors import InputError
from tearsheet.models import Article, ArticleVersion, Conflict, Source
from tearsheet.reconcile.versions import versions_of
from tearsheet.schema import to_dict

SHORT_ID = 12  # capture ids shown like article ids
SOURCE_ID = 8  # capture ids in the provenance columns, shorter: a part often has several
PREVIEW_CHARS = 60  # a block's first words in the provenance table
PIPED_WIDTH = 200  # columns of the --explain tables when the output is not a terminal


@click.command("show")
@click.argument("article_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True,
              help="Markdown, JSON (with provenance and the captures; one line into a pipe or "
                   "file) or plain text.")
@click.option("--explain", is_flag=True, help="Also show the captures and the provenance of each part.")
@click.option("--version", "version", type=int, metavar="N",
              help="An edited article's version N (1 = the oldest; -1 = the latest): see tearsheet history.")
@archive_option
def show_command(article_id: str, archive_path: Path | None, fmt: str, explain: bool,
                 version: int | None) -> int:
    """Print an archived article (ID: its id, one of its capture ids, or a unique prefix of
    4+ hex digits of either — such as the short capture ids --explain prints).

    \b
    Example:
        tearsheet show 3fa94c1b2d07 --format markdown
        tearsheet show 3fa9 --explain
        tearsheet show 3fa94c1b2d07 --format json > article.json
        tearsheet show 3fa94c1b2d07 --version 1     # as first captured, before its edits
    """
    with open_archive(archive_path) as archive:
        full_id = archive.resolve(article_id)
        article = archive.get(full_id)
        captures = archive.captures(full_id) if explain or fmt == "json" else ()
    if version is not None:
        article = pick_version(article, version).article
        captures = tuple(c for c in captures if article.provenance and c.id in article.provenance.captures)
    if fmt == "json":
        data: dict[str, Any] = {"id": full_id, **to_dict(article),
                                "captures": [capture_dict(c) for c in captures]}
        print_json(data)
        return 0
    click.echo(render(article, fmt).rstrip("\n"))
    if explain:
        print_explanation(article, captures)
    return 0


def capture_dict(capture: CaptureRecord) -> dict[str, Any]:
    return {"id": capture.id, "kind": capture.kind, "source": capture.source, "url": capture.url,
            "fetched": capture.fetched.isoformat() if capture.fetched else None,
            "added": capture.added.isoformat(), "size": capture.size}


def print_explanation(article: Article, captures: tuple[CaptureRecord, ...]) -> None:
    # Into a pipe or a file, rich would wrap at 80 columns: lay the tables out wide instead.
    console = Console(highlight=False, width=None if is_terminal() else PIPED_WIDTH)
    table = Table(title=f"{len(captures)} capture(s)", title_justify="left")
    for column in ("capture", "kind", "size", "added", "source"):
        table.add_column(column, justify="right" if column == "size" else "left",
                         overflow="fold" if column == "source" else "ellipsis")  # a source is shown whole
    for c in captures:
        table.add_row(c.id[:SHORT_ID], c.kind, f"{c.size:,}", c.added.date().isoformat(),
                      c.source or c.url or "")
    console.print()
    console.print(table)
    provenance = article.provenance
    if provenance is None:
        return
    fields = Table(title="fields", title_justify="left")
    fields.add_column("field")
    fields.add_column("from")
    for name, sources in provenance.fields:
        fields.add_row(name, sources_text(sources))
    console.print(fields)
    blocks = Table(title="blocks", title_justify="left")
    for column in ("#", "from", "text"):
        blocks.add_column(column)
    for number, (block, sources) in enumerate(zip(article.blocks, provenance.blocks, strict=False), 1):
        preview = block.text[:PREVIEW_CHARS] + ("…" if len(block.text) > PREVIEW_CHARS else "")
        blocks.add_row(str(number), sources_text(sources), preview)
    console.print(blocks)
    for conflict in article.conflicts:
        click.echo(conflict_text(conflict))  # not rich: it would wrap the line at the console's width


def conflict_text(conflict: Conflict) -> str:
    """``conflict on title: chose “A” among “A” (3fa94c1b); “B” (77d0e2aa)``"""
    values = "; ".join(f"“{value}” ({', '.join(i[:SOURCE_ID] for i in ids)})"
                       for value, ids in conflict.values)
    return f"conflict on {conflict.field}: chose “{conflict.chosen}” among {values}"


def sources_text(sources: tuple[Source, ...]) -> str:
    return ", ".join(f"{s.capture[:SOURCE_ID]} ({s.how})" for s in sources) or "—"


def pick_version(article: Article, number: int) -> ArticleVersion:
    """Version ``number`` (1 = the oldest, negative from the latest) of an archived article; an
    article never seen edited is its own one version."""
    versions = versions_of(article)
    index = number - 1 if number > 0 else len(versions) + number
    if number == 0 or not 0 <= index < len(versions):
        raise InputError(f"no version {number}: the article has {len(versions)} "
                         f"version{'s' if len(versions) != 1 else ''}")
    return versions[index]
