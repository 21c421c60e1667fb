"""A review roundup links each subheading to the review it quotes: the long paragraphs under
those linked subheadings are the story's own text, not teasers for other stories."""

import tearsheet

QUOTE = ("The reviewer found the service smooth on a fast connection but saw the picture fall apart "
         "whenever the network dipped, and wondered who the product is really for at this price, "
         "given that the library of games at launch is thin and the promised features are missing.")


def test_long_paragraphs_under_linked_subheadings_stay_in_the_body():
    sections = "".join(
        f'<h2><a href="https://reviews{n}.example.org/review">Review site {n}</a></h2><p>{QUOTE} ({n})</p>'
        for n in range(1, 6)
    )
    page = (f"<html><head><title>The early reviews are in</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav>"
            f"<h1>The early reviews are in</h1><div><p>{QUOTE} (intro)</p>{sections}</div>"
            f"<footer><a href='/about'>About</a></footer></body></html>")
    article = tearsheet.extract(page.encode(), url="https://news.example.com/2019/reviews")
    for n in range(1, 6):
        assert f"({n})" in article.text
    assert "About" not in article.text
