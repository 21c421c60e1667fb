"""Main content of a full-page print, chosen by the web-page reader.

A page printed whole (Ctrl+P) carries the site's menus, link lists and boxes. The
web-page reader already knows how to find an article among those, so the print's
reconstructed blocks are written out as a plain HTML document (headings, paragraphs,
links — no classes, nothing invented) and read by it. Its choice is then mapped
back onto the print's own blocks, which keep their links and page numbers.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import replace
from datetime import datetime

from tearsheet.models import Article, Block, BlockKind, Link
from tearsheet.options import ReadOptions
from tearsheet.readers.pdf.running import PrintFrame

WHOLE_PRINT_SHARE = 0.7  # the reader kept this share of the print or more: it found no article container
WORDS = re.compile(r"\w+", re.UNICODE)


def select_main(article: Article, frame: PrintFrame, options: ReadOptions,
                styles: Sequence[Hashable] = ()) -> Article:
    """Keep the blocks of ``article`` that the web-page reader takes for the main content.

    ``styles`` (parallel to the blocks: size, indent) stands in for the page's lost
    containers. First each run of blocks set alike becomes one ``<div>``. A print
    gives the reader no deeper structure, so when it keeps nearly all of it (it found
    no container that stood out), the print is handed over again with the runs of one
    font size nested as regions, whose votes cannot reach ``<body>``.
    """
    chosen = _choose(to_html(article, frame, styles), article, options)
    if chosen is None:
        return article  # nothing stood out as an article: keep the whole print rather than nothing
    blocks = map_back(chosen.blocks, article.blocks)
    total = sum(len(block.text) for block in article.blocks)
    if total and sum(len(block.text) for block in blocks) >= WHOLE_PRINT_SHARE * total:
        nested = _choose(to_html(article, frame, styles, nested=True), article, options)
        if nested is not None and (regions := map_back(nested.blocks, article.blocks)):
            chosen, blocks = nested, regions
    return replace(
        article, blocks=_without_title(blocks or article.blocks, article.title),
        title=article.title or chosen.title,
        authors=article.authors or chosen.authors,
        published=article.published or _not_print_date(chosen, frame),
    )


def _without_title(blocks: tuple[Block, ...], title: str | None) -> tuple[Block, ...]:
    """The body without a block that only repeats the title (it is ``Article.title``)."""
    key = _key(title or "")
    at = next((i for i, b in enumerate(blocks) if key and _key(b.text) == key), None)
    return blocks if at is None else blocks[:at] + blocks[at + 1:]


def _choose(document: str, article: Article, options: ReadOptions) -> Article | None:
    from tearsheet.readers.html.reader import read_document  # the web-page reader loads on use

    return read_document(document, article.url, options)


def _not_print_date(chosen: Article, frame: PrintFrame) -> datetime | None:
    if chosen.published and frame.printed and chosen.published.date() == frame.printed.date():
        return None  # the date the page was printed is not when the article was published
    return chosen.published


def to_html(article: Article, frame: PrintFrame, styles: Sequence[Hashable] = (), *,
            nested: bool = False) -> str:
    """The print's blocks as a plain HTML document.

    Flat: one ``<div>`` per run of blocks set alike, a heading opening a new one. Nested:
    runs of one font size (headings going with what follows them) become regions wrapped
    in three ``<div>``s, split into sections at headings and indent changes.
    """
    title = html.escape(frame.page_title or article.title or "")
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"]
    if article.title:
        parts.append(f"<h1>{html.escape(article.title)}</h1>")
    opening, closing = ("<div><div><div>", "</div></div></div>") if nested else ("<div>", "</div>")
    region: Hashable = object()
    previous: Hashable = object()
    for position, block in enumerate(article.blocks):
        style = styles[position] if position < len(styles) else None
        heading = block.kind is BlockKind.HEADING
        own = _next_style(article.blocks, styles, position) if heading else style  # goes with what it heads
        wider = _size(own) if nested else own
        if position == 0 or wider != region:
            parts.append(closing + opening if position else opening)
        elif heading or own != previous:
            parts.append("</div><div>")
        region, previous = wider, own
        tag = f"h{max(2, block.level)}" if heading else "p"
        parts.append(f"<{tag}>{_inline(block)}</{tag}>")
    parts.append((closing if article.blocks else "") + "</body></html>")
    return "\n".join(parts)


def _size(style: Hashable) -> Hashable:
    return style[0] if isinstance(style, tuple) and style else style


def _next_style(blocks: tuple[Block, ...], styles: Sequence[Hashable], position: int) -> Hashable:
    """The style of the first non-heading block after ``position``."""
    for later in range(position + 1, min(len(blocks), len(styles))):
        if blocks[later].kind is not BlockKind.HEADING:
            return styles[later]
    return None


def _inline(block: Block) -> str:
    out: list[str] = []
    position = 0
    for link in sorted((ln for ln in block.links if ln.start is not None), key=lambda ln: ln.start or 0):
        start = link.start or 0
        if start < position:
            continue
        out.append(html.escape(block.text[position:start]))
        href = html.escape(link.href or "", quote=True)
        out.append(f'<a href="{href}">{html.escape(link.text)}</a>')
        position = start + len(link.text)
    out.append(html.escape(block.text[position:]))
    return "".join(out)


def _key(text: str) -> str:
    return " ".join(WORDS.findall(text.lower()))


def map_back(chosen: tuple[Block, ...], own: tuple[Block, ...]) -> tuple[Block, ...]:
    """Each chosen block → the print's own block with the same words (else the chosen one)."""
    index: dict[str, list[int]] = defaultdict(list)
    for position, block in enumerate(own):
        index[_key(block.text)].append(position)
    used = -1
    result: list[Block] = []
    for block in chosen:
        candidates = [i for i in index.get(_key(block.text), []) if i > used]
        if candidates:
            used = candidates[0]
            result.append(own[used])
            continue
        result.extend(_partial(block, own, used))
    return tuple(result)


def _partial(block: Block, own: tuple[Block, ...], used: int) -> list[Block]:
    """A chosen block that is not one of ours whole: keep it, with page and links from ours."""
    key = _key(block.text)
    if not key:
        return []
    container = next((b for b in own[used + 1:] if key in _key(b.text)), None)
    if container is None:
        return [block]
    links = tuple(Link(text=ln.text, href=ln.href, start=block.text.find(ln.text), page=ln.page)
                  for ln in container.links if ln.text and ln.text in block.text)
    kind = block.kind if block.kind is not BlockKind.PARAGRAPH else container.kind
    return [replace(block, kind=kind, links=links or block.links, page=container.page,
                    level=container.level if kind is BlockKind.HEADING else block.level)]
