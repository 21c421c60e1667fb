"""Bad PDF input: typed errors, never a traceback or a hang; long prints in bounded time."""

from __future__ import annotations

import contextlib
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearsheet.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    MissingExtraError,
    NoTextLayerError,
    PdfError,
    TearsheetError,
)
from tearsheet.models import Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.pdf import reader as pdf

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
VOCABULARY = ("harbour", "council", "budget", "river", "museum", "winter", "station", "garden",
              "ferry", "market", "bridge", "library", "orchard", "festival", "tunnel", "meadow")


def capture(data: bytes) -> Capture:
    return Capture(id="test", kind=CaptureKind.PDF, data=data)


def make_pdf(pages: list[list[str]], *, encrypt: bool = False, scaled: bool = False) -> bytes:
    """A minimal hand-written PDF: one Helvetica text line per string, 14 pt apart.

    A line starting "# " is a 24 pt heading. ``scaled``: set the size the way some
    writers do, as a 1 pt font scaled by the text matrix.
    """
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 "
                            b"/BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        ops = "".join(_show(text, 720 - 14 * i - (10 if i else 0), scaled) for i, text in enumerate(lines))
        if not lines:
            ops = "72 72 m 300 300 l S\n"  # a drawing, no text
        stream = ops.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(len(objects))
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    trailer_extra = b""
    if encrypt:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
                       + b"> /P -4 >>")
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"01" * 16, b"01" * 16)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _show(text: str, y: int, scaled: bool) -> str:
    size = 24 if text.startswith("# ") else 12
    text = text.removeprefix("# ")
    if scaled:
        return f"BT /F1 1 Tf {size} 0 0 {size} 72 {y} Tm ({text}) Tj ET\n"
    return f"BT /F1 {size} Tf 72 {y} Td ({text}) Tj ET\n"


def prose(page: int, lines: int = 4) -> list[str]:
    rng = random.Random(page)
    return [" ".join(rng.choice(VOCABULARY) for _ in range(9)) for _ in range(lines)]


def test_missing_extra_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(MissingExtraError, match=r"tearsheet\[pdf\]"):
        pdf.read(capture(make_pdf([prose(1)])), DEFAULT_OPTIONS)


def test_generated_pdf_reads() -> None:
    article = pdf.read(capture(make_pdf([prose(1), prose(2)])), DEFAULT_OPTIONS)
    assert article.blocks and not article.truncated
    assert article.blocks[0].page == 1


@pytest.mark.parametrize("scaled", [False, True])
def test_font_size_as_printed_whatever_the_writer(scaled: bool) -> None:
    data = make_pdf([["# Council passes the harbour budget", *prose(1, 6)]], scaled=scaled)
    article = pdf.read(capture(data), DEFAULT_OPTIONS)
    assert article.title == "Council passes the harbour budget"
    assert article.text.startswith(prose(1)[0])


def test_encrypted_pdf_is_a_typed_error() -> None:
    with pytest.raises(EncryptedPdfError):
        pdf.read(capture(make_pdf([prose(1)], encrypt=True)), DEFAULT_OPTIONS)


def test_image_only_pdf_says_no_text_layer() -> None:
    with pytest.raises(NoTextLayerError, match="OCR"):
        pdf.read(capture(make_pdf([[], []])), DEFAULT_OPTIONS)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 8, b"not a pdf at all", b"%PDF-",
                                  make_pdf([])])
def test_corrupt_pdf_is_a_typed_error(data: bytes) -> None:
    with pytest.raises(CorruptPdfError):
        pdf.read(capture(data), DEFAULT_OPTIONS)


def test_truncated_real_print_is_a_typed_error_or_reads() -> None:
    data = (FIXTURES / "clean-nyt.pdf").read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
        with contextlib.suppress(PdfError):
            pdf.read(capture(data[:cut]), DEFAULT_OPTIONS)


def test_two_thousand_pages_in_bounded_time_and_capped() -> None:
    data = make_pdf([prose(page) for page in range(2000)])
    start = time.perf_counter()
    article = pdf.read(capture(data), replace(DEFAULT_OPTIONS, max_pdf_pages=2000))
    elapsed = time.perf_counter() - start
    assert not article.truncated and article.text.endswith(prose(1999)[-1])
    assert elapsed < 25, f"2,000 pages took {elapsed:.1f} s"
    calls: list[tuple[int, int]] = []
    capped = pdf.read(capture(data), replace(DEFAULT_OPTIONS, max_pdf_pages=50,
                                             progress=lambda done, total: calls.append((done, total))))
    assert capped.truncated and capped.text.endswith(prose(49)[-1])
    # Progress is reported page by page, against the pages that will be read.
    assert calls == [(n, 50) for n in range(1, 51)]


MUTATION_SOURCE = (FIXTURES / "clean-nyt.pdf").read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(MUTATION_SOURCE) - 1), st.integers(0, 255)), min_size=1,
                max_size=40), st.integers(100, len(MUTATION_SOURCE)))
def test_mutated_print_only_raises_typed_errors(edits: list[tuple[int, int]], keep: int) -> None:
    data = bytearray(MUTATION_SOURCE[:keep])
    for position, value in edits:
        if position < len(data):
            data[position] = value
    with contextlib.suppress(TearsheetError):
        pdf.read(capture(bytes(data)), DEFAULT_OPTIONS)
