"""`tearsheet show` finds an article from any of its captures' short ids, as --explain prints them."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
from pathlib import Path

import pytest

from tearsheet.archive import Archive
from tearsheet.archive.lookup import article_id
from tearsheet.batch.step import failed
from tearsheet.cli import main
from tearsheet.errors import NotInArchiveError
from test_archive_support import grouping, make_article, make_capture, result_for

BINARY = bytes(range(256)) * 8  # stored as a capture that could not be read


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four captures of one example article (reconciled into one), and a failed capture."""
    folder = tmp_path_factory.mktemp("captures")
    examples = Path(__file__).parent.parent / "examples" / "bike-style-book"
    for capture in examples.iterdir():
        shutil.copy(capture, folder / capture.name)
    path = tmp_path_factory.mktemp("archive") / "archive.db"  # its own folder: modules share the base
    with Archive(path) as archive:
        archive.add(folder)
        archive.store(failed(make_capture(BINARY), "binary", "this is not text"))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_short_capture_id_explain_prints_shows_its_article(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    _, out, _ = run(capsys, "list", "--format", "json", "--archive", str(archive_path))
    (listed,) = [json.loads(line) for line in out.splitlines()]
    assert listed["captures"] == 4
    code, explained, _ = run(capsys, "show", listed["id"], "--explain", "--format", "text",
                             "--archive", str(archive_path))
    assert code == 0
    short_ids = set(re.findall(r"\b[0-9a-f]{12}\b", explained)) - {listed["id"]}
    short_ids |= set(re.findall(r"\b([0-9a-f]{8}) \(", explained))  # the "from" columns: 8 digits
    assert len({s[:8] for s in short_ids}) == 4  # every capture, not only the first
    for short in sorted(short_ids):
        code, out, err = run(capsys, "show", short, "--format", "json", "--archive", str(archive_path))
        assert (code, err) == (0, "")
        assert json.loads(out)["id"] == listed["id"]


def test_a_full_capture_id_and_a_four_digit_prefix_work_too(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    with Archive(archive_path, readonly=True) as archive:
        (item,) = archive.list().items
        captures = archive.captures(item.id)
    for capture in captures:
        for key in (capture.id, capture.id[:4].upper()):
            code, out, _ = run(capsys, "show", key, "--format", "json", "--archive", str(archive_path))
            assert code == 0 and json.loads(out)["id"] == item.id


def test_a_failed_capture_says_it_has_no_article(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    capture_id = hashlib.sha256(BINARY).hexdigest()
    code, out, err = run(capsys, "show", capture_id[:10], "--archive", str(archive_path))
    assert code == 1 and out == ""
    message = f"capture {capture_id[:12]} could not be read (binary): it has no article"
    assert err == f"tearsheet: error: {message}\n"


def test_an_unknown_or_too_short_id_is_not_found(
    capsys: pytest.CaptureFixture[str], archive_path: Path
) -> None:
    with Archive(archive_path, readonly=True) as archive:
        (item,) = archive.list().items
    for key in ("ffffffffffff", item.id[:3], "not-hex!"):
        code, _, err = run(capsys, "show", key, "--archive", str(archive_path))
        assert code == 1 and err.startswith(f"tearsheet: error: no article or capture {key} in ")


def test_a_prefix_two_articles_share_is_ambiguous(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db", grouping=grouping()) as archive:
        first = result_for(make_article(1), archive._grouping)
        archive.store(first)
        prefix = first.capture.id[:4]
        # Another article whose capture id starts with the same four digits (~65,000 hashes).
        data = result_for(make_article(2), archive._grouping).capture.data
        salt = next(str(n) for n in itertools.count()
                    if hashlib.sha256(data + str(n).encode()).hexdigest().startswith(prefix))
        second = result_for(make_article(2), archive._grouping, salt=salt)
        assert second.capture.id.startswith(prefix)
        archive.store(second)
        with pytest.raises(NotInArchiveError, match="ambiguous"):
            article_id(archive._conn, prefix, archive.path)
        assert article_id(archive._conn, second.capture.id[:16], archive.path) == archive.resolve(
            second.capture.id)
