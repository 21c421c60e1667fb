"""A Markdown clip's chunks (text between blank lines) → body ``Block`` objects.

Chunks keep how many blank lines followed them: a clipper marks the end of the dek with
three, which is the only thing that tells a dek from a first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tearsheet.models import Block, BlockKind, Link
from tearsheet.readers.markdown.html_block import HTML_BLOCK_START, MAX_HTML_BLOCK_LINES, closes, html_block
from tearsheet.readers.markdown.inline import parse_inline

_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_BULLET = re.compile(r"[ \t]{0,3}[-*+][ \t]+(.*)")
_ORDERED = re.compile(r"[ \t]{0,3}(\d{1,9})[.)][ \t]+(.*)")
_SETEXT = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
_QUOTE = re.compile(r"[ \t]{0,3}>[ \t]?(.*)")
_FENCE = re.compile(r"[ \t]{0,3}(```+|~~~+)")
_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
# A link target still open at the end of a line: "[anchor](https://host/some-"
_OPEN_TARGET = re.compile(r"\]\(<?[^()\s<>]*[^()\s<>\w]$")
# html2text wraps headings too (at 78 columns): a heading line this long, or one that leaves a
# link open, goes on over the next few lines. A short heading followed by lines heads a paragraph.
WRAPPED_HEADING_CHARS = 50
MAX_HEADING_LINES = 4
_BLOCK_START = re.compile(r"[ \t]{0,3}(?:#|[-*+>][ \t]|\d{1,9}[.)][ \t]|!?\[)")
_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\[\]\\]|\\.)*)\]\((?P<src>[^()\s]*)\)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Chunk:
    lines: tuple[str, ...]
    blank_after: int  # blank lines that follow the chunk

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def chunks(text: str) -> list[Chunk]:
    """Split on blank lines; a fenced code block, or an HTML block up to its closing tag,
    stays one chunk even with blank lines inside."""
    result: list[Chunk] = []
    current: list[str] = []
    blanks = 0
    fence: str | None = None
    html_tag: str | None = None
    html_lines = 0
    for line in text.split("\n"):
        if html_tag is not None:
            current.append(line)
            html_lines += 1
            if closes(html_tag, line) or html_lines > MAX_HTML_BLOCK_LINES:
                html_tag = None
            continue
        fence_match = _FENCE.match(line)
        if fence is None and not line.strip():
            if current:
                result.append(Chunk(lines=tuple(current), blank_after=0))
                current = []
                blanks = 0
            blanks += 1
            if result:
                result[-1] = Chunk(lines=result[-1].lines, blank_after=blanks)
            continue
        if fence_match:
            closes_fence = fence is not None and fence_match.group(1).startswith(fence)
            fence = None if closes_fence else (fence or fence_match.group(1))
        elif fence is None and not current and (start := HTML_BLOCK_START.match(line)):
            tag = start.group("tag").lower()
            if tag != "img" and not closes(tag, line):
                html_tag, html_lines = tag, 0
        current.append(line)
    if current:
        result.append(Chunk(lines=tuple(current), blank_after=0))
    return [part for chunk in result for part in _heading_apart(chunk)]


def _heading_apart(chunk: Chunk) -> list[Chunk]:
    """A heading line with a paragraph right under it (no blank line) → two chunks; a heading
    wrapped over lines stays one."""
    lines = chunk.lines
    if len(lines) == 1 or not _HEADING.fullmatch(lines[0]) or is_wrapped_heading(lines):
        return [chunk]
    return [Chunk(lines=lines[:1], blank_after=0), Chunk(lines=lines[1:], blank_after=chunk.blank_after)]


def is_wrapped_heading(lines: tuple[str, ...]) -> bool:
    """``# A long headline that a converter\nwrapped`` — one heading over a few lines."""
    first = lines[0]
    if len(lines) > MAX_HEADING_LINES or any(_BLOCK_START.match(line) for line in lines[1:]):
        return False
    return len(first) >= WRAPPED_HEADING_CHARS or first.count("[") > first.count("]") \
        or _OPEN_TARGET.search(first) is not None


def to_block(chunk: Chunk) -> Block | None:
    """The body block a chunk is; None for a chunk with no text."""
    lines = chunk.lines
    heading = _HEADING.fullmatch(lines[0])
    if heading and (len(lines) == 1 or is_wrapped_heading(lines)):
        text = join_wrapped([heading.group(2), *lines[1:]])
        return _inline_block(BlockKind.HEADING, text, level=len(heading.group(1)))
    setext = _SETEXT.fullmatch(lines[1]) if len(lines) == 2 and lines[0].strip() else None
    if setext:
        return _inline_block(BlockKind.HEADING, lines[0].strip(), level=1 if setext.group()[0] == "=" else 2)
    if _FENCE.match(lines[0]):
        body = lines[1:-1] if len(lines) > 1 and _FENCE.match(lines[-1]) else lines[1:]
        return Block(kind=BlockKind.CODE, text="\n".join(body))
    if HTML_BLOCK_START.match(lines[0]) and chunk.text.rstrip().endswith(">"):
        return html_block(chunk.text)
    image = _IMAGE.fullmatch(chunk.text.strip())
    if image:
        alt = parse_inline(image.group("alt")).text
        return Block(kind=BlockKind.IMAGE, text=alt, src=image.group("src") or None)
    quoted = [_QUOTE.fullmatch(line) for line in lines]
    if all(quoted):
        return _inline_block(BlockKind.QUOTE, "\n".join(match.group(1) for match in quoted if match))
    if _is_list(lines):
        return _list_block(lines)
    if len(lines) >= 2 and lines[0].strip().startswith("|") and _TABLE_RULE.fullmatch(lines[1].strip()):
        return _table_block(lines)
    return _inline_block(BlockKind.PARAGRAPH, join_wrapped(lines))


def join_wrapped(lines: tuple[str, ...] | list[str]) -> str:
    """A paragraph's lines joined by spaces — except where a line ends inside a link target:
    html2text wraps long URLs at a hyphen or slash, and the target goes on with no space."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        glue = "" if not text or (_OPEN_TARGET.search(text) and line[0] not in "\"'(") else " "
        text += glue + line
    return text


def _inline_block(kind: BlockKind, source: str, *, level: int = 0) -> Block | None:
    inline = parse_inline(source)
    if not inline.text.strip():
        return None
    return Block(kind=kind, text=inline.text, links=inline.links, level=level)


def _is_list(lines: tuple[str, ...]) -> bool:
    if all(_BULLET.fullmatch(line) for line in _items(lines)):
        return True
    lines = _items(lines)
    ordered = [_ORDERED.fullmatch(line) for line in lines]
    if not all(ordered):
        return False
    # "802. 11AC Wi-Fi" alone is a wrapped number, not a list: a list starts at 1 or has items.
    first = ordered[0]
    return len(lines) > 1 or (first is not None and first.group(1) == "1")


def _items(lines: tuple[str, ...]) -> tuple[str, ...]:
    """List lines with each item's wrapped continuation lines (indented) joined to it."""
    items: list[list[str]] = []
    for line in lines:
        if items and line[:1].isspace() and not _BULLET.fullmatch(line) and not _ORDERED.fullmatch(line):
            items[-1].append(line)
        else:
            items.append([line])
    return tuple(join_wrapped(item) if len(item) > 1 else item[0] for item in items)


def _list_block(lines: tuple[str, ...]) -> Block | None:
    lines = _items(lines)
    ordered = _ORDERED.fullmatch(lines[0]) is not None
    pattern = _ORDERED if ordered else _BULLET
    matches = [pattern.fullmatch(line) for line in lines]
    items = [match.group(2 if ordered else 1) for match in matches if match]
    texts: list[str] = []
    links: list[Link] = []
    offset = 0
    for item in items:
        inline = parse_inline(item)
        links.extend(_shifted(inline.links, offset))
        texts.append(inline.text)
        offset += len(inline.text) + 1
    if not any(t.strip() for t in texts):
        return None
    return Block(kind=BlockKind.LIST, text="\n".join(texts), links=tuple(links), ordered=ordered)


def _shifted(links: tuple[Link, ...], offset: int) -> list[Link]:
    return [replace(link, start=(link.start or 0) + offset) for link in links]


def _table_block(lines: tuple[str, ...]) -> Block:
    rows = tuple(
        tuple(parse_inline(cell.strip().replace("\\|", "|")).text
              for cell in re.split(r"(?<!\\)\|", line.strip().strip("|")))
        for i, line in enumerate(lines) if i != 1
    )
    return Block(kind=BlockKind.TABLE, text="\n".join(" | ".join(row) for row in rows), rows=rows)
