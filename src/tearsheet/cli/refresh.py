"""``tearsheet add --refresh``: re-fetch archived articles, report what changed.

On a terminal: a progress bar, then a table of counts and the articles that changed or
failed, on stderr. Into a pipe or a file: one tab-separated line per URL on stdout
(``article``, ``outcome``, ``versions``, ``url``, ``message``) and the counts as
``what<TAB>value`` lines on stderr, as ``tearsheet stats`` writes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click
from rich.table import Table

from tearsheet.archive import Archive, ArticleFilter, default_path
from tearsheet.batch.refresh import (
    NEW_ARTICLE,
    NEW_CAPTURE,
    NEW_VERSION,
    UNCHANGED,
    Checked,
    Refresh,
    refresh,
)
from tearsheet.cli.output import is_terminal, one_line, progress_bar, stderr
from tearsheet.errors import ArchiveNotFoundError

EXIT_INTERRUPTED = 130
NAMED = 20  # changed and failed articles named one by one; `tearsheet failures` lists every failure
COLUMNS = ("article", "outcome", "versions", "url", "message")
LABELS = {UNCHANGED: "unchanged", NEW_VERSION: "new version", NEW_CAPTURE: "new capture, same version",
          NEW_ARTICLE: "new article at the URL"}


def refresh_articles(archive_path: Path | None, ids: Sequence[str], where: ArticleFilter,
                     settings: Refresh) -> int:
    """Refresh the articles ``ids`` names (all, when none) that ``where`` selects; the exit code."""
    path = archive_path or default_path()
    if not path.exists():  # refreshing makes no archive: there would be nothing to refresh
        raise ArchiveNotFoundError(f"no archive at {path}: add captures first with 'tearsheet add'")
    done: list[Checked] = []
    piped = not is_terminal()
    with Archive(path) as archive:
        targets = archive.refresh_targets(ids or None, where)
        if piped:
            click.echo("\t".join(COLUMNS))
        try:
            with progress_bar(len(targets), "refreshing") as advance:
                for checked in refresh(archive, targets, settings):
                    done.append(checked)
                    if piped:
                        click.echo("\t".join(_row(checked)))
                    advance()
        except KeyboardInterrupt:
            _report(done, interrupted=True)
            click.echo("tearsheet: error: interrupted; what was checked is recorded", err=True)
            return EXIT_INTERRUPTED
    _report(done, interrupted=False)
    return 0


def _row(checked: Checked) -> list[str]:
    return [checked.article_id, checked.outcome, str(checked.versions), checked.url or "",
            one_line(checked.message or "")]


def _named(checked: Checked) -> str:
    """One changed or failed article, for a person: its id, then what happened."""
    if checked.outcome == NEW_VERSION:
        return f"{checked.article_id}  {checked.url}  now {checked.versions} versions"
    return f"{checked.article_id}  {checked.outcome.partition(':')[2]}: {one_line(checked.message or '')}"


def _report(done: Sequence[Checked], *, interrupted: bool) -> None:
    counts = Counter(c.outcome for c in done)
    rows = [("checked", sum(n for slug, n in counts.items() if not slug.startswith("skipped:")))]
    rows += [(slug, counts[slug]) for slug in LABELS]
    rows += sorted((slug, n) for slug, n in counts.items() if ":" in slug)
    if not stderr.is_terminal:
        for slug, count in rows:
            click.echo(f"{slug}\t{count}", err=True)
        return
    table = Table(title="tearsheet add --refresh" + (" — interrupted" if interrupted else ""),
                  title_justify="left", header_style="bold")
    table.add_column("outcome")
    table.add_column("articles", justify="right")
    for slug, count in rows:
        table.add_row(LABELS.get(slug, slug.replace("failed:", "failed: ").replace("skipped:", "skipped: ")),
                      f"{count:,}")
    stderr.print(table)
    for title, chosen in (("new versions (tearsheet history ID shows the edits)",
                           [c for c in done if c.outcome == NEW_VERSION]),
                          ("failed", [c for c in done if c.outcome.startswith("failed:")])):
        if chosen:
            more = f" (the first {NAMED} of {len(chosen):,})" if len(chosen) > NAMED else ""
            stderr.print(f"{title}{more}:", markup=False, highlight=False)
            for checked in chosen[:NAMED]:
                stderr.print(f"  {_named(checked)}", markup=False, highlight=False, soft_wrap=True)
