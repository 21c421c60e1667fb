"""Related-story boxes anywhere on the page ("Related", "More stories", "Recommended").

The body walk keeps the boxes it meets inside the article; most pages put theirs in a
sidebar or below the story, outside the article's container. They are collected here,
before the tree is cleaned (asides and footers go then), as ``Related`` entries.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from tearsheet.models import Related
from tearsheet.readers.html import rules as rules
from tearsheet.readers.html.blocks import related_entry, resolve_href
from tearsheet.readers.html.body import class_of, has_ancestor_in

# A cheap CSS pre-filter; RELATED_CLASS then decides on the whole class/id.
_SELECTOR = ", ".join(f'[{attr}*="{word}"]' for attr in ("class", "id") for word in (
    "elated", "ecommend", "more-", "opular", "rending"))


def related_boxes(tree: LexborHTMLParser, base_url: str | None) -> list[Related]:
    """Entries of the page's related-story boxes, in page order, without duplicates."""
    root = tree.body
    if root is None:
        return []
    boxes = [node for node in root.css(_SELECTOR) if rules.RELATED_CLASS.search(class_of(node))]
    inside = set(boxes)
    entries: list[Related] = []
    seen: set[str] = {base_url} if base_url else set()
    for box in boxes:
        if has_ancestor_in(box, inside):
            continue
        for anchor in box.css("a[href]"):
            href = resolve_href(anchor.attributes.get("href"), base_url)
            entry = related_entry(anchor.text(separator=" "), href)
            if href and entry is not None and href not in seen:
                seen.add(href)
                entries.append(entry)
                if len(entries) >= rules.MAX_RELATED:
                    return entries
    return entries
