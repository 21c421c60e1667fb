"""`tearsheet add`: outcomes table, reruns that duplicate nothing, Ctrl-C and kill -9 mid-run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tearsheet.cli import main
from test_warc import PAGE_A_URL, PAGE_B_URL, WarcBuilder, mixed_warc, page_a, page_b, print_b

EXIT_INTERRUPTED = 130


def folder_of_captures(root: Path) -> Path:
    """A folder like a user's: a saved page, a PDF print, a stray binary and an empty file."""
    root.mkdir()
    (root / "saved.html").write_bytes(page_b())
    (root / "print.pdf").write_bytes(print_b())
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (root / "empty.html").write_bytes(b"")
    return root


def outcome_lines(report: str) -> set[str]:
    """The rows of the outcomes table as "label count" strings (box drawing removed)."""
    return {" ".join(line.replace("│", " ").replace("┃", " ").split()) for line in report.splitlines()}


def count(archive: Path, sql: str) -> int:
    with sqlite3.connect(archive) as conn:
        return int(conn.execute(sql).fetchone()[0])


def stored_captures(archive: Path) -> int:
    return count(archive, "SELECT count(*) FROM captures")


def test_add_reports_every_outcome(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warc = mixed_warc(tmp_path / "crawl.warc.gz")
    folder = folder_of_captures(tmp_path / "saved")
    archive = tmp_path / "news.db"
    assert main(["add", str(warc), str(folder), "--archive", str(archive), "--jobs", "2"]) == 0
    report = capsys.readouterr().err
    lines = outcome_lines(report)
    # Two pages (A, B) and the PDF print of B: two new articles; the print and the saved
    # copy of B's page are the same bytes twice (duplicates) or merge into B.
    assert "request_record 1" in lines and "warcinfo_record 1" in lines
    assert "not_html_or_pdf 1" in lines and "http_status 1" in lines
    assert "unsupported 1" in lines and "empty 1" in lines  # the photo and the empty file
    assert "duplicates 2" in lines  # saved.html = B's page, print.pdf = B's print
    assert "total 13" in lines  # 9 WARC records + 4 files
    assert stored_captures(archive) >= 3
    assert count(archive, "SELECT count(*) FROM articles") >= 2


def test_rerunning_the_same_add_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warc = mixed_warc(tmp_path / "crawl.warc.gz")
    archive = tmp_path / "news.db"
    command = ["add", str(warc), "--archive", str(archive), "--jobs", "1"]
    assert main(command) == 0
    first = capsys.readouterr().err
    captures, articles = stored_captures(archive), count(archive, "SELECT count(*) FROM articles")
    assert main(command) == 0
    second = capsys.readouterr().err
    assert (stored_captures(archive), count(archive, "SELECT count(*) FROM articles")) == (captures, articles)
    lines = outcome_lines(second)
    read = count(archive, "SELECT count(*) FROM captures WHERE status = 'ok'")
    failed = count(archive, "SELECT count(*) FROM captures WHERE status = 'failed'")
    # what was stored is skipped unread; what failed is tried again (and fails again, here)
    assert "captures added 0" in lines and f"duplicates {read}" in lines
    assert [line for line in outcome_lines(first) if line.startswith("failed ")] == [f"failed {failed}"]
    assert f"failed {failed}" in lines
    assert first != second


def test_a_missing_input_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", str(tmp_path / "nowhere.warc.gz"), "--archive", str(tmp_path / "a.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tearsheet: error:") and "nowhere.warc.gz" in err and len(err.splitlines()) == 1


def test_output_dir_writes_parquet_shards_that_reruns_skip_and_dedup_groups(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    pq = pytest.importorskip("pyarrow.parquet")
    warc = mixed_warc(tmp_path / "crawl.warc.gz")
    folder = folder_of_captures(tmp_path / "saved")
    out = tmp_path / "shards"
    command = ["add", str(warc), str(folder), "--output-dir", str(out), "--jobs", "2"]
    assert main(command) == 0
    assert "total 13" in outcome_lines(capsys.readouterr().err)
    assert sorted(p.suffix for p in out.iterdir()) == [".done", ".done", ".parquet", ".parquet"]
    rows = [row for path in sorted(out.glob("*.parquet")) for row in pq.read_table(path).to_pylist()]
    assert len(rows) == 13 and {row["outcome"] for row in rows} >= {"added", "skipped:request_record"}
    added = [row for row in rows if row["outcome"] == "added"]
    assert all(row["fingerprint"] and row["lsh_keys"] and row["article_json"] for row in added)

    assert main(command) == 0  # a rerun skips the finished shards
    assert "shard_done 2" in outcome_lines(capsys.readouterr().err)

    assert main(["dedup", str(out), "-o", str(tmp_path / "groups.json")]) == 0
    groups = json.loads((tmp_path / "groups.json").read_text())
    assert sum(group["size"] for group in groups) == len({row["capture_id"] for row in added})
    assert any(PAGE_B_URL in group["urls"] and group["size"] >= 2 for group in groups)  # page + print of B


def big_warc(path: Path, records: int) -> Path:
    """``records`` distinct captures of two pages (a URL and a paragraph edit per copy)."""
    builder = WarcBuilder()
    for i in range(records):
        url, body = (PAGE_A_URL, page_a()) if i % 2 else (PAGE_B_URL, page_b())
        body = body.replace(b"</p>", f" ({i})</p>".encode(), 1) + f"<!-- copy {i} -->".encode()
        builder.response(f"{url}{'&' if '?' in url else '?'}copy={i}", body)
    return builder.save(path)


def start_add(warc: Path, archive: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tearsheet", "add", str(warc), "--archive", str(archive), "--jobs", "2"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_some(archive: Path, process: subprocess.Popen[bytes], at_least: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if archive.exists() and stored_captures(archive) >= at_least:
                return
        except sqlite3.OperationalError:
            pass  # tables not created yet
        time.sleep(0.05)
    pytest.fail("the add finished (or hung) before it could be interrupted")


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_an_interrupted_add_leaves_a_consistent_archive_and_a_rerun_finishes(
        tmp_path: Path, how: signal.Signals) -> None:
    records = 150  # long enough to be still running after the first stored batch
    warc = big_warc(tmp_path / "big.warc.gz", records)
    archive = tmp_path / "news.db"
    process = start_add(warc, archive)
    wait_for_some(archive, process, at_least=5)
    os.kill(process.pid, how)
    _, err = process.communicate(timeout=60)
    if how == signal.SIGINT:
        assert process.returncode == EXIT_INTERRUPTED
        assert b"interrupted" in err and b"captures added" in err  # what was done
    else:
        assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(archive) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = stored_captures(archive)
    assert 0 < partial < records
    rerun = start_add(warc, archive)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert stored_captures(archive) == records  # nothing lost, nothing twice
    assert f"duplicates {partial:,}" in outcome_lines(err.decode())


def test_sources_are_stored_as_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder_of_captures(tmp_path / "saved")
    monkeypatch.chdir(tmp_path)
    assert main(["add", "saved", "--archive", "news.db", "--jobs", "1"]) == 0
    with sqlite3.connect(tmp_path / "news.db") as conn:
        sources = [row[0] for row in conn.execute("SELECT source FROM captures")]
        failed = [row[0] for row in conn.execute("SELECT source FROM failures")]
    assert sources and failed
    assert all(Path(source).is_absolute() and Path(source).exists() for source in sources + failed)
