"""Links carried from a text dump to a clip's placeholders: placed on evidence, or held back.

A wrong link is data corruption a reader cannot see; a missing one is only missing. These
cases pin the abstentions measured on unseen sites (bench/link_placement.py).
"""

from __future__ import annotations

from dataclasses import replace

from tests.test_reconcile import BODY, clip, dump

from tearsheet import reconcile
from tearsheet.models import Article, Block, BlockKind, Link

P = BlockKind.PARAGRAPH


def _href(article: Article, anchor: str) -> str | None:
    return next(ln.href for ln in article.links if ln.text == anchor)


def test_order_placements_carry_how_and_a_score() -> None:
    result = reconcile([dump(), clip()])
    assert result.provenance is not None
    sources = [s for ss in result.provenance.links for s in ss if s.capture == "dump"]
    assert sources and all(s.how == "inferred-by-order" and s.score is not None and 0 < s.score <= 1
                           for s in sources)


def test_a_slug_naming_another_position_stops_the_order_on_its_page() -> None:
    # Page 2 lists two URLs for two links: the counts match, but the second URL's slug names
    # "transport office", the first link of the page — the slug or the order is wrong.
    page = clip()
    blocks = list(page.blocks)
    later = BODY[2].index("road repairs")
    blocks[3] = Block(kind=P, text=BODY[2], links=(Link(text="road repairs", href=None, start=later),))
    urls = ("https://example.org/2024/0415", "https://example.org/a",
            "https://example.org/transport-office-statement")
    result = reconcile([dump(urls=urls), replace(page, blocks=tuple(blocks))])
    assert _href(result, "shift workers") == "https://example.org/2024/0415"
    assert _href(result, "transport office") is None
    assert _href(result, "road repairs") is None
    assert {ln.href for ln in result.unplaced_links} >= set(urls[1:])


def test_a_dump_link_the_clip_holds_without_a_link_is_withdrawn() -> None:
    # The dump's reader put a URL the text spells out on "council"; the clip marks every link
    # and has none there: the URL goes back to the unplaced links, its page places nothing by order.
    d = dump()
    blocks = list(d.blocks)
    at = blocks[0].text.index("council")
    blocks[0] = replace(blocks[0], links=(Link(text="council", href="https://council.example.org/", start=at,
                                               page=1),))
    result = reconcile([replace(d, blocks=tuple(blocks)), clip()])
    assert "council" not in {ln.text for ln in result.links if ln.href}
    assert "https://council.example.org/" in {ln.href for ln in result.unplaced_links}
    assert _href(result, "shift workers") is None  # page 1's list order is no longer known
    assert _href(result, "transport office") == "https://example.org/p?id=77"


def test_a_dump_link_on_part_of_a_clip_anchor_is_withdrawn() -> None:
    d = dump()
    blocks = list(d.blocks)
    text = blocks[1].text + " " + blocks[2].text
    at = BODY[1].index("transport office")
    joined = Block(kind=P, text=BODY[1], page=1,
                   links=(Link(text="transport", href="https://transport.example.org/", start=at, page=1),))
    blocks[1:3] = [joined]
    assert joined.text == " ".join(text.split())
    result = reconcile([replace(d, blocks=tuple(blocks)), clip()])
    assert ("transport", "https://transport.example.org/") not in {(ln.text, ln.href) for ln in result.links}
    assert "https://transport.example.org/" in {ln.href for ln in result.unplaced_links}
