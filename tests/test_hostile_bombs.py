"""Memory bombs stay bounded: compressed HTTP bodies in WARCs and fetches, and PDFs whose
content inflates to gigabytes, are refused at the input size limit, measured in a child
process (peak RSS, CPU time) so a regression shows as a number, not as a dead test runner.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import brotli
import pytest
import zstandard
from tests.hostile.bombs import deflate_bomb, gzip_bomb, pdf, pdf_text_bomb, text_page, text_show_stream
from tests.hostile.measure import run_python
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from local_server import serve
from tearsheet.captures.coding import decode_all
from tearsheet.captures.fetch import fetch
from tearsheet.captures.warc import SkippedRecord, iter_warc
from tearsheet.errors import FetchError, InputTooLargeError
from tearsheet.options import ReadOptions

GIB = 1024 ** 3
MIB = 1024 ** 2
PEAK_MB = 300  # the cap (50 MB) a couple of times over, plus the interpreter: far from gigabytes
CPU_SECONDS = 5.0
PAGE = b"<html><body><article><p>" + b"A paragraph of a story. " * 40 + b"</p></article></body></html>"


def warc_with_body(body: bytes, encoding: str) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", encoding)],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://example.com/bomb", "response",
                                                  payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def test_a_gzip_bomb_in_a_warc_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(warc_with_body(gzip_bomb(4 * GIB), "gzip"))  # 4 MB that inflate to 4 GiB
    run = run_python(f"""
from pathlib import Path
from tearsheet.captures.warc import iter_warc
with Path({str(path)!r}).open("rb") as stream:
    print([(item.outcome, item.message) for item in iter_warc(stream, "bomb")])
""")
    assert run.returncode == 0, run.stderr
    assert "failed:too_large" in run.stdout
    assert run.peak_mb < PEAK_MB and run.seconds < CPU_SECONDS, run


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd", "gzip, br"])
def test_every_content_coding_is_capped_in_a_warc(encoding: str) -> None:
    inflated = 64 * MIB
    body = {"gzip": lambda: gzip_bomb(inflated), "deflate": lambda: deflate_bomb(inflated),
            "br": lambda: brotli.compress(b"\0" * inflated, quality=1),
            "zstd": lambda: zstandard.ZstdCompressor().compress(b"\0" * inflated),
            "gzip, br": lambda: brotli.compress(gzip_bomb(inflated), quality=1)}[encoding]()
    items = list(iter_warc(io.BytesIO(warc_with_body(body, encoding)), "bomb",
                           options=ReadOptions(max_bytes=8 * MIB)))
    assert len(items) == 1 and isinstance(items[0], SkippedRecord)
    assert items[0].outcome == "failed:too_large", items[0]


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd"])
def test_a_body_at_the_limit_still_decodes(encoding: str) -> None:
    compress = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress,
                "zstd": zstandard.ZstdCompressor().compress}[encoding]
    body = compress(PAGE)
    assert decode_all(body, encoding, len(PAGE)) == PAGE
    assert decode_all([body[i:i + 7] for i in range(0, len(body), 7)], encoding, len(PAGE)) == PAGE
    with pytest.raises(InputTooLargeError):
        decode_all(body, encoding, len(PAGE) - 1)


def test_a_raw_deflate_body_and_concatenated_gzip_members_decode() -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode_all(raw.compress(PAGE) + raw.flush(), "deflate", MIB) == PAGE
    assert decode_all(gzip.compress(PAGE) * 3, "gzip", MIB) == PAGE * 3


class BombHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/gzip":
            body, encoding = gzip_bomb(4 * GIB), "gzip"
        else:
            body, encoding = brotli.compress(b"\0" * (256 * MIB), quality=1), "br"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client stops reading at its limit: the point of the test.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def bomb_server() -> Iterator[str]:
    with serve(BombHandler) as url:
        yield url


def test_a_gzip_bomb_from_a_server_stops_at_the_limit(bomb_server: str) -> None:
    run = run_python(f"""
from tearsheet.captures.fetch import fetch
from tearsheet.errors import FetchError, InputTooLargeError
try:
    fetch({bomb_server + "/gzip"!r})
except InputTooLargeError as exc:
    print("refused:", exc)
""")
    assert run.returncode == 0, run.stderr
    assert "refused:" in run.stdout and "decompresses to over" in run.stdout
    assert run.peak_mb < PEAK_MB and run.seconds < CPU_SECONDS, run


def test_a_brotli_bomb_from_a_server_stops_at_the_limit(bomb_server: str) -> None:
    with pytest.raises(InputTooLargeError):
        fetch(f"{bomb_server}/br", options=ReadOptions(max_bytes=8 * MIB))


def extract_in_child(path: Path) -> str:
    return f"""
from pathlib import Path
import tearsheet
try:
    article = tearsheet.extract(Path({str(path)!r}))
    print("article:", len(article.blocks))
except tearsheet.TearsheetError as exc:
    print("refused:", type(exc).__name__, exc)
"""


@pytest.mark.parametrize("shape", ["one_stream", "many_streams_one_page", "one_stream_many_pages"])
def test_a_pdf_content_bomb_is_refused_before_pdfium_parses_it(tmp_path: Path, shape: str) -> None:
    # Before the bound: 16 MiB of content took 3.3 GB and 29 s; 64 MiB took 13 GB and 104 s.
    data = {
        "one_stream": lambda: pdf_text_bomb(256 * MIB),
        "many_streams_one_page": lambda: pdf([text_show_stream(900 * 1024)] * 60, compressed=False,
                                             draw_all=True),
        "one_stream_many_pages": lambda: pdf([text_show_stream(900 * 1024)], compressed=False, pages=400),
    }[shape]()
    assert len(data) < 3 * MIB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    run = run_python(extract_in_child(path))
    assert run.returncode == 0, run.stderr
    assert "refused: InputTooLargeError" in run.stdout, run.stdout
    assert run.peak_mb < PEAK_MB and run.seconds < CPU_SECONDS, run


def test_a_page_drawing_a_form_again_and_again_is_refused(tmp_path: Path) -> None:
    # A small page drawing one form 90,000 times: before, 4.2 s and 1 GB (each draw parses
    # the form and adds its characters); 150,000 draws of an empty-looking form, 12 s and 260 MB.
    path = tmp_path / "forms.pdf"
    path.write_bytes(pdf([b"/F Do\n" * 90_000], form=b"BT /F1 10 Tf 0 0 Td (All work and no play.) Tj ET"))
    run = run_python(extract_in_child(path))
    assert "refused: InputTooLargeError" in run.stdout, run
    assert run.peak_mb < PEAK_MB and run.seconds < CPU_SECONDS, run


def test_a_page_with_too_many_objects_is_refused_before_its_text_is_read(tmp_path: Path) -> None:
    # The content array is an object of its own, which the byte scan does not follow: the
    # object count per page is the net behind it (150,000 rectangles in 30 small streams).
    path = tmp_path / "objects.pdf"
    path.write_bytes(pdf([b"0 0 1 1 re f\n" * 5000] * 30, draw_all=True, indirect_contents=True))
    run = run_python(extract_in_child(path))
    assert "refused: InputTooLargeError" in run.stdout and "objects" in run.stdout, run
    assert run.peak_mb < PEAK_MB and run.seconds < CPU_SECONDS, run


def test_an_ordinary_generated_pdf_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "ok.pdf"
    path.write_bytes(pdf([text_page(["A line of an ordinary story, set in ten point type."] * 40)]))
    run = run_python(extract_in_child(path))
    assert run.stdout.startswith("article:"), run


class TrickleHandler(BaseHTTPRequestHandler):
    """Sends a page one byte every 0.25 s for up to 5 s: every read succeeds, none times out."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "20")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(20):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.25)

    def log_message(self, *args: object) -> None:
        pass


def test_a_trickling_server_is_cut_off_at_the_overall_deadline() -> None:
    # Before: only per-read timeouts, so a byte every 3 s held `add --timeout 10` for 119 s.
    with serve(TrickleHandler) as url:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s|within the deadline"):
            fetch(f"{url}/", options=ReadOptions(fetch_timeout=1.0))
        assert time.monotonic() - started < 2.0
