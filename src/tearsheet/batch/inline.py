"""EDGE: ``Archive.add`` — a run in this process, for a few captures (no workers, no timeout).

The same steps as ``tearsheet add``, one capture at a time: load each item (a path, a
folder, an http(s) URL, bytes or a ``Capture``), skip what the archive holds, read it,
store it with its article marked pending, and reconcile the pending articles once at the
end. For large runs use ``tearsheet add`` (parallel worker processes, per-record time
limit, resumable).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from tearsheet.api import to_capture
from tearsheet.archive import Archive
from tearsheet.archive.archive import AddItem
from tearsheet.archive.incoming import StepResult, failed, succeeded
from tearsheet.archive.records import DUPLICATE, FAILED
from tearsheet.captures.fetch import fetch, is_url
from tearsheet.captures.load import iter_paths
from tearsheet.errors import TearsheetError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions
from tearsheet.readers import read


def add_here(archive: Archive, items: AddItem | Iterable[AddItem], *, url: str | None = None,
             options: ReadOptions = DEFAULT_OPTIONS) -> Counter[str]:
    """Read and store ``items`` into ``archive`` in this process; the count of each outcome."""
    outcomes: Counter[str] = Counter()
    archive.retry_failures()
    own = {Path(f"{archive.path}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}
    for capture in _captures(archive, items, url=url, options=options, outcomes=outcomes, skip=own):
        if archive.known([capture.id]):
            outcomes[DUPLICATE] += 1
            continue
        outcomes[archive.store(read_step(archive, capture, options), defer=True)] += 1
    archive.reconcile_pending()
    return outcomes


def read_step(archive: Archive, capture: Capture, options: ReadOptions) -> StepResult:
    """One capture read and fingerprinted by the archive's grouping; a failure is a value."""
    try:
        article = read(capture, options)
    except TearsheetError as exc:
        return failed(capture, exc.reason, str(exc))
    fingerprint, keys = archive.grouping.fingerprint(article)
    return succeeded(capture, article, fingerprint, keys)


def _captures(archive: Archive, items: AddItem | Iterable[AddItem], *, url: str | None, options: ReadOptions,
              outcomes: Counter[str], skip: set[Path]) -> Iterator[Capture]:
    """Every capture the items name (the archive's own files skipped); one that cannot
    even be loaded is counted as failed."""
    if isinstance(items, (str, Path, bytes, Capture)):
        items = [items]
    for item in items:
        loaders: list[partial[Capture]]
        if isinstance(item, str) and is_url(item):
            loaders = [partial(fetch, item, options=options)]
        elif isinstance(item, (str, Path)):
            loaders = [partial(to_capture, file, url=url, options=options)
                       for file in iter_paths(Path(item)) if file.resolve() not in skip]
        else:
            loaders = [partial(to_capture, item, url=url, options=options)]
        for load in loaders:
            try:
                capture = load()
            except TearsheetError as exc:
                outcomes[f"{FAILED}:{exc.reason}"] += 1
                archive.record_failures([(_name(load), exc.reason, " ".join(str(exc).split()))])
                continue
            yield capture


def _name(load: partial[Capture]) -> str:
    """The source a loader was given (a path or URL), or what it was, for bytes."""
    first = load.args[0] if load.args else None
    return str(first) if isinstance(first, (str, Path)) else f"<{type(first).__name__}>"
