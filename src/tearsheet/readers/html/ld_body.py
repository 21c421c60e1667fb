"""The article body a page states in its JSON-LD (``articleBody``): the fallback body.

Pages rendered by JavaScript (or cut by a paywall) often ship little visible text but
the whole story in ``<script type="application/ld+json">``. The reader takes it only
when the visible body is missing or far shorter (see ``rules.LD_BODY_SHARE``).
The scripts are collected before the tree is cleaned; they are parsed only when needed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser

from tearsheet.models import Block, BlockKind

_SELECTOR = 'script[type="application/ld+json"]'
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n|<br\s*/?>\s*<br\s*/?>|</p>", re.I)
MAX_DEPTH = 20  # JSON-LD nests @graph and mainEntity a few levels; deeper is not an article


def ld_scripts(tree: LexborHTMLParser) -> list[str]:
    """The raw JSON-LD texts of the page (cheap; call before scripts are stripped)."""
    return [node.text() for node in tree.css(_SELECTOR)]


def ld_body(scripts: list[str]) -> str | None:
    """The longest ``articleBody`` stated in the scripts, or None."""
    bodies: list[str] = []
    for script in scripts:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # broken or absurdly nested JSON: no statement
            continue
        bodies.extend(_article_bodies(data, 0))
    return max(bodies, key=len) if bodies else None


def ld_blocks(body: str) -> tuple[Block, ...]:
    """Paragraph blocks from an ``articleBody`` (plain text, sometimes with tags left in)."""
    paragraphs = _PARAGRAPH_BREAK.split(body)
    if len(paragraphs) == 1:
        paragraphs = body.split("\n")
    texts = (" ".join(html.unescape(_TAG.sub(" ", p)).split()) for p in paragraphs)
    return tuple(Block(kind=BlockKind.PARAGRAPH, text=text) for text in texts if text)


def _article_bodies(data: object, depth: int) -> Iterator[str]:
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _article_bodies(item, depth + 1)
    elif isinstance(data, dict):
        body = data.get("articleBody")
        if isinstance(body, str) and body.strip():
            yield body
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            if key in data:
                yield from _article_bodies(data[key], depth + 1)
