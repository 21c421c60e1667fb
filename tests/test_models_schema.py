from datetime import UTC, datetime

from tearsheet.models import Article, Author, Block, BlockKind, Link
from tearsheet.render import inline_markdown, to_markdown
from tearsheet.schema import SCHEMA_VERSION, from_dict, to_dict


def _article() -> Article:
    para = Block(kind=BlockKind.PARAGRAPH, text="Trump tweeted before Election Day.",
                 links=(Link(text="tweeted", href="https://example.com/t", start=6),))
    placeholder = Block(kind=BlockKind.PARAGRAPH, text="He was outraged.",
                        links=(Link(text="outraged", href=None, start=7),))
    return Article(title="T", authors=(Author(name="A B", url="https://example.com/ab"),),
                   published=datetime(2019, 11, 19, 10, 0, tzinfo=UTC),
                   url="https://example.com/a", blocks=(para, placeholder))


def test_dict_round_trip_and_version():
    article = _article()
    data = to_dict(article)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["links"] == [{"text": "tweeted", "href": "https://example.com/t"},
                             {"text": "outraged", "href": None}]
    assert data["published"] == "2019-11-19T10:00:00+00:00"
    assert from_dict(data) == article


def test_markdown_puts_links_on_anchors_and_never_writes_placeholders():
    md = to_markdown(_article())
    assert "Trump [tweeted](https://example.com/t) before" in md
    assert "He was outraged." in md and "(#)" not in md
    assert md.startswith("# T\n\nBy [A B](https://example.com/ab)\n\nNovember 19, 2019")
    assert md.rstrip().endswith("<https://example.com/a>")


def test_inline_markdown_skips_stale_offsets():
    assert inline_markdown("abc def", (Link(text="xyz", href="h", start=0),)) == "abc def"


def test_a_dumps_page_breaks_doubled_urls_and_related_pages_survive_a_round_trip():
    from dataclasses import replace

    from tearsheet.models import Related

    block = Block(kind=BlockKind.PARAGRAPH, text="Ends on one page and goes on.", page=2, page_breaks=(17,),
                  line_breaks=(8,))
    article = replace(_article(), blocks=(block,), related=(Related(title="More", page=2),),
                      unplaced_links=(Link(text="", href="https://example.com/x", page=2, listed=2),))
    data = to_dict(article)
    assert data["blocks"][0]["page_breaks"] == [17] and data["blocks"][0]["line_breaks"] == [8]
    assert data["unplaced_links"] == [{"href": "https://example.com/x", "page": 2, "listed": 2}]
    assert data["related"] == [{"title": "More", "href": None, "page": 2}]
    assert from_dict(data) == article
