"""How much work a PDF asks of pdfium, measured on its bytes before pdfium sees them.

pdfium turns every byte of a page's content (its drawing operators) into page objects
and, for text, into per-character records: about 200 bytes of memory per content byte.
A 3 MB file whose content stream inflates to a few hundred MB (a compression bomb, or
one text operator repeated millions of times) would take gigabytes and minutes, and no
in-process limit can stop pdfium once it has begun. So the streams are inflated here
first — incrementally, never past the limits — and a PDF whose content is too large is
refused with ``InputTooLargeError``.

Only streams pdfium parses into objects count: page contents, form XObjects, object
streams. Images and embedded fonts are left alone (unread, uncounted): pdfium does not
parse them to extract text, and a print full of photographs is normal.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tearsheet.errors import InputTooLargeError

# The largest content stream in the captures set and fixtures (64 prints) inflates to 89 KB;
# pdfium's text page costs ~270 bytes per content byte (1 MB: 270 MB, 16 MB: 3.3 GB and 29 s).
# So one stream may hold at most this much, eleven times the largest seen.
MAX_STREAM_BYTES = 1024 * 1024
# All parsed streams together, each counted once per reference to it (a page tree can draw
# one stream on every page): the largest print seen has 0.5 MB; a 5,000-page print
# (``ReadOptions.max_pdf_pages``) at 50 KB a page stays below. Reading this much takes pdfium
# minutes, not gigabytes (pages are closed one at a time); batch time limits cover the rest.
MAX_CONTENT_BYTES = 256 * 1024 * 1024
# One page's content streams together (a page may split its drawing over many streams):
# the same bound as one stream.
MAX_PAGE_CONTENT_BYTES = MAX_STREAM_BYTES
# Drawing a form XObject ("/Name Do") costs pdfium a page object (~1.7 KB measured) on
# top of parsing the form's content again: counted as this many content bytes (at ~270
# bytes of memory per content byte). 150,000 draws of a tiny form took 260 MB and 12 s.
DRAW_COST_BYTES = 8
MAX_FORM_NESTING = 32  # forms drawing forms; prints nest two or three deep
# The most page objects in one page of the captures set is 3,312; a page with many streams
# under the per-stream limit is stopped here, after parsing (cheap) and before pdfium builds
# the text page (the costly part).
MAX_PAGE_OBJECTS = 100_000
INFLATE_STEP = 256 * 1024  # bytes inflated at a time, so a bomb stops at the limit
DICT_LOOKBACK = 2048  # bytes before "stream" searched for the stream's dictionary

_STREAM = re.compile(rb"stream\r?\n")
# Anchored at the start of a digit run and possessive, so a long run of digits costs linear time.
_OBJECT_NUMBER = re.compile(rb"(?<!\d)(\d++)\s++\d++\s++obj\b")
_REFERENCE = re.compile(rb"(?<!\d)(\d++)\s++\d++\s++R\b")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_NAME = rb"/([^\s/\[\]()<>{}%]++)"
_DRAW = re.compile(_NAME + rb"\s*+Do\b")  # the "Do" operator: draw the named XObject
_XOBJECTS = re.compile(rb"/XObject\s*+<<([^<>]*+)>>")  # a resources dict's XObject entries
_NAMED_REFERENCE = re.compile(_NAME + rb"\s*+(\d++)\s++\d++\s++R\b")
# A page's content: one stream, or an array of them (only digits, spaces and "R" inside,
# so a scan stops at the first other byte and the whole search stays linear).
_CONTENTS = re.compile(rb"/Contents\s*+(?:\[([\d\sR]*+)\]|(\d++)\s++\d++\s++R\b)")
_END = re.compile(rb"\r?\n?endstream")
# Streams pdfium does not parse into objects when extracting text.
_UNPARSED = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType|XML)\b|/Length[123]\b|"
                       rb"/Type\s*/(?:Metadata|EmbeddedFile)\b")
_FLATE = re.compile(rb"/FlateDecode\b|/Fl\b")


@dataclass(frozen=True, slots=True)
class ContentSize:
    largest: int  # the largest parsed stream, inflated
    total: int  # every parsed stream, inflated


def check_content(data: bytes, *, max_stream: int = MAX_STREAM_BYTES,
                  max_total: int = MAX_CONTENT_BYTES) -> ContentSize:
    """Measure the parsed streams of ``data``; raise ``InputTooLargeError`` past a limit:
    one stream, one page (its content streams and the forms they draw, each time drawn),
    or the whole document (each stream once per reference)."""
    sizes: dict[bytes, int] = {}  # object number → inflated size
    draws: dict[bytes, Counter[bytes]] = {}  # object number → XObject names it draws, counted
    references = Counter(_REFERENCE.findall(data))
    contents = _CONTENTS.findall(data)
    xobjects = _XOBJECTS.findall(data)
    largest = 0
    position = 0
    while (found := _STREAM.search(data, position)) is not None:
        start = found.end()
        end_match = _END.search(data, start)
        end = end_match.start() if end_match else len(data)
        position = end_match.end() if end_match else len(data)
        head = data[max(0, found.start() - DICT_LOOKBACK):found.start()]
        numbers = _OBJECT_NUMBER.findall(head)
        head = head[head.rfind(b"obj") + 3:] if numbers else head
        if b"<<" not in head or _UNPARSED.search(head):
            continue  # not a stream object (the word in text), or one pdfium does not parse
        inflated = _inflate(data, start, end, head, max_stream + 1)
        if len(inflated) > max_stream:
            raise InputTooLargeError(f"a PDF content stream inflates to over {max_stream:,} bytes "
                                     "(a compression bomb?)")
        if _OBJECT_STREAM.search(head):  # compressed objects: their references count too
            references.update(_REFERENCE.findall(inflated))
            contents += _CONTENTS.findall(inflated)
            xobjects += _XOBJECTS.findall(inflated)
        largest = max(largest, len(inflated))
        number = numbers[-1] if numbers else b"?%d" % start
        sizes[number] = len(inflated)
        draws[number] = Counter(_DRAW.findall(inflated))
    _check_pages(contents, _Costs(sizes, draws, _named(xobjects)))
    total = 0
    for number, size in sizes.items():
        total += size * max(1, references[number])
        if total > max_total:
            raise InputTooLargeError(f"the PDF's content inflates to over {max_total:,} bytes")
    return ContentSize(largest=largest, total=total)


def _named(xobjects: list[bytes]) -> dict[bytes, set[bytes]]:
    """XObject name → the objects that name stands for in some resources dict.

    Names are scoped per page or form; pooled here, a name stands for the costliest of its
    objects, which errs on the side of refusing.
    """
    named: dict[bytes, set[bytes]] = {}
    for entries in xobjects:
        for name, number in _NAMED_REFERENCE.findall(entries):
            named.setdefault(name, set()).add(number)
    return named


class _Costs:
    """What drawing a stream costs pdfium, in content bytes: its own, plus every form it
    draws (parsed again for each "Do"), plus ``DRAW_COST_BYTES`` a draw."""

    def __init__(self, sizes: dict[bytes, int], draws: dict[bytes, Counter[bytes]],
                 named: dict[bytes, set[bytes]]) -> None:
        self._sizes, self._draws, self._named = sizes, draws, named
        self._known: dict[bytes, int] = {}

    def of(self, number: bytes, depth: int = 0) -> int:
        if number in self._known:
            return self._known[number]
        if depth > MAX_FORM_NESTING:
            raise InputTooLargeError(f"the PDF nests forms over {MAX_FORM_NESTING} deep")
        self._known[number] = 0  # a form drawing itself: pdfium stops the cycle
        cost = self._sizes.get(number, 0)
        for name, count in self._draws.get(number, Counter()).items():
            drawn = max((self.of(form, depth + 1) for form in self._named.get(name, ())), default=0)
            cost += count * (drawn + DRAW_COST_BYTES)
        self._known[number] = cost
        return cost


def _check_pages(contents: list[tuple[bytes, bytes]], costs: _Costs) -> None:
    for array, single in contents:
        numbers = _REFERENCE.findall(array) if array else [single]
        if sum(costs.of(number) for number in numbers) > MAX_PAGE_CONTENT_BYTES:
            raise InputTooLargeError(f"a PDF page's content inflates to over "
                                     f"{MAX_PAGE_CONTENT_BYTES:,} bytes (a compression bomb?)")


def _inflate(data: bytes, start: int, end: int, head: bytes, cap: int) -> bytes:
    """The stream's bytes, inflated up to ``cap`` bytes; as they are when not Flate-compressed
    (other filters are rare in prints and expand far less).

    A stream zlib cannot inflate counts as far as it got: pdfium will not get further.
    """
    if not _FLATE.search(head):
        return data[start:min(end, start + cap)]
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    try:
        for offset in range(start, end, INFLATE_STEP):
            piece = data[offset:min(end, offset + INFLATE_STEP)]
            # max_length is never 0 (which would mean "no limit"): size < cap here.
            parts.append(inflater.decompress(piece, cap - size))
            size += len(parts[-1])
            if size >= cap or inflater.eof:
                break
    except zlib.error:
        pass
    return b"".join(parts)


def check_page(page: pdfium.PdfPage, number: int) -> None:
    """Refuse a page with more objects than a print ever has, before its text is read."""
    objects = pdfium_c.FPDFPage_CountObjects(page.raw)
    if objects > MAX_PAGE_OBJECTS:
        raise InputTooLargeError(f"page {number} of the PDF has {objects:,} objects, over the "
                                 f"{MAX_PAGE_OBJECTS:,} a print can hold")
