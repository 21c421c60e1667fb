"""Reconciling a real capture group: a Markdown clip and a damaged text dump of one article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tearsheet import extract, group, reconcile
from tearsheet.cli import main

HERE = Path(__file__).parent / "fixtures" / "reconcile"


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((HERE / "truth.json").read_text(encoding="utf-8"))


def test_clip_and_damaged_dump_make_one_group_and_one_article(truth: dict) -> None:
    clip, dump = extract(HERE / "clip.md"), extract(HERE / "print.txt")
    groups = group([clip, dump])
    assert len(groups) == 1
    article = reconcile(groups[0])
    assert article.title == truth["title"] and article.url == truth["url"]
    assert [a.name for a in article.authors] == truth["authors"]
    assert article.published is not None and article.published.date().isoformat() == truth["published"]
    paragraphs = [p for p in truth["body"].split("\n\n") if p.strip()]
    assert len(article.blocks) == len(paragraphs)  # the dump's split paragraph and cut-off line healed
    assert not article.truncated


def test_dump_urls_fill_the_clip_placeholders_on_their_anchors(truth: dict) -> None:
    article = reconcile([HERE / "clip.md", HERE / "print.txt"])
    truth_links = {(ln["text"], ln["href"]) for ln in truth["links"]}
    placed = [(ln.text, ln.href) for ln in article.links if ln.href]
    assert placed and all(pair in truth_links for pair in placed)  # never a wrong href
    assert len(placed) >= 11  # every link of page 1 (the dump lost page 2's URL list)
    assert article.provenance is not None and len(article.provenance.links) == len(article.links)


def test_cli_reconcile_prints_one_article_and_reports_bad_files(tmp_path: Path, capsys) -> None:
    for name in ("clip.md", "print.txt"):
        (tmp_path / name).write_bytes((HERE / name).read_bytes())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    code = main(["reconcile", str(tmp_path), "--explain"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.count("# Republicans Are Following Trump to Nowhere") == 1
    assert "provenance" in out and "inferred-by-order" in out
    assert "broken.pdf" in err and err.count("tearsheet: error:") == 1


def test_cli_reconcile_json(tmp_path: Path, capsys) -> None:
    code = main(["reconcile", str(HERE / "clip.md"), str(HERE / "print.txt"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and len(data) == 1
    assert data[0]["provenance"]["captures"] and "conflicts" in data[0]
