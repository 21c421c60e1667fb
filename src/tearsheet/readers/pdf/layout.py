"""One PDF page → its text lines with position, font and the links that sit on them.

pdfium already orders a page's characters into lines (it puts ``\\r\\n`` between
them), so a line's text comes from one ``get_text_range`` call and only a handful
of per-line calls fetch geometry and font: the first character's origin (baseline),
the last character's box (right edge), the first word's width (for the fit test of
``paragraphs``) and the font size and weight. Per-character calls are kept for
the few lines a link rectangle touches. That keeps a page at a few milliseconds.

pdfium joins a visual line that ends in a hyphen with the next one and marks the
hyphen as U+FFFE; the line is split back there, so every ``Line`` is one visual line
and the hyphen decision is made later with the whole document as evidence.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tearsheet.readers.pdf.budget import check_page

LINE_BREAK = "\r\n"
PDFIUM_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen at the end of a visual line
BOLD_WEIGHT = 600  # CSS font-weight from which a font counts as bold
BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demi")
LINK_OVERLAP = 0.5  # share of a character's box inside a link rectangle for it to belong to the link
# Kana and CJK ideographs: a line may wrap after any one of them.
NO_SPACE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MAX_LINE_CHARS = 5000  # a "line" longer than this is a garbled text layer; it is cut, not scanned
PLACEHOLDER_URIS = ("javascript:", "#")  # link annotations that lead nowhere
ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # characters pdfium counts twice (UTF-16 surrogate pairs)
MAX_SKIPPED_CHARS = 8  # pdfium characters without Unicode that its text may leave out in a row
SUBSET_TAG = re.compile(r"^[a-z]{6}\+")  # "AAAAAA+" before an embedded subset font's name
STYLE_SUFFIX = re.compile(r"[-,].*$")  # "-Bold", ",Italic" …


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkSpan:
    """A link annotation's URI on the characters ``start:end`` of one line."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One visual line of text on a print page (PDF points, y grows upwards)."""

    text: str
    page: int  # 1-based
    x0: float
    x1: float
    baseline: float
    size: float  # font size of the line's first character
    bold: bool
    family: str  # font family (no subset tag, no style): a fallback font for other scripts differs
    first_word: float  # width of the first word: would it have fitted on the line above?
    links: tuple[LinkSpan, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PageLines:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class _RawLine:
    text: str
    at: int  # position of the line's first character in the page text
    indices: Sequence[int]  # pdfium char index of every position of the page text

    @property
    def first(self) -> int:
        return self.indices[self.at]

    def index(self, position: int) -> int:
        """pdfium's char index of ``text[position]``."""
        return self.indices[self.at + position]


@dataclass(frozen=True, slots=True)
class _Annotation:
    href: str
    left: float
    bottom: float
    right: float
    top: float


class _Geometry:
    """Per-character queries on one open textpage, with reusable ctypes buffers."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.raw = textpage.raw
        self._a, self._b, self._c, self._d = (ctypes.c_double() for _ in range(4))
        self._name = ctypes.create_string_buffer(128)
        self._matrix = pdfium_c.FS_MATRIX()
        self._flags = ctypes.c_int()

    def origin(self, index: int) -> tuple[float, float]:
        pdfium_c.FPDFText_GetCharOrigin(self.raw, index, self._a, self._b)
        return self._a.value, self._b.value

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) of one character."""
        pdfium_c.FPDFText_GetCharBox(self.raw, index, self._a, self._b, self._c, self._d)
        return self._a.value, self._b.value, self._c.value, self._d.value

    def size(self, index: int) -> float:
        """The font size as printed: the nominal size times the text matrix's vertical scale.

        Writers differ: Chromium sets 14.66 (CSS px) scaled by 0.75, others set size 1
        and scale by 12; both are 11–12 pt on paper.
        """
        nominal = float(pdfium_c.FPDFText_GetFontSize(self.raw, index))
        if not pdfium_c.FPDFText_GetMatrix(self.raw, index, self._matrix):
            return nominal
        scale = math.hypot(self._matrix.c, self._matrix.d)
        return nominal * scale if scale > 0 else nominal

    def font(self, index: int) -> tuple[bool, str]:
        """(bold, family) of one character's font."""
        pdfium_c.FPDFText_GetFontInfo(self.raw, index, self._name, len(self._name), self._flags)
        name = SUBSET_TAG.sub("", self._name.value.decode("latin-1").lower())
        bold = any(part in name for part in BOLD_NAME_PARTS)
        bold = bold or pdfium_c.FPDFText_GetFontWeight(self.raw, index) >= BOLD_WEIGHT
        return bold, STYLE_SUFFIX.sub("", name)


def read_page(document: pdfium.PdfDocument, index: int) -> PageLines:
    """Lines (with their links) of page ``index`` (0-based); the page is closed afterwards."""
    page = document[index]
    try:
        check_page(page, index + 1)
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            geometry = _Geometry(textpage)
            text = textpage.get_text_range()
            raws = _raw_lines(text, _index_map(textpage, text))
            annotations = _annotations(document, page)
            lines = tuple(_line(raw, index + 1, geometry, annotations) for raw in raws)
        finally:
            textpage.close()
    finally:
        page.close()
    return PageLines(number=index + 1, width=width, height=height, lines=lines)


def _raw_lines(text: str, indices: Sequence[int]) -> list[_RawLine]:
    lines: list[_RawLine] = []
    position = 0
    for chunk in text.split(LINE_BREAK):
        for piece, offset in _split_hyphen_joins(chunk):
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()[:MAX_LINE_CHARS]
            if stripped:
                lines.append(_RawLine(stripped, position + offset + lead, indices))
        position += len(chunk) + len(LINE_BREAK)
    return lines


def _index_map(textpage: pdfium.PdfTextPage, text: str) -> Sequence[int]:
    """pdfium char index of each character of the page text.

    Usually the identity. pdfium counts a character beyond U+FFFF as two (UTF-16
    units), and its text leaves out characters it has no Unicode value for; then the
    text is aligned with the per-index code units (a short look-ahead skips the gaps).
    """
    count = textpage.count_chars()
    if text.isascii() and count == len(text):
        return range(len(text))
    if count == len(text) and not ASTRAL.search(text):
        return range(len(text))
    units = [pdfium_c.FPDFText_GetUnicode(textpage.raw, k) for k in range(count)]
    mapping: list[int] = []
    k = 0
    for ch in text:
        code = ord(ch)
        target = 0xD800 + ((code - 0x10000) >> 10) if code > 0xFFFF else code
        ahead = next((j for j in range(k, min(count, k + MAX_SKIPPED_CHARS + 1)) if units[j] == target), k)
        mapping.append(min(ahead, count - 1) if count else 0)
        k = ahead + (2 if code > 0xFFFF else 1)
    return mapping


def _split_hyphen_joins(chunk: str) -> list[tuple[str, int]]:
    """Split a pdfium line at each U+FFFE (kept as "-" at the end of the first part)."""
    pieces: list[tuple[str, int]] = []
    start = 0
    while (mark := chunk.find(PDFIUM_HYPHEN, start)) >= 0:
        pieces.append((chunk[start:mark] + "-", start))
        start = mark + 1
    pieces.append((chunk[start:], start))
    return pieces


def _line(raw: _RawLine, page: int, geometry: _Geometry, annotations: list[_Annotation]) -> Line:
    first, last = raw.first, raw.index(len(raw.text) - 1)
    x0, baseline = geometry.origin(first)
    x1 = geometry.box(last)[1]
    first_word = max(0.0, geometry.box(raw.index(_first_word_end(raw.text)))[1] - x0)
    size = geometry.size(first)
    links = _line_links(raw, geometry, annotations, baseline, size) if annotations else ()
    bold, family = geometry.font(first)
    # A bold run at the start of a line (a link, a lead-in) does not make the line bold.
    bold = bold and (last == first or geometry.font(last)[0])
    return Line(text=raw.text, page=page, x0=x0, x1=max(x1, x0), baseline=baseline, size=size,
                bold=bold, family=family, first_word=first_word, links=links)


def _first_word_end(text: str) -> int:
    """Position of the last character of the first word.

    CJK text may wrap after any character, but line-breaking rules (no 。 at a line
    start …) can push one more character down: two characters count as its first word.
    """
    if NO_SPACE_CHAR.match(text):
        return min(1, len(text) - 1)
    end = text.find(" ")
    return end - 1 if end > 0 else len(text) - 1


def _annotations(document: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[_Annotation]:
    """URI link annotations of a page, in annotation order."""
    found: list[_Annotation] = []
    position = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        href = _uri(document, link)
        rect = pdfium_c.FS_RECTF()
        if href and pdfium_c.FPDFLink_GetAnnotRect(link, rect):
            found.append(_Annotation(href, min(rect.left, rect.right), min(rect.bottom, rect.top),
                                     max(rect.left, rect.right), max(rect.bottom, rect.top)))
    return found


def _uri(document: pdfium.PdfDocument, link: object) -> str | None:
    action = pdfium_c.FPDFLink_GetAction(link)
    if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
        return None
    size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
    if size <= 1:
        return None
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
    # The PDF spec makes URIs 7-bit ASCII; writers that put UTF-8 there are read kindly.
    uri = buffer.value.decode("utf-8", "replace").strip()
    return None if not uri or uri.lower().startswith(PLACEHOLDER_URIS) else uri


def _line_links(raw: _RawLine, geometry: _Geometry, annotations: list[_Annotation],
                baseline: float, size: float) -> tuple[LinkSpan, ...]:
    touching = [a for a in annotations if a.bottom - size * 0.3 <= baseline <= a.top]
    if not touching:
        return ()
    boxes = [None if ch.isspace() else geometry.box(raw.index(i)) for i, ch in enumerate(raw.text)]
    spans: list[LinkSpan] = []
    for annotation in touching:
        inside = [i for i, box in enumerate(boxes) if box is not None and _covered(box, annotation)]
        if inside:
            spans.append(LinkSpan(start=inside[0], end=inside[-1] + 1, href=annotation.href))
    return tuple(sorted(spans, key=lambda span: span.start))


def _covered(box: tuple[float, float, float, float], annotation: _Annotation) -> bool:
    left, right, bottom, top = box
    middle_y = (bottom + top) / 2
    if not annotation.bottom <= middle_y <= annotation.top:
        return False
    overlap = min(right, annotation.right) - max(left, annotation.left)
    width = right - left
    return overlap >= LINK_OVERLAP * width if width > 0 else annotation.left <= left <= annotation.right
