"""``tearsheet reconcile``: group captures by article and print one reconciled article per group."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tearsheet.api import extract
from tearsheet.captures.load import iter_paths
from tearsheet.cli.output import progress_bar, render, report_failures
from tearsheet.errors import TearsheetError
from tearsheet.models import Article, Source
from tearsheet.reconcile import group, reconcile
from tearsheet.render import field_text
from tearsheet.schema import to_dict

SHORT_ID = 12  # capture ids shown shortened, like git commits
PREVIEW_CHARS = 60  # a block's first words in the provenance table
SEPARATOR = "\n---\n"
EXPLAIN_WIDTH = 120  # columns of the provenance tables (fixed: output is often piped)


@click.command("reconcile")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="How to print each reconciled article.")
@click.option("--explain", is_flag=True, help="Also show where each field, block and link came from, "
                                              "and where the captures disagree.")
def reconcile_command(paths: tuple[Path, ...], fmt: str, explain: bool) -> int:
    """Group captures (files or folders) by article and print each reconciled article
    (JSON: one array with an object per article, each with its provenance and conflicts).

    \b
    Example:
        tearsheet reconcile captures/ --format markdown
        tearsheet reconcile page.html print.pdf print.txt clip.md --explain
    """
    files = _files(paths)
    articles: list[Article] = []
    names: dict[str | None, str] = {}
    failures: list[tuple[str, TearsheetError]] = []
    with progress_bar(len(files), "reading") as advance:
        for file in files:
            try:
                article = extract(file)
            except TearsheetError as exc:
                failures.append((str(file), exc))
            else:
                articles.append(article)
                names[article.capture_id] = str(file)
            advance()
    reconciled = [reconcile(item) for item in group(articles)]
    if fmt == "json":  # one JSON array, so the output parses as a whole
        click.echo(json.dumps([to_dict(a) for a in reconciled], ensure_ascii=False, indent=2))
    else:
        click.echo(SEPARATOR.join(_markdown(a, names, explain) for a in reconciled))
    report_failures(failures, len(files))
    return 1 if failures else 0


def _markdown(article: Article, names: dict[str | None, str], explain: bool) -> str:
    text = render(article, "markdown").rstrip("\n")
    return text + "\n" + _explanation(article, names) if explain else text


def _files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise click.BadParameter(f"{path}: no such file or folder", param_hint="PATHS")
        files.extend(iter_paths(path))
    return files


def _explanation(article: Article, names: dict[str | None, str]) -> str:
    """Provenance and conflicts as rich tables, rendered to plain text."""
    console = Console(width=EXPLAIN_WIDTH, record=True, file=io.StringIO())
    provenance = article.provenance
    if provenance is None:
        return ""
    captures = Table(title="captures")
    captures.add_column("id")
    captures.add_column("file")
    for capture in provenance.captures:
        captures.add_row(capture[:SHORT_ID], names.get(capture, "?"))
    console.print(captures)
    parts = Table(title="provenance")
    parts.add_column("part")
    parts.add_column("value")
    parts.add_column("from (how)")
    for name, sources in provenance.fields:
        parts.add_row(name, _preview(field_text(article, name)), _sources(sources))
    for index, (block, sources) in enumerate(zip(article.blocks, provenance.blocks, strict=False)):
        parts.add_row(f"block {index + 1}", _preview(block.text), _sources(sources))
    for link, sources in zip(article.links, provenance.links, strict=False):
        parts.add_row("link", _preview(f"{link.text} → {link.href or '?'}"), _sources(sources))
    console.print(parts)
    if article.conflicts:
        conflicts = Table(title="conflicts")
        conflicts.add_column("field")
        conflicts.add_column("values (captures)")
        conflicts.add_column("chosen")
        for conflict in article.conflicts:
            values = "; ".join(f"{_preview(v)} ({', '.join(c[:SHORT_ID] for c in ids)})"
                               for v, ids in conflict.values)
            conflicts.add_row(conflict.field, values, _preview(conflict.chosen))
        console.print(conflicts)
    return console.export_text()


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS - 1] + "…"


def _sources(sources: tuple[Source, ...]) -> str:
    return ", ".join(f"{s.capture[:SHORT_ID]} ({s.how})" for s in sources)
