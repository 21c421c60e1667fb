"""Clips as real tools write them: html2text's wrapped link targets and escapes, whole pages
converted with their menus (html2text, markdownify), clippers' front matter and templates."""

from __future__ import annotations

import json
from pathlib import Path

from tearsheet import extract

FIXTURES = Path(__file__).parent / "fixtures" / "text"
TOOL_FIXTURES = Path(__file__).parent / "fixtures" / "tools"  # a few lines of real tool output
MENU = "\n\n".join(f"  * [Section {i}](https://example.com/section-{i}/)\n  * [Topic {i}](https://example.com/t{i}/)"
                   for i in range(6))


def body_paragraphs() -> list[str]:
    truth = json.loads((FIXTURES / "04a671" / "truth.json").read_text(encoding="utf-8"))
    return [" ".join(p.split()) for p in truth["body"].split("\n\n") if p.strip()]


def test_a_link_target_wrapped_over_lines_is_one_url() -> None:
    clip = ("# A title\n\nSome text first, long enough to be a paragraph of an article body. " * 3
            + "\nUnderstanding the [types of cloud\ncomputing](https://cloud.example.com/discover/types-of-\n"
            "cloud-computing) is hard, and [one more](https://x.example.com/a/ \"Title\") here.\n")
    article = extract(clip, kind="markdown")
    hrefs = [link.href for link in article.links]
    assert hrefs == ["https://cloud.example.com/discover/types-of-cloud-computing", "https://x.example.com/a/"]
    assert article.links[0].text == "types of cloud computing"


def test_escaped_and_entity_mangled_targets_are_restored() -> None:
    clip = ("# A title\n\n" + "Body text of a paragraph that is long enough to count. " * 4
            + "[a study](https://example.com/article/S1544-3191\\(20\\)30530-6/fulltext) and "
            "[funds](https://example.com/list?style=index®ion=international) and "
            "[mayoclinic.org]([https://www.mayoclinic.org](https://www.mayoclinic.org/)).\n")
    hrefs = [link.href for link in extract(clip, kind="markdown").links]
    assert hrefs == ["https://example.com/article/S1544-3191(20)30530-6/fulltext",
                     "https://example.com/list?style=index&region=international", "https://www.mayoclinic.org/"]


def test_list_items_wrapped_over_lines_stay_one_list() -> None:
    clip = ("# A title\n\n" + "Body text of a paragraph that is long enough to count. " * 4 + "\n\n"
            "  * first item that wraps\n    onto a second line\n  * second item\n")
    article = extract(clip, kind="markdown")
    assert article.blocks[-1].items == ("first item that wraps onto a second line", "second item")


def test_a_whole_page_clip_keeps_the_article_and_drops_the_menus() -> None:
    paragraphs = body_paragraphs()
    footer = "\n".join(f"  * [Footer link {i}](https://example.com/f{i})" for i in range(10))
    clip = (f"[Skip to content](#main)\n\n{MENU}\n\n  * [Log in](https://example.com/login)\n\n"
            "# Republicans Are Following Trump to Nowhere\n\n" + "\n\n".join(paragraphs)
            + f"\n\n## More stories\n\n{MENU}\n\n{footer}\n\nCopyright 2019 Example\n")
    article = extract(clip, kind="markdown")
    assert article.title == "Republicans Are Following Trump to Nowhere"
    text = article.text
    assert "Section 3" not in text and "Footer link" not in text
    assert all(p in text for p in paragraphs[1:-1])


MARKDOWNLOAD = """---
created: 2026-12-07T23:30:00 (UTC +00:00)
tags: []
source: https://nutritionsource.hsph.harvard.edu/healthy-eating-plate/
author:
---

# Healthy Eating Plate • The Nutrition Source

> ## Excerpt
> Use the Healthy Eating Plate as a guide for creating healthy, balanced meals.

---

{body}

<table><tbody><tr><td>Vegetables</td><td>½ of your plate</td></tr>

<tr><td>Whole grains</td><td>¼ of your plate</td></tr></tbody></table>

<svg viewBox="0 0 10 10"><title>Plate</title><path d="M0 0h10"></path></svg>
"""


def test_a_markdownload_clip_loses_its_template_and_keeps_its_table() -> None:
    body = "\n\n".join(body_paragraphs()[:3])
    article = extract(MARKDOWNLOAD.format(body=body))
    assert article.kind == "markdown"
    assert article.title == "Healthy Eating Plate"
    assert article.subtitle == "Use the Healthy Eating Plate as a guide for creating healthy, balanced meals."
    assert article.published is None  # "created" is when it was clipped
    assert article.url == "https://nutritionsource.hsph.harvard.edu/healthy-eating-plate/"
    assert [b.kind.value for b in article.blocks] == ["paragraph"] * 3 + ["table"]
    assert article.blocks[-1].rows == (("Vegetables", "½ of your plate"), ("Whole grains", "¼ of your plate"))
    assert "Excerpt" not in article.text and "---" not in article.text


def test_a_site_suffix_is_taken_off_only_when_it_names_the_site() -> None:
    from tearsheet.readers.markdown.template import without_site

    url = "https://www.reuters.com/article/x"
    assert without_site("Oil prices rise again | Reuters", url) == "Oil prices rise again"
    assert without_site("Oil prices rise again - Reuters", url) == "Oil prices rise again"
    assert without_site("Stocks fall - and keep falling", url) == "Stocks fall - and keep falling"
    assert without_site("Republicans Are Following Trump to Nowhere", url) == \
        "Republicans Are Following Trump to Nowhere"


OBSIDIAN = """---
title: "Oil prices rise again | Reuters"
source: "https://www.reuters.com/article/oil-prices-idUS"
author:
  - "[[Kevin Johnson and Kevin McCoy]]"
  - "[[CNN Business]]"
published: 0001-01-01
created: 2026-12-07
description: "Oil rose."
tags:
  - "clippings"
---
{body}
"""


def test_front_matter_names_people_only_and_created_is_no_publication_date() -> None:
    body = "\n\n".join(body_paragraphs()[:3])
    article = extract(OBSIDIAN.format(body=body))
    assert article.title == "Oil prices rise again"
    assert [a.name for a in article.authors] == ["Kevin Johnson", "Kevin McCoy"]
    assert article.published is None


def test_a_date_line_at_the_top_of_a_reader_view_is_the_date() -> None:
    body = "\n\n".join(body_paragraphs()[:3])
    clip = MARKDOWNLOAD.format(body="Updated on: November 19, 2019 / 10:07 AM / CBS News\n\n" + body)
    article = extract(clip)
    assert article.published is not None and article.published.date().isoformat() == "2019-11-19"
    assert "Updated on" not in article.text


def test_a_date_in_the_url_path_is_the_last_resort() -> None:
    body = "\n\n".join(body_paragraphs()[:3])
    clip = MARKDOWNLOAD.format(body=body).replace("/healthy-eating-plate/", "/2019/11/18/plate/")
    article = extract(clip)
    assert article.published is not None and article.published.date().isoformat() == "2019-11-18"


def test_a_whole_page_is_told_from_its_navigation_not_from_a_browser_header() -> None:
    from tearsheet.models import Block, BlockKind, Link
    from tearsheet.readers.markdown.page import is_whole_page

    def nav(i: int) -> Block:
        text = f"Home {i}\nWorld {i}\nSport {i}"
        links = tuple(Link(text=w, href=f"https://example.com/{w}", start=text.find(w))
                      for w in text.split("\n"))
        return Block(kind=BlockKind.LIST, text=text, links=links)

    story = tuple(Block(kind=BlockKind.PARAGRAPH, text=p,
                        links=(Link(text=p[:12], href="https://e.com/a", start=0),))
                  for p in body_paragraphs())
    assert not is_whole_page(story)
    assert not is_whole_page((nav(0), nav(1), *story))  # a story with a related list or two
    assert is_whole_page((*(nav(i) for i in range(6)), *story, *(nav(i) for i in range(6, 10))))


def test_a_whole_page_clip_takes_its_headline_and_author_link_not_the_logo() -> None:
    # html2text of a magazine page (cut): menus, "# [Site](/)" logo heading, then the story.
    article = extract(TOOL_FIXTURES / "html2text-whole-page.md")
    assert article.title == "The Best Trails and Neighborhoods in Houston for Biking"
    assert [(a.name, a.url) for a in article.authors] == [
        ("Daniel Renfrow", "https://www.houstoniamag.com/producers/daniel-renfrow")]
    assert article.published is not None and article.published.date().isoformat() == "2024-04-12"
    assert "Believe it or not, Houston is more bikeable than you think." in article.text
    assert "Portland Monthly" not in article.text


def test_a_heading_wrapped_over_lines_is_one_heading() -> None:
    from tearsheet.readers.markdown.blocks import chunks, to_block

    wrapped = ("# The No. 1 most popular workout of 2024 — and 5 fitness trends to expect in\n2025\n\n"
               "### [Sony LinkBuds\nFit](https://www.nytimes.com/wirecutter/out/link/66134/209116/4/207811?merchant=Amazon\n"
               "\"Sony LinkBuds Fit\")\n\n## Short\nA paragraph right under it.\n")
    blocks = [to_block(chunk) for chunk in chunks(wrapped)]
    assert [(b.kind.value, b.text) for b in blocks if b] == [
        ("heading", "The No. 1 most popular workout of 2024 — and 5 fitness trends to expect in 2025"),
        ("heading", "Sony LinkBuds Fit"), ("heading", "Short"), ("paragraph", "A paragraph right under it.")]
    assert blocks[1] is not None
    assert blocks[1].links[0].href == "https://www.nytimes.com/wirecutter/out/link/66134/209116/4/207811?merchant=Amazon"


def test_only_a_name_linked_to_an_author_page_is_a_byline() -> None:
    from tearsheet.models import Block, BlockKind, Link
    from tearsheet.readers.markdown.page import _linked_authors

    def block(text: str, href: str) -> Block:
        return Block(kind=BlockKind.PARAGRAPH, text=text, links=(Link(text=text, href=href, start=0),))

    assert _linked_authors((block("More from this writer", "https://x.example/author/jane-doe/"),
                            block("Jane Doe", "https://x.example/2024/04/story"))) == ()
    found = _linked_authors((block("Jane Doe", "https://x.example/author/jane-doe/"),))
    assert [a.name for a in found] == ["Jane Doe"]


def test_a_whole_page_is_handed_over_with_its_sections_nested_by_heading() -> None:
    from tearsheet.models import Article, Block, BlockKind
    from tearsheet.readers.markdown.page import to_html

    def heading(text: str, level: int) -> Block:
        return Block(kind=BlockKind.HEADING, text=text, level=level)

    para = Block(kind=BlockKind.PARAGRAPH, text="Text.")
    blocks = (para, heading("Story", 1), para, heading("Part", 2), para, heading("More", 2), para,
              heading("Footer", 1), para)
    document = to_html(Article(title=None, blocks=blocks))
    body = document.split("<body>")[1].replace("<p>Text.</p>", "p")
    assert body == ("<div>p</div><div><div><h1>Story</h1>p</div><div><div><h2>Part</h2>p</div></div>"
                    "<div><div><h2>More</h2>p</div></div></div><div><div><h1>Footer</h1>p</div></div></body></html>")


def test_a_flat_hand_over_puts_each_heading_in_a_new_div_only() -> None:
    from tearsheet.models import Article, Block, BlockKind
    from tearsheet.readers.markdown.page import to_html

    text = Block(kind=BlockKind.PARAGRAPH, text="Text.")
    blocks = (Block(kind=BlockKind.HEADING, text="Story", level=1), text,
              Block(kind=BlockKind.HEADING, text="Part", level=2), text)
    body = to_html(Article(title=None, blocks=blocks), nested=False).split("<body>")[1]
    assert body == "<div><h1>Story</h1><p>Text.</p></div><div><h2>Part</h2><p>Text.</p></div></body></html>"


def test_a_clipper_template_keeps_its_title_when_the_clip_is_full_of_link_lists() -> None:
    # MarkDownload's template (front matter, "> ## Excerpt") around a story with link lists:
    # read as a whole page, but the template's title (site suffix off) names the article.
    article = extract(TOOL_FIXTURES / "markdownload-link-lists.md")
    assert article.title == "Where to Bike in Houston"


def test_a_whole_page_states_its_url_in_its_share_buttons() -> None:
    from tearsheet.models import Block, BlockKind, Link
    from tearsheet.readers.markdown.page import shared_url

    def links(*hrefs: str) -> Block:
        return Block(kind=BlockKind.LIST, text="\n".join("x" for _ in hrefs),
                     links=tuple(Link(text="x", href=h, start=2 * i) for i, h in enumerate(hrefs)))

    # real share links (html2text of a blog page), the site's own links around them
    page = ("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fthesocialshepherd.com%2Fblog%2Ftop-"
            "sites%2F", "https://www.linkedin.com/shareArticle?mini=true&url=https%3A%2F%2Fthesocialshepherd.com%2F"
            "blog%2Ftop-sites%2F", "https://thesocialshepherd.com/blog/", "https://thesocialshepherd.com/about/",
            "https://thesocialshepherd.com/contact/")
    assert shared_url((links(*page),)) == "https://thesocialshepherd.com/blog/top-sites/"
    short = ("https://twitter.com/intent/tweet?url=https://wp.me/p3p3nU-f6", "https://example.com/a",
             "https://example.com/b")
    assert shared_url((links(*short),)) is None  # a short link is not the page's own URL
    root = ("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.cdc.gov", "https://www.cdc.gov/x")
    assert shared_url((links(*root),)) is None


def test_a_name_written_twice_over_is_one_name() -> None:
    from tearsheet.readers.markdown.page import _once

    # html2text: "By [Sean Martin](…/journalist/…)" and "[Sean Martin](…)" on the next line;
    # a photo's alt text glued to its caption: "[![Spencer McIntyre](….jpg)Spencer McIntyre](…)"
    assert _once("Sean Martin Sean Martin") == "Sean Martin"
    assert _once("Spencer McIntyreSpencer McIntyre") == "Spencer McIntyre"
    assert _once("Mary Ann") == "Mary Ann" and _once("Lee Lee") == "Lee Lee"
