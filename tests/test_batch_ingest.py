"""The single writer: outcomes in input order, a hanging reader costs one record, the tally."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tearsheet.archive import Archive
from tearsheet.archive.incoming import StepResult
from tearsheet.batch import ingest as ingest_module
from tearsheet.batch.ingest import ingest
from tearsheet.batch.local import LocalExecutor
from tearsheet.batch.outcomes import Outcomes
from tearsheet.batch.step import process
from tearsheet.models import Capture
from tearsheet.options import ReadOptions
from test_batch_local import HANG, echo_step
from test_warc import PAGE_B_URL, WarcBuilder, page_a, page_b


def hang_on_marker(capture: Capture, options: ReadOptions) -> StepResult:
    """The real step, except that a page carrying HANG never finishes (a pathological file)."""
    if HANG in capture.data:
        return echo_step(capture, options)
    return process(capture, options)


def test_a_hanging_reader_costs_one_record(tmp_path: Path) -> None:
    warc = (WarcBuilder()
            .response("http://example.com/a", page_a())
            .response("http://example.com/hangs", page_b() + HANG)
            .response(PAGE_B_URL, page_b())
            .save(tmp_path / "crawl.warc.gz"))
    start = time.monotonic()
    with Archive(":memory:") as archive:
        executor = LocalExecutor(jobs=2, timeout=8, step=hang_on_marker)
        outcomes = [stored.outcome for stored in ingest([str(warc)], archive, executor)]
    assert outcomes == ["added", "failed:timeout", "added"]
    assert time.monotonic() - start < 60


def test_outcomes_table_rows() -> None:
    tally = Outcomes()
    for slug in ["added", "added", "merged", "duplicate", "skipped:request_record", "skipped:request_record",
                 "skipped:http_status", "failed:timeout", "failed:broken_record", "failed:timeout"]:
        tally.count(slug)
    assert (tally.added, tally.new_articles, tally.merged, tally.duplicates, tally.total) == (3, 2, 1, 1, 10)
    assert tally.rows() == [
        ("captures added", 3), ("  new articles", 2), ("  merged into known articles", 1), ("duplicates", 1),
        ("skipped", 3), ("  request_record", 2), ("  http_status", 1),
        ("failed", 3), ("  timeout", 2), ("  broken_record", 1),
        ("total", 10)]


def test_merged_articles_are_reconciled_along_the_way_and_at_the_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "RECONCILE_EVERY_SECONDS", 0.0)  # a pass after every batch
    monkeypatch.setattr(ingest_module, "STORE_BATCH", 1)
    warc = (WarcBuilder()
            .response("http://example.com/a", page_a())
            .response("http://example.com/a?copy=1", page_a() + b"<!-- copy 1 -->")
            .response(PAGE_B_URL, page_b())
            .response(PAGE_B_URL + "?copy=1", page_b() + b"<!-- copy 1 -->")
            .save(tmp_path / "crawl.warc.gz"))
    passes: list[int] = []
    with Archive(":memory:") as archive:
        reconcile_pending = archive.reconcile_pending

        def counted(*args: Any, **kwargs: Any) -> int:
            passes.append(archive.pending())
            return reconcile_pending(*args, **kwargs)

        monkeypatch.setattr(archive, "reconcile_pending", counted)
        outcomes = [stored.outcome for stored in ingest([str(warc)], archive, LocalExecutor(jobs=1))]
        assert outcomes == ["added", "merged", "added", "merged"]
        assert len(passes) >= 2 and any(passes)  # along the way, with work to do, and at the end
        assert archive.pending() == 0
        for item in archive.list().items:
            assert item.captures == 2
            assert len(archive.get(item.id).provenance.captures) == 2
