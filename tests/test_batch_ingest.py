"""The single writer: outcomes in input order, a hanging reader costs one record, the tally."""

from __future__ import annotations

import time
from pathlib import Path

from test_batch_local import HANG, echo_step
from test_warc import PAGE_B_URL, WarcBuilder, page_a, page_b

from tearsheet.archive import Archive
from tearsheet.batch.ingest import ingest
from tearsheet.batch.local import LocalExecutor
from tearsheet.batch.outcomes import Outcomes
from tearsheet.batch.step import StepResult, process
from tearsheet.models import Capture
from tearsheet.options import ReadOptions


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
