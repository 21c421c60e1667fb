"""Web pages built in ways the reader was not written for: page builders, long split pieces."""

import tearsheet
from tearsheet.readers.html.reader import _prose_run

SENTENCE = ("The council met on Tuesday evening to discuss the budget, and members argued at length "
            "about the cost of repairing the old bridge over the river. ")


def _page(sections: str) -> bytes:
    return (f"<html><head><title>Budget night</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<div class='entry-content'>{sections}</div>"
            "<footer><p>Copyright the Gazette, all rights reserved, 2025.</p></footer>"
            "</body></html>").encode()


def test_sections_a_page_builder_names_like_widgets_are_the_article():
    section = ("<div class='elementor-widget-wrap elementor-element-populated'><div class='elementor-element "
               "elementor-element-{n}a1 elementor-widget elementor-widget-text-editor'>"
               "<div class='elementor-widget-container'><p>Part {n}. " + SENTENCE * 3
               + "</p></div></div></div>")
    article = tearsheet.extract(_page("".join(section.format(n=n) for n in range(1, 6))))
    assert all(f"Part {n}." in article.text for n in range(1, 6))


def test_a_one_off_appeal_in_a_widget_stays_out():
    body = "".join(f"<p>Paragraph {n}. {SENTENCE * 2}</p>" for n in range(6))
    plea = "Please give to our newsroom today, it matters. " * 12
    appeal = f"<div class='widget donate-box'><p>{plea}</p></div>"
    article = tearsheet.extract(_page(body + appeal))
    assert "Paragraph 5." in article.text and "newsroom" not in article.text


def test_one_section_of_a_long_piece_reaches_the_whole_piece():
    sections = "".join(
        f"<section class='s{n}'><div><div><div class='col'><h2>Step {n}</h2><p>{SENTENCE * 2}</p>"
        f"<p>{SENTENCE}</p></div></div></div></section>" for n in range(1, 8))
    article = tearsheet.extract(_page(sections))
    assert all(f"Step {n}" in article.text for n in range(1, 8))


def test_a_personal_blog_author_named_like_the_site_is_kept():
    html = ("<html><head><title>Edge first - Marco Bambini</title>"
            "<meta property='og:site_name' content='Marco Bambini'>"
            "<script type='application/ld+json'>{\"@type\": \"BlogPosting\", \"headline\": \"Edge first\", "
            "\"author\": {\"@type\": \"Person\", \"name\": \"Marco Bambini\"}}</script></head>"
            f"<body><h1>Edge first</h1><p>{SENTENCE * 4}</p></body></html>").encode()
    assert [a.name for a in tearsheet.extract(html).authors] == ["Marco Bambini"]


def test_an_unmarked_byline_under_the_headline_names_the_author():
    html = (f"<html><body><div><h1>Mini engines</h1><p>by: PJ Hamel, Dec 17, 2025</p></div>"
            f"<p>{SENTENCE * 4}</p></body></html>").encode()
    assert [a.name for a in tearsheet.extract(html).authors] == ["PJ Hamel"]


def test_the_last_resort_keeps_a_run_of_sentences_and_nothing_shorter():
    lines = "<br>".join(SENTENCE.strip() for _ in range(6))
    html = f"<html><body><nav>Home</nav><span>{lines}</span><span>Log in</span></body></html>"
    blocks = _prose_run(html.encode(), html)
    assert len(blocks) == 6 and all("bridge" in b.text for b in blocks)
    assert _prose_run(b"<p>Too short a page, this one.</p>", "<p>Too short a page, this one.</p>") == ()


def test_confidence_is_high_for_a_plain_story_and_low_for_a_stub():
    story = "".join(f"<p>{SENTENCE * 2}</p>" for _ in range(8))
    good = tearsheet.extract(_page(story))
    stub = tearsheet.extract(b"<html><body><p>A short note about nothing much at all here.</p></body></html>")
    assert good.confidence is not None and good.confidence >= 0.9 and good.warnings == ()
    assert stub.confidence is not None and stub.confidence < 0.5 and "short_body" in stub.warnings
    assert good.to_dict()["confidence"] == good.confidence


def test_footnote_reference_marks_are_no_words_of_the_sentence():
    # GitHub-style and plugin-style footnote references; a superscript that links nowhere
    # (an exponent) stays.
    body = (f"<p>Tens of millions of queries run daily<sup><a href='#fn-2' data-footnote-ref>2</a></sup>. "
            f"{SENTENCE}</p>"
            f"<p>Almost always investors<sup class='modern-footnotes-footnote'><a href='javascript:void(0)'>5"
            f"</a></sup>, they said. {SENTENCE}</p>"
            f"<p>The flat has 40 m<sup>2</sup> of floor. {SENTENCE}</p>")
    text = tearsheet.extract(_page(body)).text
    assert "queries run daily." in text
    assert "investors, they said." in text
    assert "40 m2 of floor" in text
