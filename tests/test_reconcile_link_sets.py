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
    assert score.right >= 50


def _score(name: str) -> tuple[int, int]:
    score = link_score(_truth(name), reconcile(list(_pair(name))))
    return score.right, score.wrong


def test_a_text_dump_records_where_a_page_break_split_a_paragraph() -> None:
    _, dump = _pair("wcxb-0219")
    block = next(b for b in dump.blocks if "4.4%" in b.text)
    assert block.page == 1 and len(block.page_breaks) == 1
    assert block.text[block.page_breaks[0]:].startswith("as it impacts the costs")
    assert block.text.index("4.4%") > block.page_breaks[0]


def test_links_after_a_page_break_inside_a_paragraph_take_the_next_pages_urls() -> None:
    right, wrong = _score("wcxb-0219")
    assert wrong == 0 and right >= 11


def test_a_related_line_and_a_url_listed_twice_never_shift_a_pages_urls() -> None:
    clip, dump = _pair("wcxb-4668")
    assert [r.page for r in dump.related] == [1, 4]
    article = reconcile([clip, dump])
    assert link_score(_truth("wcxb-4668"), article).wrong == 0
    assert "https://elizabethmccravy.com/make-money-from-your-podcast/" in {
        ln.href for ln in article.unplaced_links}


def test_the_dumps_lines_tell_a_wrapped_link_from_two_links_to_one_url() -> None:
    # Page 1 lists two URLs twice in a row: a heading and a one-line link to one story (two
    # links), then a link whose words cross a line (one). No count alone tells that; the
    # dump's line breaks do (Block.line_breaks).
    _, dump = _pair("wcxb-0428")
    assert [ln.listed for ln in dump.unplaced_links if ln.page == 1] == [2, 1, 1, 2]
    right, wrong = _score("wcxb-0428")
    assert wrong == 0 and right >= 10


def test_a_stretch_holding_a_doubled_url_takes_no_urls_by_order() -> None:
    assert _score("wcxb-4589")[1] == 0


def test_a_url_listed_three_times_in_a_row_is_read_off_the_lines() -> None:
    article = reconcile(list(_pair("wcxb-0191")))
    assert link_score(_truth("wcxb-0191"), article).wrong == 0
    hrefs = {ln.text: ln.href for ln in article.links}
    report = "https://www.cdc.gov/healthyyouth/data/yrbs/pdf/YRBS_Data-Summary-Trends_Report2023_508.pdf"
    assert hrefs["reporting"] == hrefs["trends"] == report


def test_a_byline_naming_a_desk_is_the_byline_and_leaves_the_body() -> None:
    # "By Podium Staff" names no person, yet it is the byline: the dump's title and date
    # under it are read, and the clip's linked "[Podium Staff](#)" is no body link that
    # the print's first page has no URL for.
    clip, dump = _pair("wcxb-0219")
    for article in (clip, dump):
        assert article.title == "7 Plumbing Industry Trends You Need To Know in 2025"
        assert article.authors == () and article.published is not None
        assert not article.blocks[0].text.startswith("By ")
