"""The text-dump reader on real dumps from ../shared/captures (copied to tests/fixtures/text)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from bench.metric import score_page

from tearsheet import extract
from tearsheet.errors import NotAnArticleError
from tearsheet.models import Article, Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.text import reader as text_reader

FIXTURES = Path(__file__).parent / "fixtures" / "text"
URL = re.compile(r"https?://\S+")


def read_dump(name: str) -> Article:
    return extract((FIXTURES / name / "print.txt").read_bytes(), kind="text")


def truth(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((FIXTURES / name / "truth.json").read_text(encoding="utf-8"))


def f1(name: str, article: Article) -> float:
    score = score_page(truth(name)["body"], article.text)
    assert score.precision is not None and score.recall is not None
    return 2 * score.precision * score.recall / (score.precision + score.recall)


def dump(text: str) -> Article:
    data = text.encode("utf-8")
    return text_reader.read(Capture(id="t", kind=CaptureKind.TEXT, data=data), DEFAULT_OPTIONS)


@pytest.mark.parametrize("name", ["04a671", "2c4680", "57e2e9", "a860fb", "ba4dfe", "098bb3"])
def test_body_matches_truth_and_no_url_lines_in_paragraphs(name: str) -> None:
    article = read_dump(name)
    assert article.kind is CaptureKind.TEXT
    assert f1(name, article) >= 0.98
    body = truth(name)["body"]
    for block in article.blocks:
        assert all(url in body for url in URL.findall(block.text))


def test_damaged_dump_has_no_header_and_ends_truncated() -> None:
    article = read_dump("04a671")
    assert article.title is None and article.authors == () and article.published is None
    assert article.truncated and article.blocks[-1].truncated
    assert not any(block.truncated for block in article.blocks[:-1])
    assert article.blocks[-1].text.endswith("under the guise of")


def test_paragraph_split_by_the_url_block_is_rejoined() -> None:
    article = read_dump("04a671")
    joined = [b for b in article.blocks if "was wrong. A similarly fresh Reuters poll" in b.text]
    assert len(joined) == 1
    assert joined[0].page == 1
    assert any(b.page == 2 for b in article.blocks)


def test_unplaced_links_keep_page_order_and_collapse_wrapped_repeats() -> None:
    article = read_dump("04a671")
    urls = [link.href for link in article.unplaced_links]
    assert all(link.start is None and link.text == "" and link.page == 1 for link in article.unplaced_links)
    assert urls[0].startswith("https://www.cbsnews.com/news/trump-rally-lexington")
    nbc = [u for u in urls if u and "nbcnews.com" in u]
    assert len(nbc) == 1  # listed twice in a row (a wrapped link): one link
    assert len(urls) == 11


def test_undamaged_dump_reads_title_byline_and_date() -> None:
    article = read_dump("2c4680")
    assert article.title == 'Video shows dramatic rescue of 8-year-old kidnapping victim: "We got her!"'
    assert article.authors == ()
    assert article.published == datetime(2019, 11, 19)
    assert not article.truncated
    assert [link.href for link in article.unplaced_links][-1] == "https://cbsloc.al/32Gk132"
    with_author = read_dump("098bb3")
    assert [a.name for a in with_author.authors] == ["Meg James"]
    assert with_author.published == datetime(2019, 11, 19)


def test_page_break_without_urls_and_page_numbers() -> None:
    article = read_dump("ba4dfe")
    assert len(article.blocks) == len(truth("ba4dfe")["body"].split("\n\n"))
    assert article.blocks[0].page == 1 and article.blocks[-1].page == 2
    pages = [b.page for b in article.blocks]
    assert pages == sorted(pages)


def test_url_spelled_out_in_the_text_is_placed_on_it() -> None:
    article = read_dump("57e2e9")
    (link,) = article.links
    block = next(b for b in article.blocks if link in b.links)
    assert link.href == "https://www.my6sense.com/"
    assert link.start is not None and block.text[link.start:link.end] == "www.my6sense.com"
    assert link.page == 2
    assert article.unplaced_links == ()


def test_cut_ending_that_is_a_complete_sentence_is_not_truncated() -> None:
    article = read_dump("a860fb")
    assert article.truncated  # "…surprises and bonuses, so" is cut mid-sentence
    text = "Body sentence one is here and it is long enough to be an article body text.\n" * 3
    complete = dump(" " + text.strip() + "\n ")
    assert not complete.truncated


def test_rights_notice_without_a_final_stop_is_a_complete_ending() -> None:
    # The dump ends without a page-end blank line, on "ⓒ … 무단전재 및 재배포금지" (no stop).
    article = read_dump("9da36a")
    assert not article.truncated
    assert article.text.endswith("무단전재 및 재배포금지")
    text = "Body sentence one is here and it is long enough to be an article body text.\n" * 3
    for notice in ("© 2019 Example News. All rights reserved", "Copyright 2019 Example News Group"):
        assert not dump(" " + text.strip() + "\n\n" + notice + "\n ").truncated
    # A cut sentence that merely mentions copyright is still cut.
    assert dump(" " + text.strip() + "\n\nThe suit alleges copyright infringement by the\n ").truncated


PAGE_1 = """A Headline About the Real Winner
of the Debate

By Jane Doe and John Roe

Published 19 November 2019

The debate on Tuesday was long and loud, and both candidates claimed victory before the
night was over. Voters in the hall seemed unconvinced by either of them, and the polls
that came out later showed the same split that existed before the debate began anyway.

Related article: The Real Winner of the Debate Was Nobody at All

Myles Garrett was suspended for the rest of the season. The suspension, the longest in
years, drew criticism from players and coaches around the league who called it too short.

Markets

The stock market rose on the news, and analysts at Goldman
Sachs Group said the rally would continue through the
"""
PAGE_2 = """end of the year, barring surprises.

State attorney general investigates WeWork layoffs. The company said it would cooperate.
"""


def synthetic_dump() -> str:
    urls = ["https://news.example.com/2019/11/19/the-real-winner-of-the-debate-was-nobody-1234567",
            "https://sports.example.com/players/2139869/myles-garrett",
            "https://news.example.com/markets-rally-on-debate-news",
            "https://finance.example.com/company/goldman-sachs-group",
            "https://finance.example.com/company/goldman-sachs-group"]  # wraps: one annotation per line
    page_2_urls = ["https://biz.example.com/state-attorney-general-investigates-wework-layoffs-2019-11"]
    return (PAGE_1 + "\n" + "\n".join(urls) + "\n\n\n" + PAGE_2 + "\n" + "\n".join(page_2_urls) + "\n")


def test_placement_on_strong_evidence_only() -> None:
    article = dump(synthetic_dump())
    assert article.title == "A Headline About the Real Winner of the Debate"
    assert [a.name for a in article.authors] == ["Jane Doe", "John Roe"]
    assert article.related[0].title == "The Real Winner of the Debate Was Nobody at All"
    assert article.related[0].href is not None and "real-winner" in article.related[0].href
    assert not any("Related article" in b.text for b in article.blocks)
    # A name, a lead sentence or a wrapped name that reads like a slug is not evidence of the
    # anchor's words (half wrong on unseen sites): those URLs stay unplaced, in list order.
    assert article.links == ()
    assert [link.href for link in article.unplaced_links] == [
        "https://sports.example.com/players/2139869/myles-garrett",
        "https://news.example.com/markets-rally-on-debate-news",
        "https://finance.example.com/company/goldman-sachs-group",
        "https://biz.example.com/state-attorney-general-investigates-wework-layoffs-2019-11"]
    assert [link.page for link in article.unplaced_links] == [1, 1, 1, 2]
    rally = next(b for b in article.blocks if b.text.startswith("The stock market"))
    assert rally.text.endswith("through the end of the year, barring surprises.")
    assert rally.page == 1


def test_a_url_the_text_spells_out_is_placed() -> None:
    text = synthetic_dump().replace("Voters in the hall", "Voters at www.debate-hall.example.org")
    text = text.replace("https://news.example.com/2019/", "https://www.debate-hall.example.org/\nhttps://news.example.com/2019/")
    article = dump(text)
    assert [(link.text, link.href) for link in article.links] == [
        ("www.debate-hall.example.org", "https://www.debate-hall.example.org/")]
    for block in article.blocks:
        for link in block.links:
            assert block.text[link.start:link.end] == link.text  # type: ignore[misc]


@pytest.mark.parametrize(("spelled", "placed"), [
    ("www.debatehall.example.org", True),  # written as an address to visit
    ("debatehall.example.org", False),  # a bare host: the page's "Debatehall" may hold the link
])
def test_a_bare_host_the_page_names_again_is_not_placed(spelled: str, placed: bool) -> None:
    text = synthetic_dump().replace("Voters in the hall", f"Debatehall voters at {spelled}")
    text = text.replace("https://news.example.com/2019/", "https://www.debatehall.example.org/\nhttps://news.example.com/2019/")
    article = dump(text)
    assert bool(article.links) == placed
    assert placed or "https://www.debatehall.example.org/" in {link.href for link in article.unplaced_links}


def test_a_url_listed_twice_is_never_placed_on_one_line() -> None:
    # Listed twice in a row: one annotation per line, so the anchor wraps; "Myles Garrett" does not.
    text = synthetic_dump().replace("https://sports.example.com/players/2139869/myles-garrett\n",
                                    "https://sports.example.com/players/2139869/myles-garrett\n" * 2)
    article = dump(text)
    assert "Myles Garrett" not in {link.text for link in article.links}
    assert "https://sports.example.com/players/2139869/myles-garrett" in {
        link.href for link in article.unplaced_links}


def test_space_newline_space_quirk_is_a_paragraph_break() -> None:
    body = ("First paragraph of the story runs here and is long enough to count as text for sure. \n"
            " Second paragraph starts after the quirk and also carries enough words to be text.\n")
    article = dump(body + "\n" + body)
    assert len(article.blocks) == 4
    assert article.blocks[1].text.startswith("Second paragraph")


def test_hyphen_and_cjk_joins() -> None:
    article = dump("The 8-year-\nold girl was found safe after a long search by the police and others. " * 3
                   + "\n\n日本語の文章はここで改行\nされても空白は入らない。" * 5)
    assert "8-year-old girl" in article.blocks[0].text
    assert "改行されても" in article.blocks[1].text


@pytest.mark.parametrize("data", [
    "name,price,qty\napple,1.20,3\npear,0.80,5\nplum,2.10,1\nfig,3.00,2\n",
    "2024-01-02 10:00:01 INFO server started\n2024-01-02 10:00:02 WARN slow disk\n"
    "2024-01-02 10:00:03 ERROR failed to bind\n",
    "buy milk\n",
    '{"title": "not an article", "body": [1, 2, 3]}',
])
def test_text_that_is_not_an_article(data: str) -> None:
    with pytest.raises(NotAnArticleError):
        extract(data.encode(), kind="text")
    with pytest.raises(NotAnArticleError):
        extract(data.encode(), kind="markdown")


def test_form_feed_pages_and_words_hyphenated_by_the_line_break() -> None:
    text = ("The committee published its infor-\nmation on Tuesday after a long delay, and the information "
            "was clear to all readers here.\n\nAn 8-year-\nold girl was found. The 8-year-old is well and "
            "her family thanked the many volunteers.\f\nThe next page goes on with more words about it.\n")
    article = dump(text)
    assert article.blocks[0].text.startswith("The committee published its information on Tuesday")
    assert article.blocks[1].text.startswith("An 8-year-old girl")
    assert [b.page for b in article.blocks] == [1, 1, 2]


def test_running_header_footer_and_page_numbers_are_dropped() -> None:
    body = ("The council met on {} to debate the budget for the coming year, and the meeting ran\n"
            "late into the night as members argued over cuts to the parks and libraries on {}.\n")
    days = ("Monday", "Tuesday", "Friday")
    pages = [f"11/19/19, 10:3{n} PM Council passes budget\n\n{body.format(days[n - 1], days[n - 1])}\n"
             f"https://news.example.com/council {n}/3\n" for n in (1, 2, 3)]
    article = dump("\n\n\n".join(pages))
    assert [b.text for b in article.blocks] == [" ".join(body.format(day, day).split()) for day in days]
    assert [b.page for b in article.blocks] == [1, 2, 3]
    short = dump(f"{body}\n2\n\n\n\n{body}")
    assert all(b.text != "2" for b in short.blocks)


def test_a_url_listed_three_times_in_a_row_is_two_links() -> None:
    # A wrapped link is listed twice; a third listing in a row is another link to that URL.
    url = "https://sports.example.com/players/2139869/myles-garrett"
    article = dump(synthetic_dump().replace(url + "\n", (url + "\n") * 3))
    assert [link.href for link in article.unplaced_links].count(url) == 2
