"""The hostile corpus through the real CLI: every file ends quickly, in bounded memory, with
a result or one ``tearsheet: error:`` line — never a traceback — and ``tearsheet add`` on
the whole folder still archives the good captures next to it.

The corpus is generated once per session (``tests/hostile/make_corpus.py``); nothing large
is committed.
"""

from __future__ import annotations

import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.hostile.make_corpus import BAD, READABLE, good_files, write_corpus, write_good
from tests.hostile.measure import Run, run_measured

CPU_SECONDS = 5.0  # per file, the child's own CPU time (wall time on a shared CI core is noise)
WALL_SECONDS = 15.0  # a child still running then is killed and fails the test
PEAK_MB = 500.0
ADD_WALL_SECONDS = 60.0


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write_corpus(folder / "bad")
    write_good(folder / "good")
    return folder


@pytest.fixture(scope="session")
def extracted(corpus: Path) -> dict[str, Run]:
    """``tearsheet extract`` on every hostile file, two at a time (the children are measured
    one by one, so running side by side does not change their numbers)."""
    def extract(name: str) -> Run:
        return run_measured([sys.executable, "-m", "tearsheet", "extract", str(corpus / "bad" / name),
                             "--format", "text"], wall_limit=WALL_SECONDS)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(BAD, pool.map(extract, BAD), strict=True))


@pytest.mark.parametrize("name", list(BAD))
def test_extract_ends_fast_and_small_with_a_result_or_one_error_line(extracted: dict[str, Run],
                                                                     name: str) -> None:
    run = extracted[name]
    assert not run.killed, f"{name}: still running after {WALL_SECONDS} s"
    assert "Traceback" not in run.stderr, run.stderr
    assert run.seconds < CPU_SECONDS, f"{name}: {run.seconds:.1f} s of CPU"
    assert run.peak_mb < PEAK_MB, f"{name}: {run.peak_mb:.0f} MB"
    if run.returncode == 0:
        assert run.stdout.strip(), f"{name}: no error and no article"
    else:
        lines = run.stderr.strip().splitlines()
        if name.endswith((".warc", ".warc.gz")):  # many captures: a line per bad record, then the count
            assert lines and all(line.startswith("tearsheet: error: ") for line in lines[:-1]), run.stderr
            assert lines[-1].startswith("tearsheet: "), run.stderr
        else:
            assert len(lines) == 1 and lines[0].startswith("tearsheet: error: "), run.stderr
    if name in READABLE:
        assert run.returncode == 0, f"{name} should read: {run.stderr}"


@pytest.fixture(scope="session")
def added(corpus: Path) -> Run:
    return run_measured([sys.executable, "-m", "tearsheet", "add", str(corpus / "bad"), str(corpus / "good"),
                         "--archive", str(corpus / "archive.db"), "--jobs", "2", "--timeout", "10"],
                        wall_limit=ADD_WALL_SECONDS)


def test_add_archives_the_good_files_next_to_the_hostile_ones(corpus: Path, added: Run) -> None:
    assert not added.killed and added.returncode == 0, added.stderr
    assert "Traceback" not in added.stderr + added.stdout
    with sqlite3.connect(corpus / "archive.db") as db:  # a read-only look: the CLI lists no sources
        rows = db.execute("SELECT source, status FROM captures").fetchall()
    status = {Path(source).name: state for source, state in rows}
    assert all(status.get(name) == "ok" for name in good_files()), status
    assert status["content-stream-bomb.pdf"] == "failed" and status["truncated.pdf"] == "failed"
    # The run's table counts every input: each hostile file (and each WARC record) once.
    total = next(line for line in (added.stdout + added.stderr).splitlines() if "total" in line)
    assert int(total.split("│")[2]) >= len(BAD) + len(good_files())


def test_add_names_each_file_it_could_not_add(added: Run) -> None:
    output = added.stdout + added.stderr
    for name in ("empty.html", "binary.md", "gzip-not-pdf.pdf", "content-stream-bomb.pdf", "truncated.pdf"):
        assert name in output, name
