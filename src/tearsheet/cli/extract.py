"""``tearsheet extract``: read captures into articles and print them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import click

from tearsheet.api import extract
from tearsheet.captures.fetch import fetch, is_url
from tearsheet.captures.load import capture_from_bytes, iter_paths
from tearsheet.captures.warc import SkippedRecord, is_warc, iter_warc
from tearsheet.cli.output import (
    FORMATS,
    is_terminal,
    page_progress,
    progress_bar,
    render,
    render_source,
    report_failures,
)
from tearsheet.errors import InputError, TearsheetError
from tearsheet.models import LOW_CONFIDENCE, Article, CaptureKind
from tearsheet.options import ReadOptions

KINDS = [k.value for k in CaptureKind]


@dataclass(frozen=True, slots=True)
class Job:
    """One thing to extract: a file, a URL or stdin."""

    name: str  # in error messages
    source: str  # the input as given (a folder's files: the path found in it), heading its output
    path: Path | None = None
    url: str | None = None
    stdin: bool = False
    warc: bool = False  # a WARC file: each response record is a capture of its own


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--url", help="The page's own URL (resolves relative links; for files and stdin).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True,
              help="Output format.")
@click.option("--kind", type=click.Choice(KINDS), help="Read as this kind instead of sniffing it.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file, or a folder for several inputs (one file each).")
def extract_command(inputs: tuple[str, ...], url: str | None, fmt: str, kind: str | None,
                    output: Path | None) -> int:
    """Read captures (files, folders, URLs or - for stdin) and print clean articles.

    Several inputs: with --format json, JSON Lines (one object per capture, with its
    "source": the path or URL); Markdown and text outputs are a blank line apart, each
    headed by a "<!-- source: PATH -->" or "==> PATH <==" line. One input prints just
    its article (JSON indented on a terminal, one line into a pipe or file).

    \b
    Example:
        tearsheet extract page.html --url https://example.com/a --format markdown
        tearsheet extract https://example.com/a
        cat page.html | tearsheet extract -
        tearsheet extract saved-pages/ --format json > articles.jsonl
        tearsheet extract saved-pages/ --format json -o out/
    """
    options = ReadOptions(kind=CaptureKind(kind) if kind else None)
    jobs = list(_jobs(inputs))
    if len(jobs) == 1 and not Path(inputs[0]).is_dir() and not jobs[0].warc:
        _extract_one(jobs[0], url, options, fmt, output)
        return 0
    failures, read = _extract_many(jobs, url, options, fmt, output)
    report_failures(failures, read)
    return 1 if failures else 0


def _extract_one(job: Job, url: str | None, options: ReadOptions, fmt: str, output: Path | None) -> None:
    with page_progress("reading pages") as on_page:
        article = _extract(job, url, replace(options, progress=on_page))
    _warn_if_doubtful(job.name, article)
    if fmt == "json":
        _write(render_source(article, fmt, job.source, pretty=output is None and is_terminal()), output)
    else:
        _write(render(article, fmt), output)


def _extract_many(jobs: list[Job], url: str | None, options: ReadOptions, fmt: str,
                  output: Path | None) -> tuple[list[tuple[str, TearsheetError]], int]:
    """Each job to its own file in ``output``, or all to stdout one after another; the failures,
    and how many captures were read (a WARC file holds many)."""
    failures: list[tuple[str, TearsheetError]] = []
    read_count = 0
    if output:
        output.mkdir(parents=True, exist_ok=True)
    printed = 0
    with progress_bar(len(jobs), "extracting") as advance:
        for job in jobs:
            for unit, read in _units(job, url, options):
                read_count += 1
                try:
                    article = read()
                except TearsheetError as exc:
                    failures.append((unit.name, exc))
                    continue
                _warn_if_doubtful(unit.name, article)
                if output:
                    _write(render(article, fmt), output / _output_name(unit, fmt))
                else:
                    # JSON Lines need no separator; Markdown and text articles are a blank line apart.
                    gap = "\n" if printed and fmt != "json" else ""
                    _write(gap + render_source(article, fmt, unit.source, pretty=False), None)
                    printed += 1
            advance()
    return failures, read_count


def _warn_if_doubtful(name: str, article: Article) -> None:
    """One stderr line when the reader doubts the body it found (the article is still printed)."""
    if article.confidence is not None and article.confidence < LOW_CONFIDENCE:
        why = f" ({', '.join(article.warnings)})" if article.warnings else ""
        click.echo(f"tearsheet: warning: {name}: low confidence {article.confidence:.2f}{why}", err=True)


def _jobs(inputs: tuple[str, ...]) -> Iterator[Job]:
    for item in inputs:
        if item == "-":
            yield Job(name="<stdin>", source=item, stdin=True)
        elif is_url(item):
            yield Job(name=item, source=item, url=item)
        else:
            path = Path(item)
            if not path.exists():
                raise click.BadParameter(f"{item}: no such file or folder", param_hint="INPUTS")
            for file in iter_paths(path):
                yield Job(name=str(file), source=item if file == path else str(file), path=file,
                          warc=is_warc(file))


def _units(job: Job, url: str | None, options: ReadOptions) -> Iterator[tuple[Job, Callable[[], Article]]]:
    """What one job reads: itself, or for a WARC file each record that holds a capture (as
    ``file#offset``; request, metadata and non-document records are passed over)."""
    if not job.warc:
        yield job, partial(_extract, job, url, options)
        return
    assert job.path is not None
    try:
        stream = job.path.open("rb")
    except OSError as exc:
        error = InputError(f"cannot read {job.path}: {exc.strerror or exc}")
        yield job, partial(_raise, error)
        return
    found = False
    with stream:
        for item in iter_warc(stream, job.name, options=options):
            if isinstance(item, SkippedRecord) and not item.failed:
                continue
            found = True
            source = item.source or job.name
            unit = Job(name=source, source=source, path=job.path)
            if isinstance(item, SkippedRecord):
                error = InputError(f"{item.reason}: {item.message or 'unreadable record'}")
                yield unit, partial(_raise, error)
            else:
                yield unit, partial(extract, item, options=options)
    if not found:  # said, not silent: an empty or cut-off WARC must not look like a clean run
        error = InputError(f"no page in {job.name}: the WARC file holds none, or is cut off")
        yield job, partial(_raise, error)


def _raise(error: TearsheetError) -> Article:
    raise error


def _extract(job: Job, url: str | None, options: ReadOptions) -> Article:
    if job.url:
        return extract(fetch(job.url, options=options), options=options)
    if job.stdin:
        data = sys.stdin.buffer.read()
        return extract(capture_from_bytes(data, url=url, source="<stdin>", options=options), options=options)
    assert job.path is not None
    return extract(job.path, url=url, options=options)


def _output_name(job: Job, fmt: str) -> str:
    suffix = {"markdown": ".md", "json": ".json", "text": ".txt"}[fmt]
    stem = Path(job.name).name if job.path else job.name.rstrip("/").rsplit("/", 1)[-1] or "article"
    parent = job.path.parent.name if job.path else ""
    # Captures of one article often share a file name (page.html) in different folders.
    return f"{parent}--{stem}{suffix}" if parent else f"{stem}{suffix}"


def _write(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    else:
        path.write_text(text, encoding="utf-8")
