"""Web page → Article. (First cut on trafilatura; the fidelity work replaces it.)"""

from __future__ import annotations

from datetime import datetime

import trafilatura
from lxml import etree

from tearsheet.errors import NotAnArticleError
from tearsheet.models import Article, Author, Block, BlockKind, Capture, CaptureKind, Link
from tearsheet.options import ReadOptions
from tearsheet.readers.charset import decode


def read(capture: Capture, options: ReadOptions) -> Article:
    html = decode(capture.data, capture.content_type)
    xml = trafilatura.extract(html, url=capture.url, output_format="xml", include_links=True,
                              include_comments=False, with_metadata=True)
    if not xml:
        raise NotAnArticleError("no article body found in the page")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks = tuple(b for b in (_block(el) for el in (main if main is not None else ())) if b)
    if not blocks:
        raise NotAnArticleError("no article body found in the page")
    authors = tuple(Author(name=n.strip()) for n in (root.get("author") or "").split(";") if n.strip())
    date = root.get("date")
    return Article(
        title=root.get("title"), authors=authors,
        published=datetime.fromisoformat(date) if date else None,
        site_name=root.get("sitename"), url=root.get("source") or capture.url,
        language=root.get("language"), blocks=blocks, kind=CaptureKind.HTML, capture_id=capture.id,
    )


def _inline(el: etree._Element) -> tuple[str, tuple[Link, ...]]:
    parts: list[str] = [el.text or ""]
    links: list[Link] = []
    for child in el:
        text = "".join(child.itertext())
        if child.tag == "ref":
            links.append(Link(text=text, href=child.get("target") or None, start=len("".join(parts))))
        parts.append(text)
        parts.append(child.tail or "")
    raw = "".join(parts)
    stripped = raw.lstrip()
    shift = len(raw) - len(stripped)
    return stripped.rstrip(), tuple(Link(text=ln.text, href=ln.href, start=(ln.start or 0) - shift) for ln in links)


def _block(el: etree._Element) -> Block | None:
    text, links = _inline(el)
    if el.tag == "list":
        items = [" ".join("".join(i.itertext()).split()) for i in el.iter("item")]
        return Block(kind=BlockKind.LIST, text="\n".join(i for i in items if i)) if items else None
    if not text:
        return None
    kind = {"head": BlockKind.HEADING, "quote": BlockKind.QUOTE, "code": BlockKind.CODE}.get(el.tag, BlockKind.PARAGRAPH)
    return Block(kind=kind, text=text, links=links, level=2 if kind is BlockKind.HEADING else 0)
