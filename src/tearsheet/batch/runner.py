"""The one library call behind ``tearsheet add``: settings in, a stream of outcomes out.

Chooses the executor (local worker processes or Ray) and the destination (the SQLite
archive through the single writer, or Parquet shards in a folder).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tearsheet.batch.ingest import Stored, ingest
from tearsheet.batch.local import DEFAULT_TIMEOUT_SECONDS, LocalExecutor, default_jobs
from tearsheet.batch.task import Executor
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    inputs: Sequence[str]
    archive: Path | None = None  # None: the default archive (``$TEARSHEET_ARCHIVE`` …)
    jobs: int | None = None  # None: all cores (local) / the cluster's CPUs (Ray)
    engine: str = "local"  # "local" or "ray"
    address: str | None = None  # Ray cluster address
    output_dir: Path | None = None  # Parquet shards here instead of the archive
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    options: ReadOptions = field(default=DEFAULT_OPTIONS)


def run(settings: Run) -> Iterator[Stored]:
    """Add every input; yield one ``Stored`` per input item, in input order."""
    if settings.output_dir is not None and settings.engine == "ray":
        from tearsheet.batch.ray import write_shards

        yield from write_shards(settings.inputs, settings.output_dir, address=settings.address,
                                timeout=settings.timeout, options=settings.options, jobs=settings.jobs)
        return
    if settings.output_dir is not None:
        from tearsheet.batch.shards import write_local_shards

        jobs = settings.jobs or default_jobs()
        yield from write_local_shards(settings.inputs, settings.output_dir, jobs=jobs,
                                      timeout=settings.timeout, options=settings.options)
        return
    from tearsheet.archive import Archive
    from tearsheet.archive.location import default_path

    archive = Archive(settings.archive or default_path())
    executor = _executor(settings)
    try:
        yield from ingest(settings.inputs, archive, executor, options=settings.options,
                          reconcile_jobs=settings.jobs or default_jobs())
    finally:
        executor.close()
        archive.close()


def _executor(settings: Run) -> Executor:
    if settings.engine == "ray":
        from tearsheet.batch.ray import RayExecutor

        return RayExecutor(address=settings.address, timeout=settings.timeout, options=settings.options,
                           jobs=settings.jobs)
    return LocalExecutor(jobs=settings.jobs or default_jobs(), timeout=settings.timeout,
                         options=settings.options)
