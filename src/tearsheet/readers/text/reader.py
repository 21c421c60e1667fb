"""Text dump (the text a PDF extraction server returned for a print) → Article.

Stages:

1. decode, normalise newlines;
2. pages and their URL lists (``pages``);
3. unwrap hard-wrapped lines into paragraphs, rejoin paragraphs a page break split
   (``paragraphs``);
4. the header — title, byline, date — only when the dump shows one: the first paragraph
   is a title only if a byline or date line follows it (``header``);
5. put a URL back on its anchor only on strong evidence, keep the rest as unplaced links
   with their page (``links``);
6. a dump cut off mid-sentence marks its last block and the article as truncated (a rights
   notice, printed last and whole, is a complete ending).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import datetime

from tearsheet.models import Article, Author, Block, BlockKind, Capture, CaptureKind
from tearsheet.options import ReadOptions
from tearsheet.readers.common.charset import decode
from tearsheet.readers.common.prose import check_article_text
from tearsheet.readers.text.header import byline_names, parse_date
from tearsheet.readers.text.links import place_links
from tearsheet.readers.text.pages import split_pages
from tearsheet.readers.text.paragraphs import Paragraph, ends_sentence, paragraphs

MAX_TITLE_CHARS = 300  # a headline; a longer first paragraph is body text
HEADER_PARAGRAPHS = 3  # byline and date sit right under the title
MAX_NOTICE_CHARS = 300  # a rights notice is a line or two; a longer paragraph is body text
# A rights notice: the copyright sign, "(c) 2019", a leading "Copyright", "All rights reserved"
# ("alleges copyright infringement by the" is a cut sentence, not a notice).
_NOTICE = re.compile(r"[©ⓒ]|\(c\)\s*\d{4}|^copyright\b|\ball rights reserved\b", re.I)


def read(capture: Capture, options: ReadOptions) -> Article:
    text = normalise(decode(capture.data, capture.content_type))
    check_article_text(text)
    dump = split_pages(text)
    paras = paragraphs(dump.pages)
    title, authors, published, paras = _header(paras)
    check_article_text("\n\n".join(p.text for p in paras))
    truncated = dump.cut and bool(paras) and not _complete_ending(paras[-1].text)
    blocks = [Block(kind=BlockKind.PARAGRAPH, text=p.text, page=p.page, page_breaks=p.page_breaks,
                    line_breaks=tuple(b for b in p.breaks if b not in p.page_breaks)) for p in paras]
    spans = [(p.page, p.last_page) for p in paras]
    placement = place_links(blocks, spans, [p.breaks for p in paras], dump.pages)
    blocks = list(placement.blocks)
    if truncated:
        last = blocks[-1]
        blocks[-1] = replace(last, truncated=True)
    return Article(
        title=title, authors=authors, published=published, url=capture.url,
        blocks=tuple(blocks), related=placement.related, unplaced_links=placement.unplaced,
        truncated=truncated, kind=CaptureKind.TEXT, capture_id=capture.id,
    )


def _complete_ending(text: str) -> bool:
    """The last paragraph ends the article: a whole sentence, or a rights notice.

    A copyright line ("ⓒ … 무단전재 및 재배포금지", "© 2019 Reuters") is printed last and
    whole, and often has no final stop; it is not a half sentence.
    """
    return ends_sentence(text) or (len(text) <= MAX_NOTICE_CHARS and _NOTICE.search(text) is not None)


# Latin ligatures (ﬁ, ﬂ, ﬀ …) that pdfminer and pypdf copy out of a PDF's fonts.
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\ufeff", "")
    return text.translate(_LIGATURES)


Header = tuple[str | None, tuple[Author, ...], datetime | None, list[Paragraph]]


def _header(paras: list[Paragraph]) -> Header:
    """Title, authors and date at the top, and the paragraphs left for the body."""
    if len(paras) < 2 or paras[0].page != 1 or len(paras[0].text) > MAX_TITLE_CHARS:
        return None, (), None, paras
    names: tuple[str, ...] | None = None
    published: datetime | None = None
    used = 1
    for para in paras[1:1 + HEADER_PARAGRAPHS - 1]:
        found_names = None if names else byline_names(para.text)
        found_date = None if published else parse_date(para.text)
        if found_names is None and found_date is None:
            break
        names = names or found_names
        published = published or found_date
        used += 1
    if used == 1:
        return None, (), None, paras
    authors = tuple(Author(name=name) for name in names or ())
    return paras[0].text, authors, published, paras[used:]
