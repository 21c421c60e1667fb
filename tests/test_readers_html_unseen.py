"""Web pages built in ways the reader was not written for: page builders, long split pieces."""

import tearsheet

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
