"""Walk the article's container(s) into typed ``Block``s with inline links.

One pass over the DOM in reading order. Inline content accumulates into the current
paragraph (whitespace collapsed as a browser would, links recorded by character
offset); a block-level element closes it. Page furniture inside the article (share
bars, ad slots, related-story boxes, captions, bylines …, see ``rules``) is
skipped as a whole subtree — related boxes are kept apart in ``related``, editor's
notes in ``notes``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from tearsheet.models import Block, BlockKind, Link, Related
from tearsheet.readers.html import rules as rules
from tearsheet.readers.html.body import Rival

_TEXT = "-text"


@dataclass(slots=True)
class Walked:
    """What the walk found: body blocks, related-story links and editor's notes."""

    blocks: list[Block] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    share: float = 1.0  # the container's voted prose / the whole page's (for ``confidence``)
    page_chars: int = 0  # the page's visible text before furniture went (for ``confidence``)
    voted_chars: int = 0  # the paragraph text the vote saw in the container (for ``confidence``)
    rival: Rival | None = None  # the vote's best other container (for ``confidence``)
    mass: dict[LexborNode, int] = field(default_factory=dict)  # the vote's mass (for widening)
    nodes: tuple[LexborNode, ...] = ()  # the container(s) walked (for widening)


def resolve_href(href: str | None, base: str | None) -> str | None:
    """An absolute link target, or None for placeholders ("#", "", "javascript:…")."""
    if href is None or rules.PLACEHOLDER_HREF.match(href):
        return None
    href = href.strip()
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:  # a malformed URL (bad IPv6 brackets, ports …) is kept as written
        return href


def collapse_space(text: str) -> str:
    """Every run of whitespace as one space, as a browser renders it (ends kept as one space).

    The same as ``re.sub(r"\\s+", " ", text)`` (``\\s`` is ``str.isspace``), at less than
    half the cost: text nodes are the most numerous thing a page has.
    """
    words = text.split()
    if not words:
        return " " if text else ""
    collapsed = " ".join(words)
    if text[0].isspace():
        collapsed = " " + collapsed
    if text[-1].isspace():
        collapsed += " "
    return collapsed


def related_entry(title: str, href: str | None) -> Related | None:
    """A related-story entry, if the anchor reads like a headline pointing at a web page."""
    title = " ".join(title.split())
    if len(title) < rules.RELATED_MIN_TITLE_CHARS or len(title.split()) < rules.RELATED_MIN_WORDS:
        return None
    if href is not None and not href.startswith(("http://", "https://", "/")):
        return None  # mailto:, tel:, app links are not stories
    return Related(title=title, href=href)


def _template(node: LexborNode) -> tuple[str, str]:
    """Tag and class of an element, class words holding a digit (per-element ids) left out."""
    words = (node.attributes.get("class") or "").split()
    return node.tag or "", " ".join(w for w in words if not any(ch.isdigit() for ch in w))


class BlockWalker:
    """Turns DOM subtrees into blocks; one instance per page."""

    def __init__(self, *, base_url: str | None, body_chars: int,
                 mass: dict[LexborNode, int] | None = None, lenient: bool = False) -> None:
        self.base_url = base_url
        # lenient: a class alone never makes furniture, only ``rules.NEVER_PROSE_CLASS``, ads and
        # related boxes do (the second walk, when the first one found almost nothing).
        self.lenient = lenient
        self.furniture_guard = body_chars * rules.FURNITURE_MAX_SHARE
        self.mass = mass or {}
        self.out = Walked()
        self._parts: list[str] = []
        self._length = 0
        self._links: list[Link] = []
        self._flushes = 0
        self._quote = 0
        self._items: list[tuple[str, list[Link]]] | None = None
        self._related_seen: set[str | None] = set()
        self._alt = ""  # alt text of the last picture, to recognise its caption
        self._styled = 0  # characters of the current paragraph inside <em>, <i>, <small> …
        self._bold = 0  # … and inside <strong>, <b>
        self._templates: Counter[tuple[str, str]] | None = None  # see ``_template_section``

    # --- traversal ---------------------------------------------------------------

    def walk_node(self, node: LexborNode) -> None:
        """Walk one container of the article (itself never skipped: it was chosen)."""
        tag = node.tag
        if tag == _TEXT:
            self._add_text(node.text_content or "")
        elif tag and not tag.startswith("-"):
            self._element(node, tag, 1)

    def walk(self, node: LexborNode, depth: int = 0) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == _TEXT:
                self._add_text(child.text_content or "")
            elif tag is None or tag.startswith("-") or tag == "!--":
                continue
            elif depth >= rules.MAX_DEPTH:
                self._add_text(" " + child.text(separator=" ") + " ")
            elif tag in rules.PLAIN_INLINE_TAGS or not self._skipped(child, tag):
                self._element(child, tag, depth + 1)

    def _element(self, node: LexborNode, tag: str, depth: int) -> None:
        if tag in rules.INLINE_TAGS:
            self._inline(node, tag, depth)
        elif tag == "br":
            self._line_break()
        elif tag in rules.HEADING_TAGS:
            self.flush()
            self.walk(node, depth)
            self.flush(BlockKind.HEADING, rules.HEADING_TAGS[tag])
        elif tag in rules.LIST_TAGS:
            self._list(node, tag, depth)
        elif tag == "blockquote":
            self._quoted(node, depth)
        elif tag in _BLOCK_HANDLERS:
            _BLOCK_HANDLERS[tag](self, node, depth)
        elif tag in rules.CONTAINER_TAGS or tag in rules.LIST_ITEM_TAGS:
            self.flush()
            self.walk(node, depth)
            self.flush()
        else:  # custom elements and unknown tags: transparent
            self.walk(node, depth)

    def _inline(self, node: LexborNode, tag: str, depth: int) -> None:
        """Inline markup; italic and bold text is counted (captions, bold subheadings)."""
        if tag == "a":
            self._anchor(node, depth)
            return
        before = self._length
        self.walk(node, depth)
        if tag in rules.CAPTION_STYLE_TAGS:
            self._styled += self._length - before
        elif tag in rules.BOLD_TAGS:
            self._bold += self._length - before

    def _quoted(self, node: LexborNode, depth: int) -> None:
        self.flush()
        self._quote += 1
        self.walk(node, depth)
        self.flush()
        self._quote -= 1

    def _skipped(self, node: LexborNode, tag: str) -> bool:
        """Skip page furniture (recording related boxes and notes) unless it is the article."""
        attrs = node.attributes
        if not attrs and tag not in rules.FURNITURE_TAGS:
            return False
        if "hidden" in attrs or "display:none" in (attrs.get("style") or "").replace(" ", ""):
            return True
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower() if attrs else ""
        if names.strip() and tag != "figure" and self._media(node, names):
            return True
        furniture = tag in rules.FURNITURE_TAGS or bool(names.strip() and (
            rules.BOILERPLATE_CLASS.search(names) or rules.AD_CLASS.search(names)
            or rules.BOILERPLATE_ANYWHERE.search(names) or rules.CAPTION_CLASS.search(names))
            and not rules.BODY_CLASS.search(names))
        if furniture and self.lenient and tag not in rules.FURNITURE_TAGS:
            furniture = bool(rules.AD_CLASS.search(names) or rules.RELATED_CLASS.search(names)
                             or rules.NEVER_PROSE_CLASS.search(names))
        if not furniture:
            return False
        if self.mass.get(node, 0) >= self.furniture_guard > 0 or self._template_section(node, names):
            return False
        if tag != "blockquote" and node.css_first("blockquote") is not None and not (
                rules.CAPTION_CLASS.search(names)):
            return False  # an embedded post (tweet, Instagram) in a "social" wrapper is quoted text
        if rules.RELATED_CLASS.search(names):
            self._collect_related(node)
        elif rules.NOTE_CLASS.search(names):
            note = " ".join(node.text(separator=" ").split())
            if note:
                self.out.notes.append(note)
        return True

    def _template_section(self, node: LexborNode, names: str) -> bool:
        """A prose section a page builder named like furniture ("elementor-widget",
        "cws-jump-section", "field--label-hidden"): it holds real paragraph text, and other
        elements of exactly its tag and class hold as much (one section of many, not a
        one-off box such as an appeal, a bio or a modal). Ads, related boxes, tickers, bios,
        modals … (``rules.NEVER_PROSE_CLASS``) never are."""
        if self.mass.get(node, 0) < rules.FURNITURE_PROSE_CHARS or not node.attributes.get("class"):
            return False
        if rules.AD_CLASS.search(names) or rules.RELATED_CLASS.search(names) or (
                rules.NEVER_PROSE_CLASS.search(names)):
            return False
        if self._templates is None:
            self._templates = Counter(
                _template(n) for n, chars in self.mass.items()
                if chars >= rules.FURNITURE_PROSE_CHARS and n.tag not in ("html", "body", "-document"))
        return self._templates[_template(node)] >= rules.TEMPLATE_MIN_SECTIONS

    def _media(self, node: LexborNode, names: str) -> bool:
        """A picture wrapper ("photo", "inline-image") read as one figure: image + caption."""
        if not rules.MEDIA_CLASS.search(names):
            return False
        img = node.css_first("img")
        if img is None or len(node.text()) > rules.MEDIA_MAX_CHARS:
            return False
        if node.css_first("p, h2, h3, blockquote") is not None and len(node.text()) > 0:
            caption_node = node.css_first("figcaption")
            if caption_node is None:
                return False
        caption = " ".join(node.text(separator=" ").split())
        self._image(img, caption or None)
        return True

    # --- inline text -------------------------------------------------------------

    def _add_text(self, text: str) -> None:
        text = collapse_space(text)
        if not text:
            return
        if text[0] == " " and (not self._length or self._parts[-1][-1] in " \n"):
            text = text[1:]
            if not text:
                return
        self._parts.append(text)
        self._length += len(text)

    def _line_break(self) -> None:
        if not self._length:
            return
        if self._parts[-1].endswith("\n"):
            self.flush()  # <br><br>: a paragraph break
            return
        if self._parts[-1].endswith(" "):
            self._parts[-1] = self._parts[-1][:-1]
            self._length -= 1
        self._parts.append("\n")
        self._length += 1

    def _anchor(self, node: LexborNode, depth: int) -> None:
        start, flushes = self._length, self._flushes
        self.walk(node, depth)
        if flushes != self._flushes:
            return  # the anchor wrapped whole blocks (a teaser card): no inline link
        raw = "".join(self._parts)[start:]
        text = raw.strip()
        if text:
            href = resolve_href(node.attributes.get("href"), self.base_url)
            self._links.append(Link(text=text, href=href, start=start + len(raw) - len(raw.lstrip())))

    def flush(self, kind: BlockKind = BlockKind.PARAGRAPH, level: int = 0) -> None:
        """Close the current paragraph (or list item) into a block."""
        if not self._length:
            return
        raw = "".join(self._parts)
        self._parts, self._length, self._flushes = [], 0, self._flushes + 1
        links, self._links = self._links, []
        styled, bold, self._styled, self._bold = self._styled, self._bold, 0, 0
        text = raw.strip()
        if not text:
            return
        if kind is BlockKind.PARAGRAPH and self._items is None and not self._quote:
            if self._caption_after_image(text, styled):
                return
            if _bold_heading(text, bold):
                kind, level = BlockKind.HEADING, rules.BOLD_HEADING_LEVEL
        shift = len(raw) - len(raw.lstrip())
        links = [Link(text=ln.text, href=ln.href, start=(ln.start or 0) - shift) for ln in links
                 if (ln.start or 0) - shift + len(ln.text) <= len(text)]
        if self._items is not None:
            self._items.append((" ".join(text.split()), links))
            return
        if kind is BlockKind.PARAGRAPH and self._quote:
            kind = BlockKind.QUOTE
        self.out.blocks.append(Block(kind=kind, text=text, links=tuple(links), level=level))

    # --- block elements ----------------------------------------------------------

    def _list(self, node: LexborNode, tag: str, depth: int) -> None:
        self.flush()
        if self._items is not None:  # a nested list: its items join the outer list
            self.walk(node, depth)
            self.flush()
            return
        self._items = []
        self.walk(node, depth)
        self.flush()
        items, self._items = self._items, None
        if items:
            self.out.blocks.append(_list_block(items, ordered=tag == "ol"))

    def _rule(self, node: LexborNode, depth: int) -> None:
        self.flush()  # <hr>: a break between paragraphs

    def _picture(self, node: LexborNode, depth: int) -> None:
        self._image(node, None)

    def _code(self, node: LexborNode, depth: int) -> None:
        self.flush()
        text = node.text(deep=True).strip("\n")
        if text.strip():
            self.out.blocks.append(Block(kind=BlockKind.CODE, text=text))

    def _figure(self, node: LexborNode, depth: int) -> None:
        self.flush()
        img = node.css_first("img")
        if img is None:
            if node.css_first("table, p, blockquote, pre") is not None and not node.css_first(
                    "figcaption"):
                self.walk(node, depth)
                self.flush()
            return
        caption = node.css_first("figcaption")
        self._image(img, " ".join(caption.text(separator=" ").split()) if caption else None)

    def _image(self, img: LexborNode, caption: str | None) -> None:
        attrs = img.attributes
        sources = (attrs.get(name) for name in rules.IMAGE_SRC_ATTRIBUTES)
        src = next((value for value in sources if value and not value.startswith("data:")), None)
        if src is None:
            return
        if self._length and caption is None:
            return  # an inline icon or emoji inside a paragraph
        self.flush()
        self.out.blocks.append(Block(kind=BlockKind.IMAGE, text=caption or "",
                                     src=resolve_href(src, self.base_url)))
        self._alt = _caption_key(attrs.get("alt") or "")

    def _caption_after_image(self, text: str, styled: int) -> bool:
        """A short line right after a picture that repeats its alt text or is all italic/small
        is the picture's caption: it goes onto the image block, not into the body."""
        blocks = self.out.blocks
        if not blocks or blocks[-1].kind is not BlockKind.IMAGE or len(text) > rules.CAPTION_MAX_CHARS:
            return False
        key = _caption_key(text)
        if not (key and (key == self._alt or styled >= rules.CAPTION_STYLED_SHARE * len(text))):
            return False
        if not blocks[-1].text:
            blocks[-1] = replace(blocks[-1], text=" ".join(text.split()))
        return True

    def _table(self, node: LexborNode, depth: int) -> None:
        self.flush()
        if any(inner.mem_id != node.mem_id for inner in node.css(rules.LAYOUT_TABLE_SELECTOR)):
            self.walk(node, depth)  # a layout table: its cells are ordinary containers
            self.flush()
            return
        rows: list[tuple[str, ...]] = []
        for row in node.css("tr"):
            cells = tuple(" ".join(c.text(separator=" ").split()) for c in row.css("th, td"))
            if any(cells) and (not rows or rows[-1] != cells):  # sticky headers repeat a row
                rows.append(cells)
        if len(rows) < 1 or max(len(r) for r in rows) < 2:
            self.walk(node, depth)
            self.flush()
            return
        self.out.blocks.append(Block(kind=BlockKind.TABLE, rows=tuple(rows),
                                     text="\n".join(" | ".join(r) for r in rows)))

    def _collect_related(self, node: LexborNode) -> None:
        for a in node.css("a"):
            href = resolve_href(a.attributes.get("href"), self.base_url)
            entry = related_entry(a.text(separator=" "), href)
            if entry is not None and href not in self._related_seen:
                self._related_seen.add(href)
                self.out.related.append(entry)


_BLOCK_HANDLERS: dict[str, Callable[[BlockWalker, LexborNode, int], None]] = {
    "pre": BlockWalker._code,
    "figure": BlockWalker._figure,
    "img": BlockWalker._picture,
    "table": BlockWalker._table,
    "hr": BlockWalker._rule,
}


def _bold_heading(text: str, bold: int) -> bool:
    """A short paragraph set wholly in bold, not ending like a sentence, is a subheading."""
    return (len(text) <= rules.BOLD_HEADING_MAX_CHARS and bold >= len(text) and text[0].isalnum()
            and text[-1] not in rules.SENTENCE_END and not rules.NOT_A_HEADING.search(text))


def _caption_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _list_block(items: list[tuple[str, list[Link]]], *, ordered: bool) -> Block:
    """Join list items into one LIST block (one item per line), links re-based."""
    parts: list[str] = []
    links: list[Link] = []
    offset = 0
    for text, item_links in items:
        # Items were whitespace-normalised after their links were placed: find each anchor again.
        for link in item_links:
            at = text.find(link.text, max(0, min(link.start or 0, len(text)) - len(link.text)))
            if at < 0:
                at = text.find(link.text)
            if at >= 0:
                links.append(Link(text=link.text, href=link.href, start=offset + at))
        parts.append(text)
        offset += len(text) + 1
    return Block(kind=BlockKind.LIST, text="\n".join(parts), links=tuple(links), ordered=ordered)
