"""The web-page reader on real pages (golden cases from ../shared/captures) and on
small hand-made documents that pin one behaviour each."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import tearsheet
from tearsheet.errors import NotAnArticleError
from tearsheet.models import BlockKind

HTML = Path(__file__).parent / "fixtures" / "html"
GOLDEN = ("politifact", "detroitnews", "entermedia-ko")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _golden(name: str) -> tuple[tearsheet.Article, dict]:
    truth = json.loads((HTML / f"{name}.truth.json").read_text(encoding="utf-8"))
    article = tearsheet.extract((HTML / f"{name}.html").read_bytes(), url=truth["url"])
    return article, truth


@pytest.mark.parametrize("name", GOLDEN)
def test_body_starts_and_ends_where_the_article_does(name: str) -> None:
    article, truth = _golden(name)
    mine, theirs = _words(article.text), _words(truth["body"])
    assert mine[:12] == theirs[:12]
    assert mine[-12:] == theirs[-12:]


@pytest.mark.parametrize("name", GOLDEN[:2])
def test_body_holds_every_truth_paragraph_and_little_else(name: str) -> None:
    article, truth = _golden(name)
    mine = " ".join(_words(article.text))
    for paragraph in truth["body"].split("\n\n"):
        assert " ".join(_words(paragraph)) in mine
    assert len(_words(article.text)) <= 1.05 * len(_words(truth["body"]))


def test_korean_page_scores_high_on_the_benchmark_metric() -> None:
    from bench import metric

    article, truth = _golden("entermedia-ko")
    score = metric.score_page(truth["body"], article.text)
    assert score.precision is not None and score.precision > 0.95
    assert score.recall is not None and score.recall > 0.95


@pytest.mark.parametrize("name", GOLDEN)
def test_links_are_absolute_and_on_their_anchors(name: str) -> None:
    article, truth = _golden(name)
    mine = [(link.text, link.href) for link in article.links]
    for link in truth["links"]:
        assert (link["text"], link["href"]) in mine
    for block in article.blocks:
        for link in block.links:
            assert block.text[link.start:link.end] == link.text
            assert link.href is None or link.href.startswith(("http://", "https://", "mailto:"))


def test_no_menu_or_footer_text_in_a_real_page() -> None:
    article, _ = _golden("politifact")
    assert "Subscribe" not in article.text
    assert "Sign up" not in article.text
    assert not any(block.text == "Sources:" for block in article.blocks[:1])


def test_title_repeated_at_the_start_is_dropped() -> None:
    article, truth = _golden("politifact")
    assert truth["title"] not in article.blocks[0].text


PLAIN = """<html><head><title>Harbour plan approved</title></head><body>
<h1>Harbour plan approved</h1>
<p>By Jane Doe</p>
<p>The city council approved the harbour plan on Tuesday, after a debate that lasted
more than six hours and drew a crowd of residents, fishermen and shop owners.</p>
<h2>What changes</h2>
<p>The plan moves the ferry terminal north, adds a <a href="/parks/quay">public quay</a> and
closes the old fish market, which the council says is unsafe.</p>
<ul><li>New terminal by 2027</li><li>Quay opens next spring</li></ul>
<p>Opponents said they would <a href="#">appeal</a> the decision in court.</p>
</body></html>"""


def test_plain_document_without_classes_reads_whole() -> None:
    article = tearsheet.extract(PLAIN, url="https://news.example.org/2024/harbour")
    kinds = [block.kind for block in article.blocks]
    assert kinds == [BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST,
                     BlockKind.PARAGRAPH]
    assert article.blocks[0].text.startswith("The city council approved")
    assert article.blocks[1].level == 2
    assert article.blocks[3].items == ("New terminal by 2027", "Quay opens next spring")
    assert article.text.endswith("appeal the decision in court.")


def test_relative_links_resolve_against_url_and_base() -> None:
    article = tearsheet.extract(PLAIN, url="https://news.example.org/2024/harbour")
    quay = next(link for link in article.links if link.text == "public quay")
    assert quay.href == "https://news.example.org/parks/quay"
    based = PLAIN.replace("<head>", '<head><base href="https://cdn.example.net/site/">')
    quay = next(link for link in tearsheet.extract(based, url="https://news.example.org/a").links
                if link.text == "public quay")
    assert quay.href == "https://cdn.example.net/parks/quay"


@pytest.mark.parametrize("href", ["#", "", "javascript:void(0)", "JavaScript:openShare()", "#top"])
def test_placeholder_hrefs_become_none(href: str) -> None:
    page = PLAIN.replace('href="#"', f'href="{href}"')
    appeal = next(link for link in tearsheet.extract(page, url="https://x.example/a").links
                  if link.text == "appeal")
    assert appeal.href is None
    block = next(b for b in tearsheet.extract(page).blocks if b.links and b.links[-1].text == "appeal")
    assert block.text[block.links[-1].start:block.links[-1].end] == "appeal"


def test_anchor_without_href_is_a_link_with_no_target() -> None:
    page = PLAIN.replace('<a href="#">appeal</a>', "<a>appeal</a>")
    appeal = next(link for link in tearsheet.extract(page).links if link.text == "appeal")
    assert appeal.href is None


def test_related_box_and_editors_note_are_kept_apart() -> None:
    page = PLAIN.replace("</body>", """
<div class="related-stories"><h3>Related</h3><ul>
<li><a href="/2024/ferry-fares">Ferry fares rise for the third year running</a></li>
<li><a href="/2024/fish-market">The old fish market's last season</a></li></ul></div>
<div class="editors-note">This story was corrected to fix the date of the vote.</div>
</body>""")
    article = tearsheet.extract(page, url="https://news.example.org/2024/harbour")
    assert "Ferry fares" not in article.text and "corrected" not in article.text
    assert [r.href for r in article.related] == ["https://news.example.org/2024/ferry-fares",
                                                 "https://news.example.org/2024/fish-market"]
    assert article.notes == ("This story was corrected to fix the date of the vote.",)


def test_furniture_inside_the_article_is_skipped() -> None:
    page = PLAIN.replace("<h2>", """<div class="share-bar"><a href="/s">Share on Facebook</a>
<a href="/t">Tweet this story to your many followers right now</a></div>
<p>Advertisement</p><figure><img src="/img/harbour.jpg"><figcaption>The harbour at dawn.
Photo: City archive</figcaption></figure><h2>""")
    article = tearsheet.extract(page, url="https://news.example.org/2024/harbour")
    assert "Share on" not in article.text and "Advertisement" not in article.text
    assert "harbour at dawn" not in article.text
    image = next(block for block in article.blocks if block.kind is BlockKind.IMAGE)
    assert image.src == "https://news.example.org/img/harbour.jpg"
    assert image.text.startswith("The harbour at dawn.")


def test_quotes_tables_and_code_are_typed() -> None:
    page = PLAIN.replace("<h2>", """<blockquote><p>We waited thirty years for this.</p></blockquote>
<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2025</td><td>12m</td></tr></table>
<pre>terminal = north(2027)</pre><h2>""")
    blocks = tearsheet.extract(page).blocks
    quote = next(b for b in blocks if b.kind is BlockKind.QUOTE)
    table = next(b for b in blocks if b.kind is BlockKind.TABLE)
    code = next(b for b in blocks if b.kind is BlockKind.CODE)
    assert quote.text == "We waited thirty years for this."
    assert table.rows == (("Year", "Cost"), ("2025", "12m"))
    assert code.text == "terminal = north(2027)"


def test_page_without_an_article_is_a_typed_error() -> None:
    menu = "<html><body><nav><a href='/a'>Home</a> <a href='/b'>News</a></nav>" + "".join(
        f"<li><a href='/{i}'>Story number {i} of the day</a></li>" for i in range(30)) + "</body></html>"
    with pytest.raises(NotAnArticleError):
        tearsheet.extract(menu)
    with pytest.raises(NotAnArticleError):
        tearsheet.extract("<html><body></body></html>")


def test_br_separated_text_in_a_div_reads_as_paragraphs() -> None:
    text = "The storm reached the coast at noon, flooding the lower town and closing the port."
    page = (f"<html><body><div id='nav'><a href='/'>Home</a></div><div>{text}<br><br>"
            f"{text.replace('noon', 'dusk')}<br>Second line of the same paragraph, with more words.</div>"
            "</body></html>")
    blocks = tearsheet.extract(page).blocks
    assert [b.text.split(",")[0] for b in blocks] == ["The storm reached the coast at noon",
                                                      "The storm reached the coast at dusk"]
    assert blocks[1].text.endswith("\nSecond line of the same paragraph, with more words.")


PRINT_LIKE = """<!DOCTYPE html><html><head><meta charset='utf-8'>
<title>Harbour plan approved | City News</title></head><body>
<h1>Harbour plan approved</h1>
<div><p><a href="https://n.example/">Home</a> <a href="https://n.example/news">News</a>
<a href="https://n.example/sport">Sport</a> <a href="https://n.example/weather">Weather</a></p></div>
<div><h2>Harbour plan approved</h2></div>
<div><p>By Jane Doe</p><p>November 19, 2019</p></div>
<div><p>The city council approved the harbour plan on Tuesday, after a debate that lasted more than
six hours and drew a crowd of residents, fishermen and shop owners.</p>
<p>The plan moves the ferry terminal north, adds a <a href="https://n.example/quay">public quay</a> and
closes the old fish market, which the council says is unsafe.</p>
<p>Opponents said they would appeal the decision in court, and a petition against the plan has
gathered more than 4,000 signatures.</p></div>
<div><h2>More from City News</h2></div>
<div><p><a href="https://n.example/a">Ferry fares rise for the third year running</a></p>
<p><a href="https://n.example/b">The old fish market's last season</a></p></div>
<div><p>© 2019 City News. All rights reserved.</p><p><a href="https://n.example/privacy">Privacy
policy</a> <a href="https://n.example/terms">Terms of use</a></p></div>
</body></html>"""


def test_print_like_plain_document_keeps_only_the_story() -> None:
    """The PDF reader hands full-page prints over as plain HTML like this (no classes)."""
    article = tearsheet.extract(PRINT_LIKE)
    assert [block.text.split()[0] for block in article.blocks] == ["The", "The", "Opponents"]
    assert [link.href for link in article.links] == ["https://n.example/quay"]


def test_description_repeating_the_lead_is_not_a_subtitle() -> None:
    page = PLAIN.replace("<head>", '<head><meta name="description" content="The city council '
                         'approved the harbour plan on Tuesday, after a debate…">')
    assert tearsheet.extract(page).subtitle is None


def test_rules_do_not_eat_look_alike_prose() -> None:
    story = ("<p>The mayor announced the plan on Twitter late on Monday, saying the city could not "
             "wait another decade for a new terminal, and critics answered within minutes.</p>")
    page = PLAIN.replace("<h2>What changes</h2>", "<p>By the numbers</p>").replace(
        "</body>", f"<div class='commentary-body'>{story}</div></body>").replace(
        "<body>", "<body class='hidden-xs'>")
    text = tearsheet.extract(page, url="https://news.example.org/a").text
    assert "By the numbers" in text
    assert text.endswith("critics answered within minutes.")
    assert "By Jane Doe" not in text


def test_loose_caption_after_a_picture_goes_onto_the_image() -> None:
    page = PLAIN.replace("<h2>", """<img src="/1x1.gif" data-src="/img/quay.jpg" alt="The new quay">
<br><span>The new quay</span>
<p><img src="/img/market.jpg" alt=""></p><center><em>The old fish market, via the city archive</em></center>
<h2>""")
    article = tearsheet.extract(page, url="https://news.example.org/2024/harbour")
    assert "The new quay" not in article.text and "fish market, via" not in article.text
    images = [block for block in article.blocks if block.kind is BlockKind.IMAGE]
    assert [(image.src, image.text) for image in images] == [
        ("https://news.example.org/img/quay.jpg", "The new quay"),
        ("https://news.example.org/img/market.jpg", "The old fish market, via the city archive")]


LD_STORY = ("The council met on Tuesday.\n\nIt approved the harbour plan after a six-hour debate, "
            "and opponents said they would appeal.\n\nA petition has 4,000 signatures.")


def test_script_rendered_page_falls_back_to_the_stated_article_body() -> None:
    ld = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"}, {"@type": "NewsArticle", "articleBody": LD_STORY}]})
    page = (f"<html><head><title>Harbour</title><script type='application/ld+json'>{ld}</script>"
            "<script type='application/ld+json'>{not json</script></head>"
            "<body><div id='app'>Loading…</div></body></html>")
    article = tearsheet.extract(page)
    assert [block.text for block in article.blocks] == LD_STORY.split("\n\n")


def test_visible_body_wins_over_a_stated_one_of_similar_length() -> None:
    ld = json.dumps({"@type": "NewsArticle", "articleBody": "Short summary of the harbour story."})
    page = PLAIN.replace("<head>", f"<head><script type='application/ld+json'>{ld}</script>")
    assert tearsheet.extract(page).text.startswith("The city council approved")


def test_related_box_outside_the_article_is_collected() -> None:
    page = PLAIN.replace("</body>", """<aside><div id="most-popular-stories"><ul>
<li><a href="/2024/bridge">Bridge repairs will close the river road for a month</a></li>
<li><a href="/news/politics">More in Politics</a></li>
<li><a href="mailto:desk@news.example.org">Email the news desk about this story</a></li>
</ul></div></aside></body>""")
    article = tearsheet.extract(page, url="https://news.example.org/2024/harbour")
    assert [(r.title, r.href) for r in article.related] == [
        ("Bridge repairs will close the river road for a month", "https://news.example.org/2024/bridge")]
    assert "Bridge repairs" not in article.text


def test_wholly_bold_short_paragraph_is_a_subheading() -> None:
    page = PLAIN.replace("<h2>What changes</h2>", "<p><strong>What changes</strong></p>"
                         "<p><b>Account: @harbourwatch</b></p><p><b>Nothing else.</b></p>")
    blocks = tearsheet.extract(page).blocks
    kinds = {block.text: (block.kind, block.level) for block in blocks}
    assert kinds["What changes"] == (BlockKind.HEADING, 3)
    assert kinds["Account: @harbourwatch"][0] is BlockKind.PARAGRAPH
    assert kinds["Nothing else."][0] is BlockKind.PARAGRAPH


@pytest.mark.parametrize("line", [
    "By Monday, the council had voted.",
    "Updated figures show 2019 was the hottest year.",
    "Copyright reform passes",
    "Trending downward, the market fell.",
    "The suit was filed under seal.",
    "Residents can sign up for the program at city hall.",
    "Lee said the harbour plan was a mistake.",
    "Contact tracing began on Monday.",
])
def test_short_prose_lines_that_resemble_furniture_stay(line: str) -> None:
    page = PLAIN.replace("<h2>What changes</h2>", f"<p>{line}</p>")
    assert line in tearsheet.extract(page).text


@pytest.mark.parametrize("line", [
    "Advertisement", "Publicidad", "Updated Nov. 19, 2019 at 10:31 a.m. ET", "Sign up for our free "
    "daily newsletter", "Copyright 2019 City News", "Read more: Ferry fares rise again",
    "Lesen Sie auch: Der Hafen", "5 min read", "Image 1 of 5",
])
def test_furniture_lines_go(line: str) -> None:
    page = PLAIN.replace("<h2>What changes</h2>", f"<p>{line}</p>")
    assert line not in tearsheet.extract(page).text


def _story_paragraph(i: int) -> str:
    return (f"<p>Paragraph {i} of the story tells how the harbour plan, debated for years, finally "
            f"passed the council vote on Tuesday, with {i} amendments, after residents, fishermen and "
            "shop owners spoke for hours.</p>")


def test_chunked_story_between_ads_with_rail_and_comments() -> None:
    teasers = "".join(f"<div class='teaser'><h3><a href='/t{i}'>Teaser headline number {i}</a></h3>"
                      f"<p>A short summary of another story, number {i}, with a few words.</p></div>"
                      for i in range(8))
    comments = "".join(f"<div class='c{i}'><p>I think point {i} shows the council never listens, and "
                       "honestly, the harbour was fine as it was, thank you very much.</p></div>"
                       for i in range(20))
    chunks = "".join(f"<div class='chunk'>{_story_paragraph(i)}{_story_paragraph(i + 10)}</div>"
                     "<div class='ad-slot'>Advertisement</div>" for i in range(4))
    page = (f"<html><body><nav><a href='/'>Home</a></nav><main><div class='story'>{chunks}</div>"
            f"<div class='rail'>{teasers}</div></main><section id='comments-area'>{comments}</section>"
            "</body></html>")
    blocks = tearsheet.extract(page).blocks
    assert [block.text.split()[1] for block in blocks] == ["0", "10", "1", "11", "2", "12", "3", "13"]


def test_text_in_spans_reads_and_a_trailing_footer_div_stays_out() -> None:
    sentence = ("The harbour plan passed the council vote on Tuesday after residents, fishermen and "
                "shop owners spoke for hours.")
    spans = "<br>".join(f"<span>{sentence} ({i})</span>" for i in range(6))
    page = (f"<html><body><div id='menu'><a href='/'>Home</a> <a href='/n'>News</a></div>"
            f"<div class='x'>{spans}</div><div>Footer text about the company, its address and other "
            "things that are not the article.</div></body></html>")
    text = tearsheet.extract(page).text
    assert text.count("The harbour plan passed") == 6
    assert "Footer" not in text and "Home" not in text


def test_short_story_beside_a_teaser_column_stays_alone() -> None:
    story = ("The harbour plan passed the council vote on Tuesday after residents, fishermen and shop "
             "owners spoke for hours, and the mayor said work would start soon.")
    teasers = "".join(f"<div><h4><a href='/s{i}'>Other story {i} headline here</a></h4><p>Summary of "
                      f"other story {i}, which is about something else entirely, with commas, details "
                      "and more words.</p></div>" for i in range(10))
    page = (f"<html><body><div class='wrap'><div class='main'><h1>Harbour plan passes</h1>"
            f"<p>By Jane Doe</p><p>{story}</p><p>{story}</p></div><div class='side'>{teasers}</div>"
            "</div></body></html>")
    assert [block.text for block in tearsheet.extract(page).blocks] == [story, story]


@pytest.mark.parametrize("teasers", [10, 40])
def test_story_without_classes_beats_a_long_teaser_column(teasers: int) -> None:
    story = ("The harbour plan passed the council vote on Tuesday after residents, fishermen and shop "
             "owners spoke for hours, and the mayor said work would start soon.")
    column = "".join(f"<div><h3><a href='/s{i}'>Other story {i} headline here</a></h3><p>Summary of "
                     f"other story {i}, which is about something else entirely, with commas, details "
                     "and more words.</p></div>" for i in range(teasers))
    page = (f"<html><body><div><div><h1>Harbour plan passes</h1><p>{story}</p><p>{story}</p>"
            f"<p>{story}</p></div><div>{column}</div></div></body></html>")
    assert [block.text for block in tearsheet.extract(page).blocks] == [story] * 3


def test_roundup_of_linked_paragraphs_is_an_article() -> None:
    lines = "".join(f"<p><a href='/a{i}'>Apple released a new laptop</a> today, and "
                    f"<a href='/b{i}'>Google answered with a phone</a>; meanwhile "
                    f"<a href='/c{i}'>Microsoft</a> said little.</p>" for i in range(6))
    page = f"<html><body><nav>x</nav><div class='post'><h1>Roundup</h1>{lines}</div></body></html>"
    article = tearsheet.extract(page, url="https://x.example/r")
    assert len(article.blocks) == 6 and len(article.links) == 18
    assert article.links[0].href == "https://x.example/a0"


@pytest.mark.parametrize(("first", "second"), [(6, 6), (6, 10), (10, 6)])
def test_page_with_the_next_story_preloaded_keeps_the_titled_one(first: int, second: int) -> None:
    def story(name: str, paragraphs: int) -> str:
        return f"<article><h1>{name} story</h1>" + "".join(
            f"<p>{name} paragraph {i} tells how the plan, debated for years, finally passed the vote "
            "on Tuesday, with amendments, after residents spoke.</p>"
            for i in range(paragraphs)) + "</article>"
    page = (f"<html><head><title>First story</title></head><body><main>{story('First', first)}"
            f"{story('Second', second)}</main></body></html>")
    blocks = tearsheet.extract(page).blocks
    assert {block.text.split()[0] for block in blocks} == {"First"} and len(blocks) == first
