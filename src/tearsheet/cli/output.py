"""What the CLI commands share: output formats, progress bars, the failure report."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from tearsheet.errors import TearsheetError
from tearsheet.models import Article
from tearsheet.render import to_json, to_markdown, to_text
from tearsheet.schema import to_dict

FORMATS = ["markdown", "json", "text"]
JSON_INDENT = 2  # pretty JSON, for a person at a terminal only
# Control characters (newline, tab, DEL …) would end a line or a cell of one-line output.
CONTROL_CHAR = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_RUN = re.compile(CONTROL_CHAR.pattern + "+")
PROGRESS_MIN_ITEMS = 2  # one item needs no bar
PROGRESS_MIN_PAGES = 50  # a print shorter than this reads in well under a second

stderr = Console(stderr=True)


def render(article: Article, fmt: str) -> str:
    if fmt == "json":
        return to_json(article)
    if fmt == "text":
        return to_text(article)
    return to_markdown(article)


def is_terminal() -> bool:
    """Is stdout a person's terminal? Otherwise (a pipe, a file) output is for programs:
    one record per line, no wrapping, no colour."""
    return sys.stdout.isatty()


def one_line(text: str) -> str:
    """``text`` with every run of control characters (newline, tab, CR …) made one space."""
    return CONTROL_RUN.sub(" ", text).strip()


def blank_controls(text: str) -> str:
    """``text`` with each control character a space: one line, and every offset into it kept."""
    return CONTROL_CHAR.sub(" ", text)


def json_record(data: object, *, pretty: bool) -> str:
    """A JSON document: indented for a terminal, else one line (so several make JSON Lines)."""
    return json.dumps(data, ensure_ascii=False, indent=JSON_INDENT if pretty else None)


def print_json(data: object) -> None:
    """One JSON document on stdout: indented on a terminal, one line into a pipe or file."""
    click.echo(json_record(data, pretty=is_terminal()))


def print_json_lines(records: Iterable[object]) -> None:
    """JSON Lines on stdout: one compact object per line."""
    for record in records:
        click.echo(json_record(record, pretty=False))


def print_page_json(document: dict[str, Any], rows: str, summary: str) -> None:
    """A page of rows as JSON. On a terminal, the whole ``document`` indented; into a pipe
    or file, JSON Lines of ``document[rows]``, one row each, and ``summary`` (the totals
    and paging) on stderr: stdout is then nothing but rows."""
    if is_terminal():
        print_json(document)
        return
    print_json_lines(document[rows])
    note(summary)


def print_tsv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table for programs: a header line, then one tab-separated line per row. Cells are
    made one line (tabs and newlines in captured text would split them); None is empty."""
    click.echo("\t".join(header))
    for row in rows:
        click.echo("\t".join("" if cell is None else one_line(str(cell)) for cell in row))


def note(message: str) -> None:
    """A line for the person, not the program reading stdout (paging, totals): on stderr."""
    click.echo(message, err=True)


def render_source(article: Article, fmt: str, source: str, *, pretty: bool) -> str:
    """One input's article headed by the input it came from (the path or URL as given),
    so the outputs of several inputs stay apart:

    - json: ``{"source": …, …the article…}`` — one line each unless ``pretty``;
    - markdown: a ``<!-- source: … -->`` line (an HTML comment: Markdown renders nothing);
    - text: a ``==> … <==`` line, as ``head`` and ``tail`` head each file.
    """
    if fmt == "json":
        return json_record({"source": source, **to_dict(article)}, pretty=pretty)
    body = render(article, fmt).rstrip("\n")
    if fmt == "markdown":
        # "-->" would end the comment early; the header stays one line.
        return f"<!-- source: {one_line(source).replace('-->', '--&gt;')} -->\n\n{body}"
    return f"==> {one_line(source)} <==\n\n{body}"


def _columns() -> tuple[ProgressColumn, ...]:
    return (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())


@contextmanager
def progress_bar(total: int | None, label: str) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr (only on a terminal); yields ``advance()``."""
    enabled = stderr.is_terminal and (total is None or total >= PROGRESS_MIN_ITEMS)
    with Progress(*_columns(), console=stderr, disable=not enabled, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


@contextmanager
def page_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``ReadOptions.progress`` callback that shows a bar once a capture turns out long."""
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if total < PROGRESS_MIN_PAGES or not stderr.is_terminal:
            return
        if bar is None:
            bar = Progress(*_columns(), console=stderr, transient=True)
            bar.start()
            task = bar.add_task(label, total=total)
        assert task is not None
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def report_failures(failures: list[tuple[str, TearsheetError]], total: int) -> None:
    """At the end of a batch: one line per failed input, then counts by reason."""
    if not failures:
        return
    for name, exc in failures:
        # click.echo, not rich: rich wraps at the console width, and an error is one line.
        click.echo(f"tearsheet: error: {name}: {' '.join(str(exc).split())}", err=True)
    reasons = Counter(exc.reason for _, exc in failures)
    summary = ", ".join(f"{reason}: {count}" for reason, count in reasons.most_common())
    click.echo(f"tearsheet: {len(failures)} of {total} inputs failed ({summary})", err=True)
