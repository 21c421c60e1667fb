"""HTML that a converter left inside the Markdown: tables Turndown could not turn into pipes,
figures, embedded SVG. Read into blocks rather than kept as markup text.

* ``<table>`` → a table block (its rows of cells);
* ``<figure>`` / ``<img>`` → an image block (src, caption);
* ``<svg>``, ``<iframe>``, ``<video>``, ``<script>``, ``<style>`` … → nothing (no article text);
* anything else → a paragraph of its text, its ``<a href>`` links kept.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tearsheet.models import Block, BlockKind, Link

# A line that opens an HTML block (CommonMark's block-level start conditions, the tags
# converters leave): the block runs until its closing tag, blank lines included.
HTML_BLOCK_START = re.compile(
    r"[ \t]{0,3}<(?P<tag>table|figure|svg|div|section|details|iframe|video|audio|picture|pre|dl|"
    r"img|p|ul|ol|blockquote|script|style|noscript|center|aside)(?=[\s>/])", re.I)
MAX_HTML_BLOCK_LINES = 5000  # an unclosed tag must not swallow the rest of the clip
_NO_TEXT = ("svg", "iframe", "video", "audio", "script", "style", "noscript", "canvas", "button", "form")


def closes(tag: str, line: str) -> bool:
    return re.search(rf"</{re.escape(tag)}\s*>", line, re.I) is not None


def html_block(source: str) -> Block | None:
    """The block an HTML chunk of a clip stands for; None when it holds no text."""
    tree = LexborHTMLParser(f"<body>{source}</body>")
    body = tree.body
    if body is None:
        return None
    for node in body.css(", ".join(_NO_TEXT)):
        node.decompose()
    table = body.css_first("table")
    if table is not None:
        return _table(table)
    image = body.css_first("img")
    text = " ".join(body.text(separator=" ").split())
    if image is not None and (body.css_first("figure") is not None or not text):
        caption = body.css_first("figcaption")
        alt = image.attributes.get("alt") or ""
        return Block(kind=BlockKind.IMAGE, src=image.attributes.get("src") or None,
                     text=" ".join((caption.text() if caption else alt).split()))
    if not text:
        return None
    return Block(kind=BlockKind.PARAGRAPH, text=text, links=_links(body, text))


def _table(table: LexborNode) -> Block | None:
    rows = tuple(
        tuple(" ".join(cell.text(separator=" ").split()) for cell in row.css("th, td"))
        for row in table.css("tr")
    )
    rows = tuple(row for row in rows if any(row))
    if not rows:
        return None
    return Block(kind=BlockKind.TABLE, text="\n".join(" | ".join(row) for row in rows), rows=rows)


def _links(body: LexborNode, text: str) -> tuple[Link, ...]:
    links: list[Link] = []
    position = 0
    for anchor in body.css("a[href]"):
        anchor_text = " ".join(anchor.text(separator=" ").split())
        start = text.find(anchor_text, position) if anchor_text else -1
        if start < 0:
            continue
        href = (anchor.attributes.get("href") or "").strip()
        links.append(Link(text=anchor_text, href=None if href in ("", "#") else href, start=start))
        position = start + len(anchor_text)
    return tuple(links)
