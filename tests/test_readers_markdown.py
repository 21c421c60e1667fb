"""The Markdown clip reader on real clips (tests/fixtures/text) and on tearsheet's own Markdown."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from bench.metric import score_page

from tearsheet import extract
from tearsheet.models import Article, Author, Block, BlockKind, Capture, CaptureKind, Image, Link, Related
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.markdown import reader as markdown_reader
from tearsheet.readers.markdown.inline import parse_inline
from tearsheet.render import to_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "text"
NAMES = ["04a671", "2c4680", "57e2e9", "a860fb", "ba4dfe", "098bb3"]
STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'"})


def clip(text: str) -> Article:
    capture = Capture(id="c", kind=CaptureKind.MARKDOWN, data=text.encode())
    return markdown_reader.read(capture, DEFAULT_OPTIONS)


def truth(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((FIXTURES / name / "truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_clip_metadata_and_body_match_truth(name: str) -> None:
    article = extract((FIXTURES / name / "clip.md").read_bytes())
    expected = truth(name)
    assert article.kind is CaptureKind.MARKDOWN
    assert article.title == expected["title"].translate(STRAIGHT)
    assert [a.name for a in article.authors] == expected["authors"]
    assert all(a.url is None for a in article.authors)  # "(#)": no real profile URL
    assert article.published == datetime.fromisoformat(expected["published"])
    assert article.url == expected["url"]
    score = score_page(expected["body"], article.text)
    assert score.precision is not None and score.recall is not None
    assert 2 * score.precision * score.recall / (score.precision + score.recall) >= 0.98


def test_placeholder_links_have_no_href_and_right_offsets() -> None:
    article = extract((FIXTURES / "04a671" / "clip.md").read_bytes())
    assert len(article.links) == len(truth("04a671")["links"])
    for block in article.blocks:
        for link in block.links:
            assert link.href is None
            assert link.start is not None and block.text[link.start:link.end] == link.text
    assert "](#)" not in article.text


def test_photo_credit_line_becomes_the_image_not_body() -> None:
    article = extract((FIXTURES / "04a671" / "clip.md").read_bytes())
    assert article.image == Image(caption="Trump asked voters in Louisiana for a big win. He didn't get it.",
                                  credit="Doug Mills/The New York Times")
    assert "Credit" not in article.text
    plague = extract((FIXTURES / "ba4dfe" / "clip.md").read_bytes())
    assert plague.image == Image(credit="GETTY")


def test_dek_followed_by_three_blank_lines_is_the_subtitle() -> None:
    article = extract((FIXTURES / "098bb3" / "clip.md").read_bytes())
    assert article.subtitle is not None and article.subtitle.startswith("Kevin Mayer, the Disney executive")
    assert not article.text.startswith("Kevin Mayer, the Disney executive")


def test_inline_markdown_is_stripped_with_offsets_kept() -> None:
    inline = parse_inline(r"**Bold** start, *em* and [a **link**](https://x.org/a_b_c) then \*stars\* "
                          r"and 5 * 3.")
    assert inline.text == "Bold start, em and a link then *stars* and 5 * 3."
    (link,) = inline.links
    assert link.href == "https://x.org/a_b_c" and inline.text[link.start:link.end] == "a link"  # type: ignore[misc]
    assert parse_inline("[x](javascript:void(0)) [y]() [z](<https://e.org/a b>)").links == (
        Link(text="x", href=None, start=0), Link(text="y", href=None, start=2),
        Link(text="z", href="https://e.org/a b", start=4))
    assert parse_inline("snake_case_name and a_b").text == "snake_case_name and a_b"


def test_related_lines_disclaimer_headings_and_lists() -> None:
    text = """# A Title

By [Ann Lee](https://example.com/staff/ann-lee) and [Bo Kim](#)

July 12, 2024

First paragraph of the body with enough words in it to be an article worth reading here.

## A section

- one item
- two [item](https://example.com/two)

> A quoted line.

**Related article:** [The Real Winner](#)

*This article was produced with help from a grant; the funder had no say over its content.*

Last paragraph of the body, again with enough words to make the article long enough.

Original url:

<https://example.com/story>"""
    article = clip(text)
    assert article.authors == (Author(name="Ann Lee", url="https://example.com/staff/ann-lee"),
                               Author(name="Bo Kim"))
    assert article.published == datetime(2024, 7, 12)
    assert [b.kind for b in article.blocks] == [BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST,
                                                 BlockKind.QUOTE, BlockKind.PARAGRAPH]
    assert article.blocks[2].items == ("one item", "two item")
    assert article.blocks[2].links[0].start == len("one item\ntwo ")
    assert article.related == (Related(title="The Real Winner"),)
    assert article.notes[0].startswith("This article was produced")
    assert article.url == "https://example.com/story"


def roundtrip_view(article: Article) -> Article:
    """What Markdown can carry: placeholder links are written as plain words."""
    blocks = tuple(replace(b, links=tuple(ln for ln in b.links if ln.href)) for b in article.blocks)
    authors = tuple(replace(a, url=a.url) for a in article.authors)
    return replace(article, blocks=blocks, authors=authors, capture_id=None, image=None)


@pytest.mark.parametrize("name", ["04a671", "2c4680", "a860fb", "ba4dfe"])  # clips without a dek
def test_reading_tearsheets_own_markdown_gives_the_same_article(name: str) -> None:
    first = extract((FIXTURES / name / "clip.md").read_bytes())
    second = clip(to_markdown(first))
    assert roundtrip_view(second) == roundtrip_view(first)


def test_round_trip_of_a_built_article() -> None:
    article = Article(
        title="Title: with [brackets] and 5 * 3?", authors=(Author(name="Ann Lee", url="https://e.org/ann"),),
        published=datetime(2020, 2, 29), url="https://e.org/story",
        blocks=(
            Block(kind=BlockKind.PARAGRAPH, text="See the report for details on the budget.",
                  links=(Link(text="the report", href="https://e.org/r?a=1&b=2", start=4),)),
            Block(kind=BlockKind.HEADING, text="Background", level=2),
            Block(kind=BlockKind.LIST, text="first\nsecond", ordered=True),
            Block(kind=BlockKind.QUOTE, text="A quote that is long enough to be a quote."),
            Block(kind=BlockKind.IMAGE, text="A photo", src="https://e.org/p.jpg"),
            Block(kind=BlockKind.CODE, text="x = 1\n\ny = 2"),
            Block(kind=BlockKind.PARAGRAPH, text="And the story goes on and is then cut off in the midd",
                  truncated=True),
        ),
        related=(Related(title="Another story", href="https://e.org/other"), Related(title="No link")),
        notes=("Corrected on March 1.",), truncated=True,
    )
    again = clip(to_markdown(article))
    assert replace(again, kind=None, capture_id=None) == article


def test_round_trip_keeps_the_subtitle() -> None:
    first = extract((FIXTURES / "098bb3" / "clip.md").read_bytes())
    assert roundtrip_view(clip(to_markdown(first))) == roundtrip_view(first)


def test_round_trip_keeps_the_lead_photo_caption_and_credit() -> None:
    article = Article(title="A title that is long enough", published=datetime(2021, 5, 4),
                      subtitle="A dek that sums the story up in one sentence.",
                      image=Image(caption="Rescuers at the river on Monday.", credit="Jane Roe/Agency"),
                      blocks=tuple(
                          Block(kind=BlockKind.PARAGRAPH,
                                text=f"Paragraph {n} of the body tells the story of the river rescue.")
                          for n in range(1, 6)))
    again = clip(to_markdown(article))
    assert again.image == article.image
    assert again.subtitle == article.subtitle
    assert again.text == article.text


def test_plain_text_clip_without_markdown() -> None:
    text = ("Storm Hits the Coast\n\nBy Jane Doe\n\nMarch 3, 2021\n\n"
            + "The storm arrived overnight and left thousands of homes without power in the region.\n\n" * 3)
    article = extract(text.encode())
    assert article.kind is CaptureKind.MARKDOWN
    assert article.title == "Storm Hits the Coast"
    assert article.published is not None and article.published.date() == date(2021, 3, 3)
    assert len(article.blocks) == 3


def test_front_matter_clip_and_setext_headings() -> None:
    text = """---
title: "The Real Winner of the Debate"
source: "https://example.com/2024/07/12/real-winner"
author:
  - "[[Jane Doe]]"
  - "[[John Roe]]"
published: 2024-07-12
description: "Nobody won, say voters."
tags:
  - "clippings"
---
The debate on Tuesday was long and loud, and both candidates claimed victory before the night was over.

Section
-------

Voters in the hall seemed unconvinced by either of them, and the polls showed the same split.
"""
    article = extract(text.encode())
    assert article.kind is CaptureKind.MARKDOWN
    assert article.title == "The Real Winner of the Debate"
    assert article.url == "https://example.com/2024/07/12/real-winner"
    assert [a.name for a in article.authors] == ["Jane Doe", "John Roe"]
    assert article.published == datetime(2024, 7, 12)
    assert article.subtitle == "Nobody won, say voters."
    assert [(b.kind, b.level) for b in article.blocks] == [
        (BlockKind.PARAGRAPH, 0), (BlockKind.HEADING, 2), (BlockKind.PARAGRAPH, 0)]


def test_a_consent_dialogs_label_is_neither_caption_nor_body() -> None:
    import tearsheet

    clip = (b"\n\n# Bike & Style book review\n\nBy [Tony Carter](#)\n\nJune 21, 2014\n\nAlways Enabled\n\n"
            b"Tested by: John Milbank. The book comes with a soundtrack on vinyl and a download code.\n\n"
            b"As I write this review, listening to the record, the pictures of old racing bikes make "
            b"the case for a slower, more beautiful way of riding through the city.\n\n"
            b"Original url:\n\n<https://example.com/bike-style>")
    article = tearsheet.extract(clip)
    assert article.image is None
    assert [b.text for b in article.blocks][0].startswith("Tested by")
    labelled = clip.replace(b"Always Enabled", b"Vinyl and book")
    assert tearsheet.extract(labelled).image is not None  # a real short label still is a caption
