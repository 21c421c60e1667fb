"""Text dumps: a URL placed on the one run of its slug words in the dump (``text_phrase``)."""

from __future__ import annotations

import json
from pathlib import Path

from tearsheet import extract
from tearsheet.models import Article, Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.text import reader as text_reader
from tearsheet.readers.text.phrase import phrase_run, runs

FIXTURES = Path(__file__).parent / "fixtures" / "text"
HUAWEI = "https://edition.cnn.com/2019/11/18/tech/huawei-temporary-general-license-extended/index.html"
SNAG = "https://www.cnn.com/2019/11/14/economy/us-china-trade-deal-snag/index.html"


def dump(text: str) -> Article:
    capture = Capture(id="t", kind=CaptureKind.TEXT, data=text.encode("utf-8"))
    return text_reader.read(capture, DEFAULT_OPTIONS)


def placed(article: Article) -> dict[str, str]:
    """href → anchor text, checking that every anchor is where its link says."""
    found: dict[str, str] = {}
    for block in article.blocks:
        for link in block.links:
            assert link.start is not None and link.href is not None
            assert block.text[link.start:link.end] == link.text
            found[link.href] = link.text
    return found


def test_real_dump_places_the_phrase_and_leaves_the_topic_phrase() -> None:
    article = extract((FIXTURES / "d605bd" / "print.txt").read_bytes(), kind="text")
    truth = {link["href"]: link["text"] for link in
             json.loads((FIXTURES / "d605bd" / "truth.json").read_text(encoding="utf-8"))["links"]}
    links = placed(article)
    # Slug words in another order, one inflected: "extend … license" ↔ "…-license-extended".
    assert links == {HUAWEI: "extend a temporary general license"}
    assert truth[HUAWEI] == links[HUAWEI]
    # "the US-China trade deal" holds 4 of the 5 words of …/us-china-trade-deal-snag/, but the
    # story repeats them ("US-China trade talks", "US-China trade war"): the link sat on
    # "hit another snag", so the URL stays unplaced.
    assert SNAG in {link.href for link in article.unplaced_links}
    assert len(article.unplaced_links) == 7


BODY = """Pump Prices Rise Again

By Ann Lee

Published 3 March 2021

Drivers paid more at the pump this week. The energy ministry said on Monday it would
extend a temporary fuel subsidy for farmers until the end of the year, and officials
added that the new price cap would be reviewed in the spring by a panel of experts.

Refiners warned that supplies could tighten. Farmers and hauliers have long complained
about costs, and a subsidy for fuel was one of the ideas the ministry had put forward.

"""


def one_page(body: str, *urls: str) -> str:
    return body + "\n".join(urls) + "\n"


def test_phrase_placed_when_it_is_the_one_run_in_the_dump() -> None:
    url = "https://news.example.com/2021/03/01/fuel-subsidy-temporary-extended-farmers"
    links = placed(dump(one_page(BODY, url)))
    assert links == {url: "extend a temporary fuel subsidy for farmers"}


def test_slug_words_scattered_over_a_paragraph_are_not_evidence() -> None:
    # supplies, tighten, costs, ministry: all in the second paragraph, never side by side.
    url = "https://news.example.com/2021/03/01/ministry-costs-supplies-tighten"
    article = dump(one_page(BODY, url))
    assert placed(article) == {}
    assert [link.href for link in article.unplaced_links] == [url]


def test_a_phrase_that_comes_back_is_not_placed() -> None:
    url = "https://news.example.com/2021/03/01/fuel-subsidy-temporary-extended-farmers"
    again = BODY.replace("a subsidy for fuel was", "a temporary fuel subsidy for farmers was")
    assert placed(dump(one_page(again, url))) == {}


def test_a_phrase_two_listed_urls_share_is_not_placed() -> None:
    url = "https://news.example.com/2021/03/01/fuel-subsidy-temporary-extended-farmers"
    other = "https://other.example.org/farmers-fuel-subsidy-temporary"
    article = dump(one_page(BODY, url, other))
    assert placed(article) == {}
    assert [link.href for link in article.unplaced_links] == [url, other]


def test_a_url_listed_twice_apart_is_placed_once() -> None:
    url = "https://news.example.com/2021/03/01/fuel-subsidy-temporary-extended-farmers"
    other = "https://example.net/unrelated"
    article = dump(one_page(BODY, url, other, url))
    assert placed(article) == {url: "extend a temporary fuel subsidy for farmers"}
    assert [link.href for link in article.unplaced_links] == [other, url]


def test_a_phrase_that_is_a_whole_line_is_not_placed() -> None:
    url = "https://shop.example.com/temporary-fuel-subsidy-farmers-guide"
    body = BODY.replace("Refiners warned", "Temporary fuel subsidy for farmers\n\nRefiners warned")
    assert placed(dump(one_page(body, url))) == {}


def test_runs_stop_at_foreign_words_sentence_ends_and_repeats() -> None:
    slug = ["trade", "deal", "snag"]
    text = "The trade deal. Deal snag trade and trade talks"
    found = [(text[r.start:r.end], r.words) for r in runs(text, slug, 0)]
    assert found == [("trade deal", 2), ("Deal snag trade", 3), ("trade", 1)]


def test_phrase_run_needs_most_of_the_slug() -> None:
    texts = ["They spoke of a trade deal at length, then of other things entirely."]
    assert phrase_run(texts, [0], "https://x.example/trade-deal-snag-talks-stall") is None
    assert phrase_run(texts, [0], "https://x.example/a-b") is None  # too short a slug
