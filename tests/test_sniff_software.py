"""Sniffing says no to text about or for software: source code, configuration, a README,
a changelog, a log — each a NotAnArticleError, one line from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tearsheet import extract
from tearsheet.captures.software import software_reason
from tearsheet.cli import main
from tearsheet.errors import NotAnArticleError

ROOT = Path(__file__).resolve().parents[1]
LOG = "\n".join([
    "2026-12-07 10:00:01 INFO start", "2026-12-07 10:00:02 INFO loading config from /etc/x",
    "2026-12-07 10:00:03 WARNING the disk is slow and the queue is long",
    "Traceback (most recent call last):", '  File "x.py", line 3, in <module>',
    "ValueError: bad value for the thing we wanted", "2026-12-07 10:00:04 ERROR failed",
]) + "\n"


@pytest.mark.parametrize("path", ["README.md", "CHANGELOG.md", "pyproject.toml", "src/tearsheet/api.py",
                                  "src/tearsheet/readers/markdown/reader.py", "bench/tool_clips.mjs"])
def test_the_projects_own_files_are_not_articles(path: str) -> None:
    with pytest.raises(NotAnArticleError):
        extract(ROOT / path)


def test_a_log_is_not_an_article() -> None:
    with pytest.raises(NotAnArticleError, match="log"):
        extract(LOG)


def test_the_cli_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "tool.py"
    script.write_bytes((ROOT / "src" / "tearsheet" / "api.py").read_bytes())
    assert main(["extract", str(script)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("tearsheet: error:") and err.count("\n") == 1 and "source code" in err


def test_clips_and_dumps_of_articles_are_not_software() -> None:
    fixtures = ROOT / "tests" / "fixtures" / "text"
    for path in sorted(fixtures.glob("*/*")):
        if path.suffix in (".md", ".txt"):
            assert software_reason(path.read_text(encoding="utf-8")) is None, path


def test_an_article_about_software_with_one_code_sample_stays_an_article() -> None:
    story = ("# The library everyone uses\n\nBy Jane Doe\n\n"
             + "The maintainers said on Tuesday that the new release fixes a long-standing bug. " * 4
             + "\n\n## Features\n\nIt reads more formats than before, they said.\n\n"
             + "```\npip install thing\n```\n\n"
             + "Users welcomed the change, and several companies said they would upgrade soon. " * 3 + "\n")
    assert software_reason(story) is None
    assert extract(story).title == "The library everyone uses"
