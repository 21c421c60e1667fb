"""Input shards written to Parquet, with completion markers so reruns skip finished work.

A shard is one WARC file, up to ``SHARD_FILES`` plain files, or all URLs; its name is
stable (a label plus a hash of its resolved inputs), so the same command finds the
same shards again. ``write_shard`` runs the pure step over one shard with a per-record
time limit and writes ``<name>.parquet`` (complete or absent) and then ``<name>.done``
(the outcome counts, as JSON). The Ray engine runs ``write_shard`` as one task per
shard; ``write_local_shards`` runs the shards one after another on local workers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tearsheet.batch.ingest import Stored
from tearsheet.batch.local import DEFAULT_TIMEOUT_SECONDS, LocalExecutor
from tearsheet.batch.parquet import DONE_SUFFIX, ShardWriter
from tearsheet.batch.source import iter_tasks
from tearsheet.batch.step import process_without_bytes
from tearsheet.captures.fetch import is_url
from tearsheet.captures.load import iter_paths
from tearsheet.captures.warc import is_warc
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

SHARD_FILES = 1000  # plain files per shard (a WARC file is always one shard)
SHARD_DONE = "skipped:shard_done"


@dataclass(frozen=True, slots=True, kw_only=True)
class Shard:
    """Inputs read into one Parquet file."""

    name: str
    inputs: tuple[str, ...]
    size: int  # input bytes, for progress


def shards(inputs: Sequence[str]) -> list[Shard]:
    """Split the inputs: each WARC file alone, plain files ``SHARD_FILES`` at a time, URLs together."""
    result: list[Shard] = []
    files: list[Path] = []
    for item in inputs:
        if is_url(item):
            continue
        for path in iter_paths(Path(item)):
            if is_warc(path):
                result.append(_shard(path.name, [str(path)]))
            else:
                files.append(path)
    for start in range(0, len(files), SHARD_FILES):
        chunk = files[start:start + SHARD_FILES]
        result.append(_shard(f"files-{chunk[0].stem}", [str(p) for p in chunk]))
    urls = [item for item in inputs if is_url(item)]
    if urls:
        result.append(_shard("urls", urls))
    return result


def _shard(label: str, inputs: list[str]) -> Shard:
    resolved = [item if is_url(item) else str(Path(item).resolve()) for item in inputs]
    digest = hashlib.sha256("\n".join(resolved).encode()).hexdigest()[:12]
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in label)[:60]
    size = sum(Path(item).stat().st_size for item in inputs if not is_url(item))
    return Shard(name=f"{safe}-{digest}", inputs=tuple(inputs), size=size)


def is_done(shard: Shard, output_dir: Path) -> bool:
    return (output_dir / (shard.name + DONE_SUFFIX)).exists()


def write_shard(shard: Shard, output_dir: Path, *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                options: ReadOptions = DEFAULT_OPTIONS) -> dict[str, int]:
    """Process one shard into ``<name>.parquet`` and mark it done; returns the outcome counts."""
    counts: dict[str, int] = {}
    for stored in _write(shard, output_dir, jobs=jobs, timeout=timeout, options=options, position=0):
        counts[stored.outcome] = counts.get(stored.outcome, 0) + 1
    return counts


def write_local_shards(inputs: Sequence[str], output_dir: Path, *, jobs: int,
                       timeout: float = DEFAULT_TIMEOUT_SECONDS,
                       options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Stored]:
    """Every shard not yet done, one after another on ``jobs`` local workers; yields each outcome."""
    position = 0
    for shard in shards(inputs):
        if is_done(shard, output_dir):
            yield Stored(source=shard.name, outcome=SHARD_DONE, position=position + shard.size)
        else:
            yield from _write(shard, output_dir, jobs=jobs, timeout=timeout, options=options,
                              position=position)
        position += shard.size


def _write(shard: Shard, output_dir: Path, *, jobs: int, timeout: float, options: ReadOptions,
           position: int) -> Iterator[Stored]:
    output_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with ShardWriter(output_dir / f"{shard.name}.parquet") as writer, \
            LocalExecutor(jobs=jobs, timeout=timeout, options=options,
                          step=process_without_bytes) as executor:
        for done in executor.run(iter_tasks(shard.inputs, options=options)):
            outcome = writer.write(done)
            counts[outcome] = counts.get(outcome, 0) + 1
            yield Stored(source=done.task.source, outcome=outcome, position=position + done.task.position)
    (output_dir / f"{shard.name}{DONE_SUFFIX}").write_text(json.dumps(counts, sort_keys=True) + "\n")
