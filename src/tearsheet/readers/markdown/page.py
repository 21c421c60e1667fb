"""Whole-page clips: Markdown of an entire web page (html2text, markdownify), menus and all.

Such a clip carries the site's navigation, link lists and footer around the story. Like a
full-page print (``readers.pdf.fullpage``), its blocks are written out as a plain HTML
document (sections nested by heading level) and the web-page reader chooses the article
among them; the choice is mapped back onto the clip's own blocks, which keep their links. A
clip is taken for a whole page only when it holds many navigation blocks (link lists,
link-only lines) or much of its text is link text: a clipper's reader view keeps little
besides the story — and when the menus sit where a page has them: around the story (before
its first paragraph of prose, after its last) or as link lists. A reader view of a link-rich
story (a listicle's "## [Venue](…)" headings, "Buy on Amazon" lines) has its link-only
blocks between its paragraphs.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qsl

from tearsheet.models import Article, Author, Block, BlockKind
from tearsheet.options import ReadOptions
from tearsheet.readers.common.urls import split_url
from tearsheet.readers.pdf.fullpage import map_back
from tearsheet.readers.pdf.head import find_byline, find_date
from tearsheet.readers.text.header import author_names, date_line

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
# The clip is read twice: sections nested by heading, and flat (a div per run). The nested
# reading wins unless it kept less than this share of the flat one's text — then it chose one
# section of the story (html2text/markdownify tune: body F1 +0.01, article links kept 87→88 %).
NESTED_MIN_SHARE = 0.5
# A share button's link names the page it shares in one of these query parameters (Facebook's
# sharer "u", X/LinkedIn/Pinterest "url", AddToAny "linkurl"): a whole-page clip that kept no
# URL of its own states it there.
SHARE_PARAMS = frozenset({"u", "url", "linkurl"})
MAX_BYLINE_BLOCK_CHARS = 200  # a block holding an author link is a byline only this short
# A link to an author's page: the path names a profile folder ("/author/jane-doe/", "/staff/…",
# "/journalist/122507/Jane-Doe") or the query an author ("?author=5975"). A name linked so,
# next to the headline, is the byline even without a "By".
AUTHOR_HREF = re.compile(
    r"/(?:author|authors|writer|writers|staff|staff_name|people|person|profile|profiles|journalist|"
    r"journalists|contributor|contributors|columnist|columnists|producers|bio|byline)/[^/?#]+|[?&]author=",
    re.IGNORECASE)


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
    """The article inside a whole-page clip, with the title/byline/date the page shows.

    ``article`` holds every block of the clip (no header taken off: a page's first heading
    is as likely a menu's). The headline is the level-1 heading nearest to where the chosen
    stretch starts; its byline and dateline are read around it.
    """
    total = sum(len(b.text) for b in article.blocks)
    chosen, blocks = _chosen(article, options, nested=True)
    flat, flat_blocks = _chosen(article, options, nested=False)
    if flat is not None and (chosen is None or _chars(blocks) < NESTED_MIN_SHARE * _chars(flat_blocks)):
        chosen, blocks = flat, flat_blocks  # the nested reading kept one section of the story
    if chosen is None or not blocks or _chars(blocks) < MIN_KEPT_SHARE * total:
        return article
    start = _position(article.blocks, blocks[0])
    headline = _headline(article.blocks, start)
    title = article.title or (article.blocks[headline].text if headline is not None else chosen.title)
    near = _window(article.blocks, start if headline is None else headline)
    texts = [block.text for block in near if block.kind is not BlockKind.LIST]
    authors = article.authors or find_byline(texts) or _linked_authors(near) or chosen.authors
    authors = tuple(replace(a, name=_once(a.name)) for a in authors)
    return replace(article, blocks=_without_title(blocks, title), title=title, authors=authors,
                   published=article.published or _dateline(texts) or chosen.published,
                   url=article.url or shared_url(article.blocks))


def shared_url(blocks: tuple[Block, ...]) -> str | None:
    """The page the clip's share buttons share: the target most of them name, on the site
    most of the clip's links go to (None on a tie, for a short link such as "wp.me/…", or for
    a site's root — "share cdc.gov" is not this page)."""
    hosts: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for block in blocks:
        for link in block.links:
            parts = split_url(link.href or "")
            hosts[parts.netloc.lower()] += 1
            for key, value in parse_qsl(parts.query) if parts.query else ():
                target = split_url(value)
                if key.lower() in SHARE_PARAMS and target.scheme in ("http", "https") \
                        and target.path.strip("/"):
                    counts[value] += 1
    site = next((host for host, _ in hosts.most_common() if host), None)
    ranked = [(url, n) for url, n in counts.most_common() if split_url(url).netloc.lower() == site][:2]
    if not ranked or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


_REPEATED = re.compile(r"(?P<name>\S+\s.*?\S)\s*(?P=name)")  # two words or more: "Lee Lee" stays


def _once(name: str) -> str:
    """A name written twice over ("Jane DoeJane Doe": a photo's alt text glued to its caption,
    or a byline followed by the same name as a link) → the name once."""
    match = _REPEATED.fullmatch(name)
    return match.group("name") if match else name


def _chosen(article: Article, options: ReadOptions, *,
            nested: bool) -> tuple[Article | None, tuple[Block, ...]]:
    """The web-page reader's choice and the clip's own blocks it maps back to."""
    chosen = _choose(to_html(article, nested=nested), article, options)
    return chosen, map_back(chosen.blocks, article.blocks) if chosen else ()


def _chars(blocks: tuple[Block, ...]) -> int:
    return sum(len(block.text) for block in blocks)


def _position(own: tuple[Block, ...], block: Block) -> int:
    return next((i for i, candidate in enumerate(own) if candidate is block), 0)


def _headline(own: tuple[Block, ...], start: int) -> int | None:
    """The level-1 heading nearest to ``start`` (before it or among the first blocks after)."""
    near = [i for i in range(max(0, start - HEAD_BEFORE), min(len(own), start + HEAD_AFTER))
            if own[i].kind is BlockKind.HEADING and own[i].level == 1 and not _is_logo(own[i])]
    return min(near, key=lambda i: abs(i - start), default=None)


def _is_logo(heading: Block) -> bool:
    """``# [Site Name](https://site/)``: a heading that is one link to the site's home page."""
    links = [link for link in heading.links if link.href]
    return len(links) == 1 and links[0].text.strip() == heading.text.strip() \
        and split_url(links[0].href or "").path in ("", "/")


def _window(own: tuple[Block, ...], at: int) -> tuple[Block, ...]:
    """Blocks around ``at``: the headline's (or the article start's) byline and dateline are there."""
    return own[max(0, at - HEAD_BEFORE): at + HEAD_AFTER]


def _linked_authors(blocks: tuple[Block, ...]) -> tuple[Author, ...]:
    """Names linked to author pages ("[Jane Doe](/author/jane-doe/)") in the first short block
    that has any."""
    for block in blocks:
        if len(block.text) > MAX_BYLINE_BLOCK_CHARS:
            continue
        found = [Author(name=link.text.strip(), url=link.href) for link in block.links
                 if link.href and _is_author_href(link.href) and _is_one_name(link.text)]
        if found:
            return tuple(found)
    return ()


def _is_one_name(text: str) -> bool:
    return author_names(text) == (text.strip(),)


def _is_author_href(href: str) -> bool:
    parts = split_url(href)
    return AUTHOR_HREF.search(f"{parts.path}?{parts.query}") is not None


def _dateline(texts: list[str]) -> datetime | None:
    return next((d for text in texts if (d := find_date(text) or date_line(text)) is not None), None)


def _choose(document: str, article: Article, options: ReadOptions) -> Article | None:
    from tearsheet.readers.html.reader import read_document  # the web-page reader loads on use

    return read_document(document, article.url, options)


def to_html(article: Article, *, nested: bool = True) -> str:
    """The clip's blocks as plain HTML: a ``<div>`` per run of prose or of navigation, and
    (``nested``) each heading's section, up to the next heading of its level or higher, in a
    ``<div>`` of its own, as a page's sections are — so the headline's section holds its byline
    and story, and the reader can prefer it. Flat, a heading just opens a new ``<div>``.

    (Flat alone left the reader no container but ``<body>``: body F1 0.849/0.836 tune/check
    through html2text, 0.859/0.871 nested.)"""
    h1 = next((b.text for b in article.blocks if b.kind is BlockKind.HEADING and b.level == 1
               and not _is_logo(b)), "")
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>",
             html.escape(article.title or h1), "</title></head><body>"]
    sections: list[int] = []
    previous: bool | None = None
    for position, block in enumerate(article.blocks):
        nav = _is_nav(_owner(article.blocks, position))
        if block.kind is BlockKind.HEADING and not nested:
            parts.append("</div><div>" if previous is not None else "<div>")
        elif block.kind is BlockKind.HEADING:
            if previous is not None:
                parts.append("</div>")
            while sections and sections[-1] >= block.level:
                parts.append("</div>")
                sections.pop()
            parts.append("<div><div>")
            sections.append(block.level)
        elif nav != previous:
            parts.append("</div><div>" if previous is not None else "<div>")
        previous = nav
        parts.append(_element(block))
    parts.append(("</div>" if previous is not None else "") + "</div>" * len(sections) + "</body></html>")
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
