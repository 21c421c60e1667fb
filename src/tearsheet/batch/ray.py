"""EDGE: the Ray engine — the same pure ``process`` step, scheduled on a Ray cluster.

Two ways to use a cluster (extra ``tearsheet[ray]``):

- ``RayExecutor``: an ``Executor`` like ``LocalExecutor``. Captures are read on the
  driver, each ``process`` call is a Ray task, results come back in input order
  through a bounded window, and the single writer (``ingest``) stores them in SQLite.
  A task past the time limit is cancelled (its worker killed) and fails as ``timeout``.
- ``write_shards``: for corpora that outgrow one SQLite file. Each input shard
  (``tearsheet.batch.shards``) is one Ray task that reads its own input — so inputs
  must be reachable from every node (a shared file system or URLs) — runs the step
  with a per-record time limit, and writes one Parquet file plus a completion marker.
  A rerun skips finished shards. ``tearsheet dedup`` then groups the shards'
  captures by article (``tearsheet.batch.dedup``).

Ray is imported lazily: without the extra, using this module raises
``MissingExtraError``. ``address`` None starts (or joins, with ``RAY_ADDRESS``) Ray
like ``ray.init()`` does; ``"auto"`` joins the cluster this machine belongs to.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tearsheet.archive.incoming import failed
from tearsheet.batch.ingest import Stored
from tearsheet.batch.local import DEFAULT_TIMEOUT_SECONDS
from tearsheet.batch.shards import SHARD_DONE, Shard, is_done, shards, write_shard
from tearsheet.batch.step import process
from tearsheet.batch.task import Done, InOrder, Task
from tearsheet.errors import MissingExtraError, RecordTimeoutError
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

TASKS_PER_CPU = 2  # tasks in flight per cluster CPU: keeps every CPU fed, bounds driver memory


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise MissingExtraError("the Ray engine", "ray") from exc
    return ray


def connect(address: str | None = None, *, jobs: int | None = None) -> Any:
    """Join (or start) Ray unless this process already did; returns the ``ray`` module."""
    ray = _ray()
    if not ray.is_initialized():
        local = address is None and not os.environ.get("RAY_ADDRESS")
        ray.init(address=address, num_cpus=jobs if local else None, include_dashboard=False,
                 log_to_driver=False, configure_logging=False)
    return ray


@dataclass(slots=True)
class RayExecutor:
    """Run ``process`` as Ray tasks; yield tasks back in input order (see module docstring)."""

    address: str | None = None
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    options: ReadOptions = DEFAULT_OPTIONS
    jobs: int | None = None  # CPUs of a Ray started here; None: all cores
    _in_flight: dict[Any, tuple[Task, float]] = field(default_factory=dict)

    def run(self, tasks: Iterable[Task]) -> Iterator[Done]:
        ray = connect(self.address, jobs=self.jobs)
        remote = ray.remote(num_cpus=1, max_retries=0)(process)
        limit = max(2, int(ray.cluster_resources().get("CPU", 1)) * TASKS_PER_CPU)
        window = InOrder(source=iter(tasks), limit=limit)
        try:
            while True:
                for task in window.take(lambda: len(self._in_flight)):
                    ref = remote.remote(task.capture, self.options)
                    self._in_flight[ref] = (task, time.monotonic())
                yield from window.release()
                if window.drained() and not self._in_flight:
                    return
                if self._in_flight:
                    for done in self._collect(ray):
                        window.finish(done)
        finally:
            self.close()

    def _collect(self, ray: Any) -> Iterator[Done]:
        # A task's clock starts at submission: with TASKS_PER_CPU in flight a record waits for
        # at most one other before it runs, so the limit is doubled to stay fair to slow nodes.
        limit = 2 * self.timeout
        oldest = min(started for _, started in self._in_flight.values())
        wait = max(0.0, oldest + limit - time.monotonic())
        done_refs, _ = ray.wait(list(self._in_flight), num_returns=1, timeout=wait)
        for ref in done_refs:
            task, _ = self._in_flight.pop(ref)
            assert task.capture is not None
            try:
                result = ray.get(ref)
            except Exception as exc:  # noqa: BLE001 — a dead worker costs its one record
                result = failed(task.capture, "worker_crashed", f"{task.source}: {type(exc).__name__}")
            yield Done(task=task, result=result)
        now = time.monotonic()
        for ref, (task, started) in list(self._in_flight.items()):
            if now - started >= limit:
                ray.cancel(ref, force=True)
                del self._in_flight[ref]
                assert task.capture is not None
                error = RecordTimeoutError(f"{task.source}: no result after {limit:g} s")
                yield Done(task=task, result=failed(task.capture, error.reason, str(error)))

    def close(self) -> None:
        if self._in_flight:
            ray = _ray()
            for ref in self._in_flight:
                ray.cancel(ref, force=True)
            self._in_flight.clear()


# -- Parquet shards -------------------------------------------------------------------


def write_shards(inputs: Sequence[str], output_dir: Path, *, address: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT_SECONDS, options: ReadOptions = DEFAULT_OPTIONS,
                 jobs: int | None = None) -> Iterator[Stored]:
    """Process every shard not yet done as a Ray task; yield each record's outcome as shards finish."""
    ray = connect(address, jobs=jobs)
    output_dir.mkdir(parents=True, exist_ok=True)
    remote = ray.remote(num_cpus=1, max_retries=1)(write_shard)
    position = 0
    pending: dict[Any, Shard] = {}
    for shard in shards(inputs):
        if is_done(shard, output_dir):
            position += shard.size
            yield Stored(source=shard.name, outcome=SHARD_DONE, position=position)
            continue
        pending[remote.remote(shard, output_dir, timeout=timeout, options=options)] = shard
    try:
        while pending:
            finished, _ = ray.wait(list(pending), num_returns=1)
            shard = pending.pop(finished[0])
            counts: dict[str, int] = ray.get(finished[0])
            position += shard.size
            for outcome, n in sorted(counts.items()):
                for _ in range(n):
                    yield Stored(source=shard.name, outcome=outcome, position=position)
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
