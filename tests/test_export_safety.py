"""Exports of untrusted captured text: CSV cells no spreadsheet runs as formulas, YAML front
matter that parses back whatever a title holds, Unicode file names, valid Obsidian tags."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tearsheet.archive import Archive
from tearsheet.cli import main
from tearsheet.models import Article
from test_archive_support import grouping, make_article, result_for

# YAML's printable characters (spec 5.1) minus the line breaks YAML 1.1 reads in quotes.
YAML_PRINTABLE = re.compile("[\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]*")
FRONT_MATTER_LINE = re.compile(r'(?:[a-z]+: (?:"(?:[^"\\]|\\.)*"|-?\d+|\[\])|[a-z]+:|  - "(?:[^"\\]|\\.)*")')
WINDOWS_ILLEGAL = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
MAX_NAME_BYTES = 255  # ext4, APFS, NTFS (in UTF-16 units: fewer than these bytes)


def store(path: Path, *articles: Article) -> Path:
    with Archive(path, grouping=grouping()) as archive:
        for article in articles:
            archive.store(result_for(article, archive._grouping))
    return path


def article(i: int, **changes: Any) -> Article:
    return dataclasses.replace(make_article(i), **changes)


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    return store(tmp_path / "a.db",
                 article(0, title="=HYPERLINK(\"https://evil.example\",\"click\")",
                         section="+cmd|' /C calc'!A0"),
                 article(1, title="-2+3", subtitle="@SUM(A1:A9)", tags=("\tindented", "ok")),
                 article(2, title="\rcarriage", subtitle="A plain subtitle - with a dash inside"))


def test_csv_cells_a_spreadsheet_would_run_are_quoted(formulas: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    with Archive(formulas, readonly=True) as archive:
        assert archive.export("csv", out) == 3
    with out.open(encoding="utf-8", newline="") as f:
        rows = {row["title"]: row for row in csv.DictReader(f)}
    assert set(rows) == {"'=HYPERLINK(\"https://evil.example\",\"click\")", "'-2+3", "'\rcarriage"}
    assert rows["'=HYPERLINK(\"https://evil.example\",\"click\")"]["section"] == "'+cmd|' /C calc'!A0"
    assert rows["'-2+3"]["subtitle"] == "'@SUM(A1:A9)"
    assert rows["'-2+3"]["tags"] == "'\tindented; ok"
    # Only a cell's first character counts.
    assert rows["'\rcarriage"]["subtitle"] == "A plain subtitle - with a dash inside"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


HOSTILE_TITLE = ("Bell\x07 and DEL\x7f, NEL\x85, LS\u2028 PS\u2029 ESC\x1b[31m: "
                 "\"quoted\" 'single' # not a comment")


def front_matter(file: Path) -> tuple[str, dict[str, Any]]:
    """The header's text and its values, parsed by a YAML parser if there is one; without
    one, every line must be a key with a JSON-quoted (YAML double-quoted) value or a list item."""
    text = file.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    header = text.split("---\n", 2)[1]
    try:
        import yaml
    except ImportError:
        return header, _strict_parse(header)
    return header, yaml.safe_load(header)


def _strict_parse(header: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    key = ""
    for line in header.splitlines():
        assert FRONT_MATTER_LINE.fullmatch(line), line
        if line.startswith("  - "):
            values[key].append(json.loads(line[4:]))
        else:
            key, _, value = line.partition(":")
            values[key] = json.loads(value) if value.strip() else []
    return values


def test_control_characters_in_a_title_keep_the_front_matter_valid(tmp_path: Path) -> None:
    archive = store(tmp_path / "a.db", article(0, title=HOSTILE_TITLE, authors=(), tags=("x\x7fy",)))
    out = tmp_path / "vault"
    assert main(["export", "--format", "markdown", "-o", str(out), "--archive", str(archive)]) == 0
    (file,) = out.glob("*.md")
    header, meta = front_matter(file)
    assert YAML_PRINTABLE.fullmatch(header), "a character YAML does not allow, written raw"
    assert meta["title"] == HOSTILE_TITLE
    assert meta["tags"] == ["xy"]


@pytest.mark.parametrize(("title", "words"), [
    ("Москва: «Новый мост» открыт", "москва-новый-мост-открыт"),
    ("東京の天気は晴れ", "東京の天気は晴れ"),
    ("नमस्ते दुनिया", "नमस्ते-दुनिया"),  # vowel signs are marks: they stay with their letters
])
def test_markdown_file_names_keep_unicode_titles(title: str, words: str, tmp_path: Path) -> None:
    archive = store(tmp_path / "a.db", article(0, title=title))
    with Archive(archive, readonly=True) as opened:
        opened.export("markdown", tmp_path / "vault")
    (file,) = (tmp_path / "vault").glob("*.md")
    assert file.name == f"2024-01-01-{unicodedata.normalize('NFC', words)}.md"


def test_markdown_file_names_lose_separators_and_stay_short(tmp_path: Path) -> None:
    titles = ['a/b\\c: d*e?f"g<h>i|j\x01k', "CON", "日本語の見出し" * 40, "..."]
    archive = store(tmp_path / "a.db", *(article(i, title=t, published=None) for i, t in enumerate(titles)))
    with Archive(archive, readonly=True) as opened:
        opened.export("markdown", tmp_path / "vault")
        ids = {item.id for item in opened.list().items}
    names = sorted(f.name for f in (tmp_path / "vault").iterdir())
    assert len(names) == 4
    assert "a-b-c-d-e-f-g-h-i-j-k.md" in names
    assert "con-.md" in names  # CON.md is a device on Windows
    assert any(name.startswith("日本語の見出し日本語の見出し") for name in names)
    assert any(name.removesuffix(".md") in ids for name in names)  # no letters at all: the id
    for name in names:
        assert not WINDOWS_ILLEGAL & set(name) and len(name.encode("utf-8")) <= MAX_NAME_BYTES
        assert not name.removesuffix(".md").endswith((".", " "))


OBSIDIAN_TAG = re.compile(r"[\w\-/]+")


def test_markdown_tags_are_obsidian_tags(tmp_path: Path) -> None:
    tags = ("Climate change", "2024", "News/World", "#hashed!", "Пресса", "  ", "a//b/", "Climate change")
    archive = store(tmp_path / "a.db", article(0, tags=tags))
    with Archive(archive, readonly=True) as opened:
        opened.export("markdown", tmp_path / "vault")
    (file,) = (tmp_path / "vault").glob("*.md")
    meta = front_matter(file)[1]
    assert meta["tags"] == ["Climate-change", "_2024", "News/World", "hashed", "Пресса", "a/b"]
    for tag in meta["tags"]:
        assert OBSIDIAN_TAG.fullmatch(tag) and not tag.isdigit() and " " not in tag

