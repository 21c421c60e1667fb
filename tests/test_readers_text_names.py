"""Text dumps: a capitalised name that holds only part of a URL's slug is evidence only once per page."""

from __future__ import annotations

from tearsheet.models import Article, Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.text import reader as text_reader

URL = "https://shop.example.com/Apple-MacBook-Pro-2019/dp/B07S58MHXF"
ONCE = """Laptop Deals This Week

By Ann Lee

Published 3 March 2021

Prices on laptops fell again this week. The MacBook Pro is down to its lowest price of the
year at one retailer, and the discount applies to every colour and size on offer there now.

Other makers cut prices too, though by less, and most of the deals end on Sunday evening.

"""
TWICE = ONCE.replace("though by less,", "though by less than on the MacBook Pro,")


def dump(text: str) -> Article:
    capture = Capture(id="t", kind=CaptureKind.TEXT, data=text.encode("utf-8"))
    return text_reader.read(capture, DEFAULT_OPTIONS)


def test_name_named_once_on_its_page_is_placed() -> None:
    article = dump(ONCE + URL + "\n")
    (link,) = article.links
    assert link.href == URL and link.text == "MacBook Pro"
    block = next(b for b in article.blocks if link in b.links)
    assert link.start is not None and block.text[link.start:link.end] == "MacBook Pro"


def test_name_the_page_keeps_using_is_its_topic_not_evidence() -> None:
    article = dump(TWICE + URL + "\n")
    assert article.links == ()
    assert [link.href for link in article.unplaced_links] == [URL]


def test_name_repeated_on_another_page_does_not_count() -> None:
    page_2 = "\n\nThe MacBook Pro also comes in a larger size, sold at the same discount for now.\n"
    article = dump(ONCE + URL + "\n\n" + page_2)
    assert [link.text for link in article.links] == ["MacBook Pro"]


def test_wrapped_name_must_hold_half_the_slug() -> None:
    # Listed twice: the anchor wraps. "MacBook Pro and MacBook Air" wraps, but holds 2 of the
    # 7 words of …/kuo-16-inch-macbook-pro-scissor-keyboard/: not evidence.
    url = "https://news.example.com/2019/07/25/kuo-16-inch-macbook-pro-scissor-keyboard/"
    text = ONCE.replace("The MacBook Pro is down to its lowest price of the\nyear",
                        "The MacBook Pro and MacBook\nAir are down to their lowest prices of the year")
    article = dump(text + url + "\n" + url + "\n")
    assert article.links == ()
    assert [link.href for link in article.unplaced_links] == [url]
