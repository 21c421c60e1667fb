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
    """Measure the parsed streams of ``data``; raise ``InputTooLargeError`` past a limit."""
    sizes: dict[bytes, int] = {}  # object number → inflated size
    references = Counter(_REFERENCE.findall(data))
    largest = total = 0
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
        largest = max(largest, len(inflated))
        sizes[numbers[-1] if numbers else b"?%d" % start] = len(inflated)
    for number, size in sizes.items():
        total += size * max(1, references[number])
        if total > max_total:
            raise InputTooLargeError(f"the PDF's content inflates to over {max_total:,} bytes")
    return ContentSize(largest=largest, total=total)


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
