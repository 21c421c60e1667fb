"""The Ray engine on a local Ray instance: the same archive as the local run; Parquet shards
that reruns skip; ``tearsheet dedup`` grouping the shards like the archive groups captures.

Ray is in the ``test`` extra, so CI runs these (with CI set, a missing Ray fails instead of
skipping); a developer's environment without it skips them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tearsheet.archive import Archive
from tearsheet.batch.ingest import ingest
from tearsheet.batch.local import LocalExecutor
from test_cli_add import big_warc, folder_of_captures
from test_warc import mixed_warc

if os.environ.get("CI"):
    import ray  # noqa: E402 (in CI an ImportError must fail the run, not skip it)
else:
    ray = pytest.importorskip("ray")
    pytest.importorskip("pyarrow")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("inputs")
    return [str(mixed_warc(root / "crawl.warc.gz")), str(big_warc(root / "copies.warc.gz", 12)),
            str(folder_of_captures(root / "saved"))]


def archive_state(path: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    with sqlite3.connect(path) as conn:
        captures = conn.execute("SELECT id, article_id, status, reason FROM captures ORDER BY seq").fetchall()
        articles = conn.execute("SELECT id, title, captures, text FROM articles ORDER BY seq").fetchall()
    return captures, articles


def add(inputs: list[str], archive_path: Path, executor: object) -> list[str]:
    with Archive(archive_path) as archive:
        return [stored.outcome for stored in ingest(inputs, archive, executor)]  # type: ignore[arg-type]


def test_ray_executor_builds_the_same_archive_as_local_workers(
        local_ray: None, inputs: list[str], tmp_path: Path) -> None:
    from tearsheet.batch.ray import RayExecutor

    local = add(inputs, tmp_path / "local.db", LocalExecutor(jobs=2, timeout=60))
    on_ray = add(inputs, tmp_path / "ray.db", RayExecutor(timeout=60))
    assert on_ray == local
    assert "merged" in local and "added" in local and "duplicate" in local
    assert archive_state(tmp_path / "ray.db") == archive_state(tmp_path / "local.db")


def test_shards_resume_and_dedup_groups_like_the_archive(
        local_ray: None, inputs: list[str], tmp_path: Path) -> None:
    from tearsheet.batch.dedup import dedup, write_groups
    from tearsheet.batch.ray import SHARD_DONE, write_shards

    out = tmp_path / "shards"
    first = [stored.outcome for stored in write_shards(inputs, out)]
    assert sorted(p.suffix for p in out.iterdir()) == [".done"] * 3 + [".parquet"] * 3
    assert first.count("added") >= 10 and "skipped:request_record" in first
    again = [stored.outcome for stored in write_shards(inputs, out)]
    assert again == [SHARD_DONE] * 3  # finished shards are skipped, nothing is redone

    groups = dedup(out)
    add(inputs, tmp_path / "local.db", LocalExecutor(jobs=2, timeout=60))
    with sqlite3.connect(tmp_path / "local.db") as conn:
        rows = conn.execute("SELECT article_id, id FROM captures WHERE status = 'ok' ORDER BY seq").fetchall()
    by_article: dict[str, set[str]] = {}
    for article_id, capture_id in rows:
        by_article.setdefault(article_id, set()).add(capture_id)
    assert sorted(map(sorted, by_article.values())) == sorted(sorted(g.captures) for g in groups)

    write_groups(groups, tmp_path / "groups.json")
    written = json.loads((tmp_path / "groups.json").read_text())
    assert [g["captures"] for g in written] == [list(g.captures) for g in groups]
