"""PDF print → Article (extra ``tearsheet[pdf]``, pypdfium2).

The cascade:

1. measure what the document asks of pdfium (``budget``: a compression bomb is refused
   before pdfium parses it), open it (typed errors for encrypted, corrupt and truncated files) and
   read it page by page — each page's lines with position, font and link spans —
   closing every page at once and stopping at ``ReadOptions.max_pdf_pages``;
2. strip the running header and footer (``running``), which also tells a
   full-page browser print (URL footer, print-date header) from a clean one;
3. lines → paragraphs (``paragraphs``), rejoining a paragraph a page break split;
4. the head: title, byline, date (``head``);
5. paragraphs → blocks with their links (``join``); headings from size/weight;
6. full-page prints only: main-content selection by the web-page reader
   (``fullpage``). A print is full-page when the browser's header/footer says so, or,
   with no header (printed with headers off, or by WeasyPrint), when its content does:
   many navigation blocks (link lists, link-only lines), as ``markdown.page`` decides for
   a whole-page clip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

from tearsheet.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    MissingExtraError,
    NotAnArticleError,
    NoTextLayerError,
)
from tearsheet.models import Article, Block, BlockKind, Capture, CaptureKind
from tearsheet.options import ReadOptions

if TYPE_CHECKING:
    import pypdfium2

    from tearsheet.readers.pdf.layout import PageLines
    from tearsheet.readers.pdf.paragraphs import Paragraph

HEADING_SCALE = 1.15  # a paragraph in a font this many times the body size is a heading
BOLD_HEADING_CHARS = 150  # a bold paragraph (body not bold) up to this long is a heading
MAX_HEADING_LEVEL = 6  # HTML has six heading levels
PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
HEAD_SEARCH_BLOCKS = 60  # a full-page print's byline and dateline are among its first blocks
INDENT_STEP = 8.0  # pt: blocks whose left edges differ this much sit in different columns or lists
HEADER_WINDOW = 1024  # readers accept "%PDF-" anywhere in the first KiB


def read(capture: Capture, options: ReadOptions) -> Article:
    """Read a PDF print of an article."""
    _pdfium()  # before the layout modules, which need it: a missing extra is a typed error
    from tearsheet.readers.markdown.page import is_whole_page
    from tearsheet.readers.pdf.fullpage import select_main
    from tearsheet.readers.pdf.head import body_size, read_head
    from tearsheet.readers.pdf.running import strip_running

    pages, truncated = _read_pages(capture.data, options.max_pdf_pages, options.progress)
    stripped = strip_running(pages)
    paragraphs = _paragraphs(stripped.pages)
    frame = stripped.frame
    head = read_head(paragraphs, frame.page_title)
    blocks, styles = _blocks(head.body, body_size(paragraphs), paragraphs)
    if not blocks and not head.title:
        raise NotAnArticleError("the PDF's text is only running headers and footers")
    article = Article(
        title=head.title, authors=head.authors, published=head.published,
        url=frame.url or _full_url(frame.url_prefix, blocks) or capture.url, blocks=blocks,
        truncated=truncated, kind=CaptureKind.PDF, capture_id=capture.id,
    )
    if not (frame.full_page or is_whole_page(blocks)):
        return _without_local_targets(article)
    return _without_local_targets(select_main(_page_head(article), frame, options, styles))


def _without_local_targets(article: Article) -> Article:
    """Links whose target is a ``file:`` path keep their anchor, not the target: the page's
    relative links, resolved against the saved copy the browser printed (``file:///tmp/…``),
    lead nowhere on the web. (They still count as links for the main-content choice.)"""
    from dataclasses import replace

    if not any(link.href and link.href.lower().startswith("file:") for link in article.links):
        return article
    blocks = tuple(replace(block, links=tuple(
        replace(link, href=None) if link.href and link.href.lower().startswith("file:") else link
        for link in block.links)) for block in article.blocks)
    return replace(article, blocks=blocks)


def _page_head(article: Article) -> Article:
    """Byline and dateline of a full-page print: short lines near the top, not under the title."""
    from dataclasses import replace

    from tearsheet.readers.pdf.head import find_byline, find_date

    texts = [block.text for block in article.blocks[:HEAD_SEARCH_BLOCKS]]
    authors = article.authors or find_byline(texts)
    published = article.published or next((d for d in map(find_date, texts) if d), None)
    return replace(article, authors=authors, published=published)


def _full_url(prefix: str | None, blocks: Sequence[Block]) -> str | None:
    """The page URL the footer cut short (``https://site/long-pa…``), from a link that starts so."""
    if not prefix:
        return None
    return next((link.href for block in blocks for link in block.links
                 if link.href and link.href.startswith(prefix)), None)


def _pdfium() -> ModuleType:
    try:
        return import_module("pypdfium2")
    except ImportError as exc:
        raise MissingExtraError("reading PDF prints", "pdf") from exc


def _read_pages(data: bytes, max_pages: int,
                progress: Callable[[int, int], None] | None = None) -> tuple[list[PageLines], bool]:
    document = _open(data)
    try:
        count = len(document)
        total = min(count, max_pages)
        pages = []
        for page in _pages(document, total):
            pages.append(page)
            if progress is not None:
                progress(len(pages), total)
    finally:
        document.close()
    if not count:
        raise CorruptPdfError("the PDF has no pages")
    if not any(page.lines for page in pages):
        raise NoTextLayerError("the PDF has no text layer (an image-only scan?); OCR is not in scope")
    return pages, count > max_pages


def _open(data: bytes) -> pypdfium2.PdfDocument:
    pdfium = _pdfium()
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise CorruptPdfError("not a PDF file (no %PDF- header)")
    from tearsheet.readers.pdf.budget import check_content

    check_content(data)  # before pdfium, which cannot be stopped once it parses a bomb
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == PDFIUM_PASSWORD_ERROR:
            raise EncryptedPdfError("the PDF is encrypted with a password") from exc
        raise CorruptPdfError(f"the PDF cannot be opened: {exc}") from exc
    return document


def _pages(document: pypdfium2.PdfDocument, count: int) -> Iterator[PageLines]:
    from tearsheet.readers.pdf.layout import read_page

    pdfium = _pdfium()
    for index in range(count):
        try:
            yield read_page(document, index)
        except pdfium.PdfiumError as exc:
            raise CorruptPdfError(f"page {index + 1} of the PDF cannot be read: {exc}") from exc


def _paragraphs(pages: Sequence[PageLines]) -> list[Paragraph]:
    """Every page's paragraphs in order, with paragraphs split by a page break rejoined."""
    from dataclasses import replace

    from tearsheet.readers.pdf.paragraphs import (
        Limits,
        Paragraph,
        column_limits,
        line_pitches,
        merge_drop_caps,
        reading_order,
        runs_on,
        split_page,
    )

    ordered = [replace(page, lines=tuple(reading_order(merge_drop_caps(page.lines)))) for page in pages]
    pitches = line_pitches(ordered)
    paragraphs: list[Paragraph] = []
    previous_limits: Limits = {}
    for page in ordered:
        page_paragraphs = split_page(page.lines, pitches)
        if paragraphs and page_paragraphs and runs_on(paragraphs[-1], page_paragraphs[0], previous_limits):
            paragraphs[-1] = Paragraph(lines=paragraphs[-1].lines + page_paragraphs.pop(0).lines)
        paragraphs.extend(page_paragraphs)
        if page.lines:
            previous_limits = column_limits(page.lines)
    return paragraphs


def _blocks(paragraphs: Sequence[Paragraph], base: float,
            everything: Sequence[Paragraph]) -> tuple[tuple[Block, ...], list[tuple[object, ...]]]:
    """Blocks, and each block's style (font, size, indent) for the full-page handoff."""
    from tearsheet.readers.pdf.join import Vocabulary, join_lines

    vocabulary = Vocabulary.of(line.text for p in everything for line in p.lines)
    levels = _heading_levels(paragraphs, base)
    blocks: list[Block] = []
    styles: list[tuple[object, ...]] = []
    for paragraph in paragraphs:
        joined = join_lines(paragraph.lines, vocabulary)
        if not joined.text:
            continue
        level = levels.get(round(paragraph.size, 1), 0) if _is_heading(paragraph, base) else 0
        blocks.append(Block(kind=BlockKind.HEADING if level else BlockKind.PARAGRAPH, text=joined.text,
                            links=joined.links, level=level, page=paragraph.page))
        styles.append(_style(paragraph))
    return tuple(blocks), styles


def _style(paragraph: Paragraph) -> tuple[object, ...]:
    """How a block is set: the size most of its lines start in, and its left edge.

    Font families are left out: a fallback font for another script (CJK) or a link in
    another face would make one page container look like several.
    """
    sizes = Counter(round(line.size) for line in paragraph.lines)
    return sizes.most_common(1)[0][0], round(min(line.x0 for line in paragraph.lines) / INDENT_STEP)


def _is_heading(paragraph: Paragraph, base: float) -> bool:
    if paragraph.size >= base * HEADING_SCALE:
        return True
    text = paragraph.lines[-1].text
    return paragraph.bold and paragraph.chars <= BOLD_HEADING_CHARS and not text.endswith((".", ":", ","))


def _heading_levels(paragraphs: Sequence[Paragraph], base: float) -> dict[float, int]:
    """Heading sizes, largest first, → levels 2..6 (level 1 is the title's)."""
    sizes = sorted({round(p.size, 1) for p in paragraphs if _is_heading(p, base)}, reverse=True)
    return {size: min(MAX_HEADING_LEVEL, index + 2) for index, size in enumerate(sizes)}
