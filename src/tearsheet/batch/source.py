"""EDGE: what ``tearsheet add`` was given (files, folders, URLs, WARCs) → a stream of ``Task``.

The stream is lazy: a folder is walked and a WARC read one record at a time, so a
run over millions of records holds only the tasks in flight. Captures the archive
already holds are decided here (``duplicate``) from their content hash, before any
extraction, which makes a rerun of an interrupted add cheap. Each task carries the
input bytes consumed so far, which drives the progress bar's rate and ETA.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tearsheet.batch.task import Task
from tearsheet.captures.fetch import fetch, is_url
from tearsheet.captures.load import capture_from_path, iter_paths
from tearsheet.captures.wacz import is_wacz, iter_wacz
from tearsheet.captures.warc import SkippedRecord, is_warc, iter_warc
from tearsheet.errors import InputError, TearsheetError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

DUPLICATE = "duplicate"

Known = Callable[[str], bool]  # is this capture id already stored?


def check_inputs(inputs: Sequence[str]) -> None:
    """Fail early, before any work, on an input that does not exist."""
    for item in inputs:
        if not is_url(item) and not Path(item).exists():
            raise InputError(f"{item}: no such file or folder")


def total_bytes(inputs: Sequence[str]) -> int | None:
    """The size of every local input (the progress total), or None when there are none."""
    sizes = [path.stat().st_size for item in inputs if not is_url(item) for path in iter_paths(Path(item))]
    return sum(sizes) if sizes else None


@dataclass(slots=True)
class _Counter:
    seq: int = 0
    position: int = 0  # bytes of inputs fully consumed


def iter_tasks(inputs: Sequence[str], *, options: ReadOptions = DEFAULT_OPTIONS,
               known: Known = lambda _: False) -> Iterator[Task]:
    """Every capture (or decided outcome) of the inputs, in a stable order."""
    counter = _Counter()
    for item in inputs:
        if is_url(item):
            yield _url_task(item, counter, options, known)
            continue
        for path in iter_paths(Path(item)):
            if is_warc(path) or is_wacz(path):
                yield from _warc_tasks(path, counter, options, known)
            else:
                yield _file_task(path, counter, options, known)


def _task(counter: _Counter, source: str, item: Capture | SkippedRecord | TearsheetError,
          known: Known, position: int) -> Task:
    seq = counter.seq
    counter.seq += 1
    if isinstance(item, TearsheetError):
        return Task(seq=seq, source=source, outcome=f"failed:{item.reason}", position=position,
                    message=" ".join(str(item).split()))
    if isinstance(item, SkippedRecord):
        return Task(seq=seq, source=source, outcome=item.outcome, position=position)
    if known(item.id):
        return Task(seq=seq, source=source, outcome=DUPLICATE, position=position)
    return Task(seq=seq, source=source, capture=item, position=position)


def _url_task(url: str, counter: _Counter, options: ReadOptions, known: Known) -> Task:
    try:
        item: Capture | TearsheetError = fetch(url, options=options)
    except TearsheetError as exc:
        item = exc
    return _task(counter, url, item, known, counter.position)


def _file_task(path: Path, counter: _Counter, options: ReadOptions, known: Known) -> Task:
    try:
        item: Capture | TearsheetError = capture_from_path(path, options=options)
        size = path.stat().st_size
    except TearsheetError as exc:
        item, size = exc, 0
    counter.position += size
    return _task(counter, str(path.absolute()), item, known, counter.position)


def _warc_tasks(path: Path, counter: _Counter, options: ReadOptions, known: Known) -> Iterator[Task]:
    base = counter.position
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield _task(counter, str(path), InputError(f"cannot read {path}: {exc.strerror or exc}"), known, base)
        return
    with stream:
        size = path.stat().st_size
        items = iter_wacz(path, str(path.absolute()), options=options) if is_wacz(path) else \
            iter_warc(stream, str(path.absolute()), options=options)
        for item in items:
            source = item.source or str(path.absolute())
            # The stream is read ahead in buffers: clamp so progress never passes the file.
            yield _task(counter, source, item, known, base + min(stream.tell(), size))
    counter.position = base + size
