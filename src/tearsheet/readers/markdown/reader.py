"""Markdown (or plain-text) web clip → Article.

The layout web clippers write, and ``tearsheet.render.to_markdown`` writes too::

    # Title
    By [Author](profile) and [Author](#)
    November 19, 2019
    The dek (followed by three blank lines)
    A photo caption/credit line, or [credit](url)
    Body paragraphs, ## headings, lists, > quotes …
    **Related article:** [Title](#)
    *An italic disclaimer.*
    Original url:
    <https://…>

Stages: chunks between blank lines; the footer (``Original url:``); the header (title,
byline, date, dek, photo line — each optional, in that order); then every other chunk is
a body block, except related-article lines (→ ``related``), whole-italic paragraphs
(→ ``notes``) and the truncation marker tearsheet itself writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from tearsheet.models import Article, Author, Block, BlockKind, Capture, CaptureKind, Image, Related
from tearsheet.options import ReadOptions
from tearsheet.readers.common.charset import decode
from tearsheet.readers.common.prose import check_article_text
from tearsheet.readers.common.urls import join_url, split_url
from tearsheet.readers.markdown.blocks import Chunk, chunks, is_wrapped_heading, join_wrapped, to_block
from tearsheet.readers.markdown.front_matter import FrontMatter, split_front_matter
from tearsheet.readers.markdown.inline import Inline, parse_inline
from tearsheet.readers.markdown.page import is_whole_page, select_main
from tearsheet.readers.markdown.photo import is_interface_label, photo_line
from tearsheet.readers.markdown.template import excerpt, is_rule, without_site
from tearsheet.readers.text.header import byline_names, date_line, parse_date
from tearsheet.readers.text.reader import normalise

DEK_BLANK_LINES = 3  # clippers end the dek with three blank lines (a paragraph gets one)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|\.html?$|$)")
DATE_LINE_BLOCKS = 8  # a page's date line sits among the first blocks of a reader view
MAX_DATE_LINE_CHARS = 160  # "PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:43, Wed, Nov 20, 2019"
TEMPLATE_CHUNKS = 4  # a template's excerpt quote sits right under the title
MAX_TITLE_CHARS = 300  # an untitled clip's first line is a title only if it is this short

_FOOTER = re.compile(r"(?:original\s+(?:url|link|article)|source|url)\s*:\s*(?P<rest>.*)", re.I | re.S)
_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+)>?")
_RELATED = re.compile(
    r"(?:\*\*|__)?(?:related(?:\s+(?:article|articles|story|stories|coverage|content))?|read\s+more|"
    r"see\s+also|also\s+read|read\s+also|more\s+on\s+this)\s*:?\s*(?:\*\*|__)?\s*:?\s*(?P<rest>.*)",
    re.I | re.S,
)
_ITALIC = re.compile(r"(?:\*(?P<star>[^*\s](?:.*[^*\s])?)\*|_(?P<under>[^_\s](?:.*[^_\s])?)_)", re.S)
TRUNCATION_MARK = "[…the capture ends here, cut off]"  # what render.to_markdown writes


@dataclass(frozen=True, slots=True, kw_only=True)
class _Header:
    title: str | None = None
    authors: tuple[Author, ...] = ()
    published: datetime | None = None
    subtitle: str | None = None
    image: Image | None = None


def read(capture: Capture, options: ReadOptions) -> Article:
    text = normalise(decode(capture.data, capture.content_type))
    check_article_text(text)
    front, text = split_front_matter(text)
    parts = chunks(text)
    url, parts = _footer(parts)
    url = url or (front.url if front else None) or capture.url
    template_parts = len(parts)
    parts, quoted = _without_template(parts)
    template_parts -= len(parts)
    page_parts = parts
    header, parts = _header(parts, url)
    if front is not None:
        header = _with_front_matter(header, front)
    # A template's title (front matter, or a heading followed by template parts) is the
    # page's <title>; a plain clip's "# Title" is the headline as the page shows it.
    if header.title and (template_parts or (front is not None and front.title == header.title)):
        header = replace(header, title=without_site(header.title, url))
    header = replace(header, subtitle=header.subtitle or quoted)
    body = _body(parts, url)
    if header.published is None:
        published, body = _body_date(body)
        header = replace(header, published=published or url_date(url))
    check_article_text("\n\n".join(b.text for b in body.blocks))
    article = Article(
        title=header.title, subtitle=header.subtitle, authors=header.authors,
        published=header.published,
        url=url, image=header.image, blocks=body.blocks, related=body.related, notes=body.notes,
        truncated=body.truncated, kind=CaptureKind.MARKDOWN, capture_id=capture.id,
    )
    if not is_whole_page(article.blocks):
        return article
    if front is not None or quoted is not None:
        return select_main(article, options)  # a clipper's template header names the article
    # A whole page converted as it is: its first heading and lines may be a menu's, so no
    # header is taken off; the main-content choice finds the headline.
    whole = _body(page_parts, url)
    page = replace(article, title=None, subtitle=None, image=None, authors=(), published=None,
                   blocks=whole.blocks, related=whole.related, notes=whole.notes)
    return select_main(page, options)


def _body_date(body: _Body) -> tuple[datetime | None, _Body]:
    """A date line near the top of the body (a reader view keeps the page's byline area):
    its date, and the body without it."""
    for position, block in enumerate(body.blocks[:DATE_LINE_BLOCKS]):
        if block.kind is not BlockKind.PARAGRAPH or len(block.text) > MAX_DATE_LINE_CHARS:
            continue
        found = date_line(block.text)
        if found is not None:
            blocks = body.blocks[:position] + body.blocks[position + 1:]
            return found, replace(body, blocks=blocks)
    return None, body


def url_date(url: str | None) -> datetime | None:
    """The day a news URL's path names (``/2019/11/19/``, ``/2019-11-19/``): the clip's own
    header said no date, and clippers keep the URL."""
    match = _URL_DATE.search(split_url(url).path) if url else None
    if match is None:
        return None
    try:
        return datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _without_template(parts: list[Chunk]) -> tuple[list[Chunk], str | None]:
    """The chunks without a clipper template's rules and excerpt quote (its text returned)."""
    kept: list[Chunk] = []
    quoted: str | None = None
    for position, chunk in enumerate(parts):
        if is_rule(chunk):
            continue
        found = excerpt(chunk) if position < TEMPLATE_CHUNKS else None
        if found is not None:
            quoted = quoted or found
            continue
        kept.append(chunk)
    return kept, quoted


def _with_front_matter(header: _Header, front: FrontMatter) -> _Header:
    """Fill what the clip's own header lines did not say from its front matter."""
    return _Header(
        title=header.title or front.title,
        authors=header.authors or tuple(Author(name=name) for name in front.authors),
        published=header.published or front.published,
        subtitle=header.subtitle or front.description,
        image=header.image,
    )


def _footer(parts: list[Chunk]) -> tuple[str | None, list[Chunk]]:
    """The ``Original url:`` footer's URL (and the chunks before it)."""
    for i in range(len(parts) - 1, max(-1, len(parts) - 3), -1):
        match = _FOOTER.fullmatch(parts[i].text.strip())
        if not match:
            continue
        rest = match.group("rest").strip() or (parts[i + 1].text.strip() if i + 1 < len(parts) else "")
        found = _URL.fullmatch(rest)
        if found:
            return found.group("url"), parts[:i]
    return None, parts


def _header(parts: list[Chunk], base: str | None) -> tuple[_Header, list[Chunk]]:
    title, i = _title(parts)
    if title is None:
        return _Header(), parts
    authors: tuple[Author, ...] = ()
    published = None
    for _ in range(2):  # byline and date, in either order
        if i >= len(parts):
            break
        inline = parse_inline(parts[i].text)
        found_authors = () if authors else _authors(inline, base)
        found_date = None if published else parse_date(inline.text)
        # A byline naming a desk only ("By Podium Staff") is the byline all the same.
        byline = not authors and byline_names(inline.text) is not None
        if not found_authors and not byline and found_date is None:
            break
        authors = authors or found_authors
        published = published or found_date
        i += 1
    subtitle = None
    dek = to_block(parts[i]) if i < len(parts) - 1 and parts[i].blank_after >= DEK_BLANK_LINES else None
    if dek is not None and dek.kind is BlockKind.PARAGRAPH:
        subtitle = dek.text
        i += 1
    while i < len(parts) - 1 and is_interface_label(parts[i].text):  # a consent dialog's "Always Enabled"
        i += 1
    image = photo_line(parts[i].text, base) if i < len(parts) - 1 else None
    if image is not None:
        i += 1
    header = _Header(title=title, authors=authors, published=published, subtitle=subtitle, image=image)
    return header, parts[i:]


def _title(parts: list[Chunk]) -> tuple[str | None, int]:
    if not parts:
        return None, 0
    first = parts[0]
    if re.match(r"#[ \t]+\S", first.lines[0]) and (len(first.lines) == 1 or is_wrapped_heading(first.lines)):
        line = re.sub(r"^(?:#+[ \t]*)+", "", first.lines[0]).rstrip("#").strip()
        return parse_inline(join_wrapped([line, *first.lines[1:]])).text, 1
    if len(first.lines) == 2 and re.fullmatch(r"=+\s*", first.lines[1]):  # a setext "Title\n====="
        return parse_inline(first.lines[0].strip()).text, 1
    # A plain-text clip: its first line is the title only when a byline or date follows.
    if len(first.lines) == 1 and len(first.text) <= MAX_TITLE_CHARS and len(parts) > 2:
        following = parse_inline(parts[1].text).text
        if byline_names(following) or parse_date(following):
            return parse_inline(first.text).text, 1
    return None, 0


def _authors(inline: Inline, base: str | None) -> tuple[Author, ...]:
    names = byline_names(inline.text)
    if not names:
        return ()
    hrefs = {link.text.strip(): link.href for link in inline.links}
    return tuple(Author(name=name, url=_absolute(hrefs.get(name), base)) for name in names)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Body:
    blocks: tuple[Block, ...]
    related: tuple[Related, ...]
    notes: tuple[str, ...]
    truncated: bool


def _body(parts: list[Chunk], base: str | None) -> _Body:
    blocks: list[Block] = []
    related: list[Related] = []
    notes: list[str] = []
    truncated = False
    for chunk in parts:
        source = chunk.text.strip()
        if source == f"*{TRUNCATION_MARK}*":
            truncated = True
            continue
        found = _related(chunk)
        if found is not None:
            related.extend(Related(title=r.title, href=_absolute(r.href, base)) for r in found)
            continue
        block = to_block(chunk)
        if block is None:
            continue
        if blocks and blocks[-1].kind is BlockKind.IMAGE and _is_caption_of(source, blocks[-1]):
            continue
        note = _note(source)
        if note is not None:
            notes.append(note)
            continue
        blocks.append(_resolve(block, base))
    if truncated and blocks:
        blocks[-1] = replace(blocks[-1], truncated=True)
    return _Body(blocks=tuple(blocks), related=tuple(related), notes=tuple(notes), truncated=truncated)


def _related(chunk: Chunk) -> list[Related] | None:
    """The entries of a related-article line or list, or None for any other chunk."""
    lines = chunk.lines
    match = _RELATED.fullmatch(lines[0].strip())
    if match is None:
        return None
    rest = match.group("rest").strip()
    entries = [rest] if rest else []
    entries += [re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line) for line in lines[1:]]
    if not entries or len(lines) == 1 and not rest:
        return None
    result = []
    for entry in entries:
        inline = parse_inline(entry)
        if not inline.text.strip():
            continue
        whole_link = len(inline.links) == 1 and inline.links[0].text == inline.text
        href = inline.links[0].href if whole_link else None
        result.append(Related(title=inline.text.strip(), href=href))
    return result or None


def _note(source: str) -> str | None:
    """A paragraph set wholly in italics (an editor's note, a disclaimer) → its text."""
    match = _ITALIC.fullmatch(source)
    if match is None:
        return None
    inner = match.group("star") or match.group("under") or ""
    if "*" in inner.replace("**", "") or "\n\n" in inner:
        return None  # "*a* and *b*" is two emphases, not one italic paragraph
    return parse_inline(inner).text


def _is_caption_of(source: str, image: Block) -> bool:
    note = _note(source)
    return note is not None and note == image.text


def _resolve(block: Block, base: str | None) -> Block:
    if not base or not any(link.href for link in block.links):
        return block
    links = tuple(replace(link, href=_absolute(link.href, base)) for link in block.links)
    return replace(block, links=links)


def _absolute(href: str | None, base: str | None) -> str | None:
    if href is None or base is None or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href):
        return href
    return join_url(base, href)
