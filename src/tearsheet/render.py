"""Article → Markdown (the layout of a web clip) and plain text.

JSON lives in ``tearsheet.schema``. The Markdown layout is the one web clippers
write — ``# Title``, ``By [Name](profile)``, a date line, the body with inline
``[anchor](href)``, and an ``Original url:`` footer — so the Markdown reader reads
tearsheet's own output back into the same article.
"""

from __future__ import annotations

import json
from datetime import datetime

from tearsheet.models import Article, Author, Block, BlockKind, Image, Link, Related, install_renderer
from tearsheet.schema import to_dict

__all__ = ["field_text", "to_dict", "to_json", "to_markdown", "to_text"]


def to_json(article: Article, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(article), ensure_ascii=False, indent=indent)


def to_markdown(article: Article) -> str:
    parts: list[str] = []
    if article.title:
        parts.append(f"# {article.title}")
    if article.authors:
        parts.append("By " + _join_names([_author_markdown(a) for a in article.authors]))
    if article.published:
        parts.append(format_date(article.published))
    if article.subtitle:
        # Clippers set the dek off from the body by three empty lines; the Markdown
        # reader relies on that to tell a dek from a first paragraph.
        parts.append(article.subtitle + "\n\n")
    if article.image and (article.image.caption or article.image.credit):
        parts.append(_photo_line(article.image))
    parts.extend(_block_markdown(block) for block in article.blocks)
    if article.truncated:
        parts.append("*[…the capture ends here, cut off]*")
    if article.related:
        entries = [f"- {_link_markdown(r.title, r.href)}" for r in article.related]
        parts.append("\n".join(["**Related:**", *entries]))
    parts.extend(f"*{note}*" for note in article.notes)
    if article.url:
        parts.append(f"Original url:\n\n<{article.url}>")
    return "\n\n".join(p for p in parts if p) + "\n"


def to_text(article: Article) -> str:
    head = [article.title or ""]
    if article.authors:
        head.append("By " + _join_names([a.name for a in article.authors]))
    if article.published:
        head.append(format_date(article.published))
    header = "\n".join(line for line in head if line)
    return "\n\n".join(p for p in (header, article.text) if p) + "\n"


def field_text(article: Article, name: str) -> str:
    """A metadata field's value in words, as provenance tables show it (never a Python
    repr): names and tags as a comma-separated list, a date in ISO 8601, the lead image as
    its address, caption and credit."""
    value = getattr(article, name, None)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Image):
        credit = f"Credit: {value.credit}" if value.credit else None
        return " — ".join(part for part in (value.src, value.caption, credit) if part)
    if isinstance(value, tuple):
        return ", ".join(_item_text(item) for item in value)
    return str(value)


def _item_text(item: object) -> str:
    if isinstance(item, Author):
        return item.name
    if isinstance(item, (Related, Link)):
        return item.title if isinstance(item, Related) else item.text
    return str(item)


def format_date(value: datetime) -> str:
    """The date line of a clip: ``November 19, 2019``."""
    return f"{value:%B} {value.day}, {value.year}"


def _photo_line(image: Image) -> str:
    """The lead photo as a clip names it: ``caption Credit: credit`` or ``[credit](src)``."""
    if image.credit and not image.caption and image.src:
        return _link_markdown(image.credit, image.src)
    if image.credit:
        return " ".join(p for p in (image.caption, f"Credit: {image.credit}") if p)
    return image.caption or ""


def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _author_markdown(author: Author) -> str:
    return _link_markdown(author.name, author.url)


def _link_markdown(text: str, href: str | None) -> str:
    # An unknown target (a clip's "#" placeholder) is rendered as plain text:
    # writing "(#)" would claim a link target that nobody knows.
    if not href:
        return text
    return f"[{_escape_brackets(text)}]({href.replace(' ', '%20').replace(')', '%29')})"


def _escape_brackets(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def inline_markdown(text: str, links: tuple[Link, ...]) -> str:
    """``text`` with every placed link written as ``[anchor](href)``."""
    out: list[str] = []
    cursor = 0
    for link in sorted((ln for ln in links if ln.start is not None), key=lambda ln: ln.start or 0):
        start = link.start or 0
        if start < cursor or text[start:start + len(link.text)] != link.text:
            continue  # overlapping or stale offsets: keep the words, drop the link
        out.append(text[cursor:start])
        out.append(_link_markdown(link.text, link.href))
        cursor = start + len(link.text)
    out.append(text[cursor:])
    return "".join(out)


def _block_markdown(block: Block) -> str:
    body = inline_markdown(block.text, block.links)
    if block.kind is BlockKind.HEADING:
        return "#" * max(2, min(block.level or 2, 6)) + " " + body
    if block.kind is BlockKind.LIST:
        lines = body.split("\n")
        markers = [f"{i}." for i in range(1, len(lines) + 1)] if block.ordered else ["-"] * len(lines)
        return "\n".join(f"{marker} {line}" for marker, line in zip(markers, lines, strict=True))
    if block.kind is BlockKind.QUOTE:
        return "\n".join(f"> {line}" for line in body.split("\n"))
    if block.kind is BlockKind.IMAGE:
        image = f"![{_escape_brackets(block.text)}]({block.src})" if block.src else ""
        return "\n\n".join(p for p in (image, f"*{body}*" if body else "") if p)
    if block.kind is BlockKind.CODE:
        return f"```\n{block.text}\n```"
    if block.kind is BlockKind.TABLE and block.rows:
        return _table_markdown(block.rows)
    return body


def _table_markdown(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(row) for row in rows)
    padded = [list(row) + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in padded]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


install_renderer("markdown", to_markdown)
install_renderer("text", to_text)
