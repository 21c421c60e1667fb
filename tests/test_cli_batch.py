"""`tearsheet extract` over a folder: one output per file; bad files reported at the end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tearsheet.cli import main


def test_folder_with_a_bad_file_still_extracts_the_rest(
    tmp_path: Path, examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages-with-a-rather-long-folder-name-so-error-lines-run-past-eighty-columns"
    pages.mkdir()
    shutil.copy(examples / "bike-style-book" / "page.html", pages / "bike.html")
    shutil.copy(examples / "hitler-birth-house" / "page.html", pages / "hitler.html")
    (pages / "empty.html").write_bytes(b"")
    (pages / "binary.html").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"

    code = main(["extract", str(pages), "--format", "json", "-o", str(out)])

    err = capsys.readouterr().err
    assert code == 1
    written = sorted(p.name for p in out.iterdir())
    # The full file name is kept: print.pdf and print.txt of one article must not collide.
    assert written == [f"{pages.name}--bike.html.json", f"{pages.name}--hitler.html.json"]
    for path in out.iterdir():
        assert json.loads(path.read_text())["text"]
    lines = err.strip().splitlines()
    # One line per failure, however long the path and message (no console wrapping).
    assert all(line.startswith("tearsheet: ") for line in lines), lines
    assert any("empty.html" in line and "empty" in line for line in lines)
    assert any("binary.html" in line for line in lines)
    assert lines[-1].startswith("tearsheet: 2 of 4 inputs failed")
