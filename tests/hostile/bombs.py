"""Small files that grow huge when read: compression bombs of every kind tearsheet reads.

Each is built in well under a second, without ever holding the inflated bytes.
"""

from __future__ import annotations

import gzip
import zlib

MEMBER_INFLATED = 8 * 1024 * 1024  # one gzip member of zeros: 8 MiB in, ~8 KiB out


def gzip_bomb(inflated: int) -> bytes:
    """A multi-member gzip stream of zeros that inflates to about ``inflated`` bytes.

    Browsers (and tearsheet) read every member, so repeating one small member is as good
    a bomb as one huge member, and costs nothing to build.
    """
    member = gzip.compress(b"\0" * MEMBER_INFLATED, compresslevel=9)
    return member * max(1, inflated // MEMBER_INFLATED)


def deflate_bomb(inflated: int, unit: bytes = b"\0") -> bytes:
    """One zlib stream of ``unit`` repeated to about ``inflated`` bytes."""
    compressor = zlib.compressobj(9)
    block = unit * (1024 * 1024 // len(unit))
    parts = [compressor.compress(block) for _ in range(max(1, inflated // len(block)))]
    return b"".join(parts) + compressor.flush()


def pdf(content_streams: list[bytes], *, compressed: bool = True, pages: int = 1,
        draw_all: bool = False, form: bytes | None = None, indirect_contents: bool = False) -> bytes:
    """A minimal valid PDF: ``pages`` pages sharing one font, page i drawing stream i % n
    (or, with ``draw_all``, every page drawing every stream). With ``form``, the pages'
    resources hold a form XObject ``/F`` drawing that content (``/F Do`` draws it). With
    ``indirect_contents``, a page's content array is an object of its own (``/Contents 9 0 R``).

    Streams are given uncompressed unless ``compressed`` is false, in which case each is
    taken as already Flate-compressed.
    """
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    resources = b"/Font << /F1 3 0 R >>"
    if form is not None:
        head = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d >>\nstream\n" % len(form)
        objects.append(head + form + b"\nendstream")
        resources += b" /XObject << /F %d 0 R >>" % len(objects)
    stream_ids = []
    for stream in content_streams:
        body = zlib.compress(stream) if compressed else stream
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream")
        stream_ids.append(len(objects))
    kids = []
    for index in range(pages):
        drawn = stream_ids if draw_all else [stream_ids[index % len(stream_ids)]]
        contents = b"[" + b" ".join(b"%d 0 R" % n for n in drawn) + b"]"
        if indirect_contents:
            objects.append(contents)
            contents = b"%d 0 R" % len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << %s >> /Contents %s >>" % (resources, contents))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_page(paragraphs: list[str]) -> bytes:
    """A content stream setting each paragraph as one line of 10 pt Helvetica, top down."""
    lines = [b"BT /F1 10 Tf 12 TL 50 750 Td"]
    for text in paragraphs:
        escaped = text.encode("latin-1", "replace").replace(b"\\", b"\\\\")
        lines.append(b"(" + escaped.replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T*")
    lines.append(b"ET")
    return b"\n".join(lines)


def pdf_text_bomb(inflated: int, **pdf_options: object) -> bytes:
    """One page whose content stream repeats a text-show operator to ``inflated`` bytes."""
    return pdf([text_show_stream(inflated)], compressed=False, **pdf_options)  # type: ignore[arg-type]


def text_show_stream(inflated: int) -> bytes:
    """A Flate-compressed content stream of one text-show operator repeated to ``inflated`` bytes."""
    show = b"(All work and no play makes a dull story. ) Tj\n"
    compressor = zlib.compressobj(9)
    block = show * (64 * 1024 // len(show))
    body = [compressor.compress(b"BT /F1 10 Tf 50 750 Td\n")]
    body += [compressor.compress(block) for _ in range(max(1, inflated // len(block)))]
    body.append(compressor.compress(b"ET\n") + compressor.flush())
    return b"".join(body)
