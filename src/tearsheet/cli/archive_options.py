"""What the archive commands share: ``--archive``, the article filters, opening read-only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tearsheet.archive import Archive, default_path

F = TypeVar("F", bound=Callable[..., Any])

ARCHIVE_HELP = "The archive file (default: $TEARSHEET_ARCHIVE, else ~/.local/share/tearsheet/archive.db)."


def archive_option(command: F) -> F:
    return click.option("--archive", "archive_path", type=click.Path(path_type=Path, dir_okay=False),
                        help=ARCHIVE_HELP)(command)


def filter_options(command: F) -> F:
    """``--site --author --since --until --lang --low-confidence --changed --corrected``, passed on
    as keyword arguments."""
    options = [
        click.option("--site", help="Site name or domain (example.com also matches news.example.com)."),
        click.option("--author", help="Part of an author's name."),
        click.option("--since", metavar="DATE", help="Published on or after: YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--until", metavar="DATE", help="Published on or before: YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--lang", help="Language code (en also matches en-GB)."),
        click.option("--low-confidence", is_flag=True,
                     help="Only articles whose body the reader doubts (confidence under 0.5)."),
        click.option("--changed", is_flag=True, help="Only articles seen edited (two versions or more)."),
        click.option("--corrected", is_flag=True, help="Only articles a version of which adds a correction."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def open_archive(path: Path | None) -> Archive:
    """The archive, read-only: reading commands never create or change it."""
    return Archive(path or default_path(), readonly=True)
