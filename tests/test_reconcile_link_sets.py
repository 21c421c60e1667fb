"""Real capture sets of the link-placement development set (fixtures/link_sets/README.md):
each pins a cause of a link missed or put on the wrong anchor, found on sites never tuned on."""

from __future__ import annotations

import json
from pathlib import Path

from bench.captures_common import link_score

from tearsheet import extract, reconcile
from tearsheet.models import Article, BlockKind

SETS = Path(__file__).parent / "fixtures" / "link_sets"


def _truth(name: str) -> tuple[tuple[str, str], ...]:
    data = json.loads((SETS / name / "truth.json").read_text(encoding="utf-8"))
    return tuple((link["text"], link["href"]) for link in data["links"])


def _pair(name: str) -> tuple[Article, Article]:
    return extract(SETS / name / "clip.md"), extract(SETS / name / "print.txt")


def test_a_reader_view_with_link_headings_between_its_paragraphs_is_no_whole_page() -> None:
    clip, _ = _pair("wcxb-0035")
    headings = [b for b in clip.blocks if b.kind is BlockKind.HEADING and b.links]
    assert len(headings) == 26
    assert len(clip.links) == (SETS / "wcxb-0035" / "clip.md").read_text(encoding="utf-8").count("](#)")


def test_links_on_link_headings_are_placed_from_the_dump() -> None:
    score = link_score(_truth("wcxb-0035"), reconcile(list(_pair("wcxb-0035"))))
    assert score.wrong == 0
    assert score.right >= 30
