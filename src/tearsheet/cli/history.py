"""``tearsheet history``: an edited article's versions, and what changed between them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tearsheet.cli.archive_options import archive_option, open_archive
from tearsheet.cli.output import is_terminal
from tearsheet.cli.show import pick_version
from tearsheet.models import Article, ArticleVersion, Edit, EditAction
from tearsheet.reconcile import diff
from tearsheet.schema import to_dict

MARKS = {EditAction.ADDED: "+", EditAction.REMOVED: "-", EditAction.CHANGED: "~", EditAction.MOVED: "↕"}


@click.command("history")
@click.argument("article_id", metavar="ID")
@click.option("--diff", "compare", nargs=2, type=int, metavar="A B",
              help="The sentence-level changes from version A to version B (any two, not only neighbours).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A timeline, or JSON Lines (a version a line, with its edits and notes; with --diff, "
                   "an edit a line).")
@archive_option
def history_command(article_id: str, archive_path: Path | None, compare: tuple[int, int] | None,
                    fmt: str) -> int:
    """Show the versions an archived article was captured in — when, from which captures,
    its title, and each version's changes from the one before: sentences added (+), removed
    (-), changed (~) and moved, and the update and correction notes it adds.

    \b
    Example:
        tearsheet history 3fa94c1b2d07
        tearsheet history 3fa9 --diff 1 3
        tearsheet history 3fa9 --format json | jq .edits
    """
    with open_archive(archive_path) as archive:
        article = archive.get(archive.resolve(article_id))
    if compare:
        old, new = (pick_version(article, number) for number in compare)
        edits = diff(old.article.blocks, new.article.blocks)
        for edit in edits:
            line = json.dumps(_edit_dict(edit), ensure_ascii=False) if fmt == "json" else _edit_line(edit)
            click.echo(line)
        if fmt == "text" and not edits:
            click.echo(f"versions {old.number} and {new.number} say the same")
        return 0
    versions = _versions(article)
    for version in versions:
        if fmt == "json":
            data = {"number": version.number, "time": version.time.isoformat() if version.time else None,
                    "time_source": version.time_source, "captures": list(version.captures),
                    "title": version.article.title, "edits": [_edit_dict(e) for e in version.edits],
                    "notes": [{"kind": n.kind.value, "text": n.text} for n in version.notes],
                    "article": to_dict(version.article)}
            click.echo(json.dumps(data, ensure_ascii=False))
            continue
        when = version.time.strftime("%Y-%m-%d %H:%M") if version.time else "time unknown"
        source = f" ({version.time_source})" if version.time_source else ""
        click.echo(f"version {version.number}  {when}{source}  {len(version.captures)} capture(s)  "
                   f"{_one_line(version.article.title or '(untitled)')}")
        for note in version.notes:
            click.echo(f"  {note.kind.value}: {_one_line(note.text)}")
        for edit in version.edits:
            click.echo("  " + _edit_line(edit))
    if fmt == "text" and len(versions) == 1 and is_terminal():
        click.echo("(one version: its captures show no edit)")
    return 0


def _versions(article: Article) -> tuple[ArticleVersion, ...]:
    return article.versions or (pick_version(article, 1),)


def _edit_line(edit: Edit) -> str:
    mark = MARKS[edit.action]
    if edit.action is EditAction.CHANGED:
        return f"{mark} {_one_line(edit.old or '')}  →  {_one_line(edit.new or '')}"
    return f"{mark} {_one_line(edit.new or edit.old or '')}"


def _edit_dict(edit: Edit) -> dict[str, str | None]:
    return {"action": edit.action.value, "old": edit.old, "new": edit.new}


def _one_line(text: str) -> str:
    return " ".join(text.split())
