"""Bound how deep a page nests before lexbor parses it.

lexbor's tree building costs time in proportion to the depth of the open-element stack
for every element, so a page of 200,000 nested ``<div>`` (2.2 MB) took 104 s to parse
(quadratic in the depth). Real pages nest a few dozen elements deep. A linear pre-scan
counts open and close tags; only a page that goes deeper than ``MAX_DEPTH`` is rewritten,
dropping the tags below that depth and keeping their text, so the content survives
flattened into the element at the limit.

The count is an estimate (it does not know which elements HTML closes implicitly), which
errs on the deep side: a page it thinks too deep loses some structure, never text.
"""

from __future__ import annotations

import re

# Real pages nest a few dozen levels (the deepest of the captures set and fixtures: 31);
# lexbor at depth 2,000 costs milliseconds. Deeper is machine-made or hostile. High enough
# that most pages have fewer opening tags than this and skip the scan (~2 ms a page).
MAX_DEPTH = 2000

# Elements with no end tag: they never deepen the tree.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image"})
# Elements whose content is text up to their end tag, not markup.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                       "plaintext"})
# A tag start, or a comment start. The attributes are found separately, stopping at the
# next "<" or ">", so an unclosed tag costs only the text up to the next tag.
_TOKEN = re.compile(r"<!--|<(/?)([A-Za-z][^\s/<>]*)")
_TAG_REST = re.compile(r"[^<>]*>?")


def limit_depth(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` with the tags below ``max_depth`` levels of nesting removed (text kept)."""
    opening = html.count("<") - html.count("</")  # the depth can never pass this
    if opening <= max_depth or _deepest(html, max_depth) <= max_depth:
        return html
    return _flatten(html, max_depth)


def _tags(html: str) -> list[tuple[int, int, int]]:
    """(start, end, +1 open / -1 close / 0 neither) of every tag, comments and raw text skipped."""
    lower = html.lower()
    tags: list[tuple[int, int, int]] = []
    position = 0
    while (match := _TOKEN.search(html, position)) is not None:
        if match.group(0) == "<!--":
            end = html.find("-->", match.end())
            if end < 0:
                break  # the rest of the page is a comment
            position = end + 3
            continue
        closing, name = match.group(1), match.group(2).lower()
        end = _TAG_REST.match(html, match.end()).end()  # type: ignore[union-attr]  # always matches
        step = 0 if name in _VOID else (-1 if closing else 1)
        tags.append((match.start(), end, step))
        position = end
        if step == 1 and name in _RAW_TEXT:
            close = lower.find("</" + name, end)
            if close < 0:
                break  # the rest of the page is this element's text
            position = close
    return tags


def _deepest(html: str, max_depth: int) -> int:
    depth = deepest = 0
    for _, _, step in _tags(html):
        depth = max(0, depth + step)
        deepest = max(deepest, depth)
        if deepest > max_depth:
            break
    return deepest


def _flatten(html: str, max_depth: int) -> str:
    parts: list[str] = []
    depth = 0
    kept_until = 0
    for start, end, step in _tags(html):
        inside = depth + step if step > 0 else depth  # an open tag's own level; a close tag's too
        depth = max(0, depth + step)
        if inside > max_depth:
            parts.append(html[kept_until:start])
            kept_until = end
    parts.append(html[kept_until:])
    return "".join(parts)
