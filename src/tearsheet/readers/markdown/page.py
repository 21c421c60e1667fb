"""Whole-page clips: Markdown of an entire web page (html2text, markdownify), menus and all.

Such a clip carries the site's navigation, link lists and footer around the story. Like a
full-page print (``readers.pdf.fullpage``), its blocks are written out as a plain HTML
document and the web-page reader chooses the article among them; the choice is mapped back
onto the clip's own blocks, which keep their links. A clip is taken for a whole page only
when it holds many navigation blocks (link lists, link-only lines) or much of its text is
link text: a clipper's reader view keeps little besides the story — and when the menus sit
where a page has them: around the story (before its first paragraph of prose, after its
last) or as link lists. A reader view of a link-rich story (a listicle's "## [Venue](…)"
headings, "Buy on Amazon" lines) has its link-only blocks between its paragraphs.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import datetime

from tearsheet.models import Article, Block, BlockKind
from tearsheet.options import ReadOptions
from tearsheet.readers.pdf.fullpage import map_back
from tearsheet.readers.pdf.head import find_byline, find_date
from tearsheet.readers.text.header import date_line

# Measured on the real-tool development set (tune half): reader-view clips (defuddle,
# Readability) have 0-7 navigation blocks (95th percentile) and ~2-10 % link text; whole
# pages through html2text or markdownify 4-300 navigation blocks (5th percentile: 4-6).
WHOLE_PAGE_NAV_BLOCKS = 8
WHOLE_PAGE_LINK_SHARE = 0.3
MIN_NAV_BLOCKS = 4  # … and with fewer navigation blocks than this, never a whole page
LINK_DENSE_BLOCK = 0.5  # a block whose text is mostly link text is navigation, not prose
# Where the menus are. Measured on 120 WCXB pages of the tune half through html2text and
# markdownify, and on the 446 tune clips of bench/data/capture-sets (reader views, 27 of
# them link-rich enough to pass the counts above): a whole page has at least this many
# navigation blocks outside its prose, or link lists (219 of 240 pages, 223 by the counts
# alone); a link-rich reader view has neither (3 of the 27 still pass).
EDGE_NAV_BLOCKS = 4  # navigation blocks before the first prose paragraph or after the last
MENU_LISTS = 3  # … or lists of two links or more that are navigation
PROSE_CHARS = 200  # a paragraph this long that is not navigation is the story's prose
HEAD_BEFORE = 8  # blocks before the article's first one that may hold its byline or dateline
HEAD_AFTER = 12  # … and after it
MIN_KEPT_SHARE = 0.05  # the web-page reader kept less than this of the text: keep the clip whole


def is_whole_page(blocks: tuple[Block, ...]) -> bool:
    total = sum(len(b.text) for b in blocks)
    linked = sum(_link_chars(b) for b in blocks)
    nav = sum(1 for b in blocks if _is_nav(b))
    if total == 0 or nav < MIN_NAV_BLOCKS:
        return False  # a story rich in links is not a page with menus
    if nav < WHOLE_PAGE_NAV_BLOCKS and linked < WHOLE_PAGE_LINK_SHARE * total:
        return False
    return _edge_nav(blocks) >= EDGE_NAV_BLOCKS or _menu_lists(blocks) >= MENU_LISTS


def _edge_nav(blocks: tuple[Block, ...]) -> int:
    """Navigation blocks before the first paragraph of prose or after the last (all of them
    when there is no prose)."""
    prose = [i for i, b in enumerate(blocks)
             if b.kind is BlockKind.PARAGRAPH and len(b.text) >= PROSE_CHARS and not _is_nav(b)]
    first, last = (prose[0], prose[-1]) if prose else (len(blocks), -1)
    return sum(1 for i, b in enumerate(blocks) if (i < first or i > last) and _is_nav(b))


def _menu_lists(blocks: tuple[Block, ...]) -> int:
    return sum(1 for b in blocks if b.kind is BlockKind.LIST and _is_nav(b)
               and sum(1 for link in b.links if link.start is not None) >= 2)


def select_main(article: Article, options: ReadOptions) -> Article:
    """The article inside a whole-page clip, with the title/byline/date the page shows."""
    chosen = _choose(to_html(article), article, options)
    if chosen is None:
        return article
    blocks = map_back(chosen.blocks, article.blocks)
    total = sum(len(b.text) for b in article.blocks)
    if sum(len(b.text) for b in blocks) < MIN_KEPT_SHARE * total:
        return article
    title = article.title or chosen.title
    near = _near_start(article.blocks, blocks)
    return replace(article, blocks=_without_title(blocks, title), title=title,
                   authors=article.authors or chosen.authors or find_byline(near),
                   published=article.published or chosen.published or _dateline(near))


def _near_start(own: tuple[Block, ...], chosen: tuple[Block, ...]) -> list[str]:
    """Short texts around where the article starts: its byline and dateline are there."""
    start = next((i for i, block in enumerate(own) if chosen and block is chosen[0]), 0)
    window = own[max(0, start - HEAD_BEFORE): start + HEAD_AFTER]
    return [block.text for block in window if block.kind is not BlockKind.LIST]


def _dateline(texts: list[str]) -> datetime | None:
    return next((d for text in texts if (d := find_date(text) or date_line(text)) is not None), None)


def _choose(document: str, article: Article, options: ReadOptions) -> Article | None:
    from tearsheet.readers.html.reader import read_document  # the web-page reader loads on use

    return read_document(document, article.url, options)


def to_html(article: Article) -> str:
    """The clip's blocks as plain HTML: a ``<div>`` per run of prose or of navigation (a
    heading goes with what follows it), lists as lists, links as links."""
    h1 = next((b.text for b in article.blocks if b.kind is BlockKind.HEADING and b.level == 1), "")
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>",
             html.escape(article.title or h1), "</title></head><body>"]
    previous: bool | None = None
    for position, block in enumerate(article.blocks):
        nav = _is_nav(_owner(article.blocks, position))
        if nav != previous or block.kind is BlockKind.HEADING:
            parts.append("</div><div>" if previous is not None else "<div>")
        previous = nav
        parts.append(_element(block))
    parts.append("</div></body></html>" if previous is not None else "</body></html>")
    return "".join(parts)


def _owner(blocks: tuple[Block, ...], position: int) -> Block:
    """A heading is judged by the block it heads."""
    for block in blocks[position:]:
        if block.kind is not BlockKind.HEADING:
            return block
    return blocks[position]


def _is_nav(block: Block) -> bool:
    return block.kind is BlockKind.LIST and _link_chars(block) >= LINK_DENSE_BLOCK * max(len(block.text), 1) \
        or _link_chars(block) >= LINK_DENSE_BLOCK * max(len(block.text), 1) and len(block.text) < 200


def _element(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        level = min(max(block.level, 1), 6)
        return f"<h{level}>{_inline(block.text, block, 0)}</h{level}>"
    if block.kind is BlockKind.LIST:
        items, offset = [], 0
        for item in block.text.split("\n"):
            items.append(f"<li>{_inline(item, block, offset)}</li>")
            offset += len(item) + 1
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>{''.join(items)}</{tag}>"
    if block.kind is BlockKind.QUOTE:
        return f"<blockquote><p>{_inline(block.text, block, 0)}</p></blockquote>"
    if block.kind is BlockKind.IMAGE:
        return f"<figure><img src='{html.escape(block.src or '', quote=True)}'><figcaption>" \
               f"{html.escape(block.text)}</figcaption></figure>"
    if block.kind is BlockKind.TABLE:
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                       for row in block.rows)
        return f"<table>{rows}</table>"
    return f"<p>{_inline(block.text, block, 0)}</p>"


def _inline(text: str, block: Block, offset: int) -> str:
    """``text`` (which starts at ``offset`` in the block) with the block's links on it."""
    out: list[str] = []
    position = 0
    for link in sorted((ln for ln in block.links if ln.start is not None), key=lambda ln: ln.start or 0):
        start = (link.start or 0) - offset
        if start < position or start + len(link.text) > len(text):
            continue
        out.append(html.escape(text[position:start]))
        out.append(f'<a href="{html.escape(link.href or "#", quote=True)}">{html.escape(link.text)}</a>')
        position = start + len(link.text)
    out.append(html.escape(text[position:]))
    return "".join(out)


def _link_chars(block: Block) -> int:
    return sum(len(link.text) for link in block.links if link.start is not None)


def _without_title(blocks: tuple[Block, ...], title: str | None) -> tuple[Block, ...]:
    """The body without the heading that only repeats the title (it is ``Article.title``)."""
    key = " ".join((title or "").lower().split())
    at = next((i for i, b in enumerate(blocks) if key and b.kind is BlockKind.HEADING
               and " ".join(b.text.lower().split()) == key), None)
    return blocks if at is None else blocks[:at] + blocks[at + 1:]
