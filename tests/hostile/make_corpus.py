"""Write the hostile corpus: bombs, lies, truncations and slow inputs of every kind.

    python -m tests.hostile.make_corpus OUT_DIR [GOOD_DIR]

Everything is generated (nothing large is committed) in a couple of seconds. Each file
must end in a result or a one-line ``tearsheet: error:`` from ``tearsheet extract`` in
under 5 s and 500 MB, and ``tearsheet add`` on the folder must name each file it could
not add while adding the good ones (``tests/test_hostile_corpus.py``).
"""

from __future__ import annotations

import base64
import gzip
import io
import sys
from collections.abc import Callable
from pathlib import Path

from bench.hostile_inputs import (
    STORY,
    bracket_line,
    front_matter_brackets,
    link_openers,
    nested_divs,
    url_lines,
)
from tests.hostile.bombs import gzip_bomb, pdf, pdf_text_bomb, text_page, text_show_stream
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GIB = 1024 ** 3
MIB = 1024 ** 2
PAGE = (f"<!doctype html><html><head><title>Story</title></head><body><article><h1>Story</h1>"
        f"<p>{STORY}</p><p>{STORY}</p></article></body></html>")


def _warc_response(body: bytes, headers: list[tuple[str, str]], *, gz: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://example.com/story", "response",
                                                  payload=io.BytesIO(body), http_headers=http))
    return buffer.getvalue()


def _lying_warc(claimed: int) -> bytes:
    """An uncompressed WARC record whose Content-Length says ``claimed`` bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE.encode()
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/lie\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % claimed)
    return head + http + b"\r\n\r\n" + head + http + b"\r\n\r\n"


def _mhtml(image_bytes: int) -> bytes:
    boundary = "----MultipartBoundary--hostile"
    html = PAGE.replace("=", "=3D")
    image = base64.encodebytes(b"\x89PNG" + bytes(range(256)) * (image_bytes // 256)).decode()
    return (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.com/story\r\n"
            f"Subject: Story\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
            f"\ttype=\"text/html\";\r\n\tboundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n"
            f"Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{html}\r\n"
            f"--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{image}\r\n--{boundary}--\r\n").encode()


def _real_pdf() -> bytes:
    return (FIXTURES / "pdf" / "clean-nyt.pdf").read_bytes()


def _dump_with_bad_url() -> bytes:
    lines = "\n".join(STORY[i:i + 90] for i in range(0, len(STORY), 90))
    return f"{lines}\n\nhttps://[x/story\nhttps://example.com:port/\n\n{lines}\n".encode()


# file name → how to make it. Names say what each file is; the suffix is what it claims.
BAD: dict[str, Callable[[], bytes]] = {
    # memory bombs
    "gzip-body-bomb.warc.gz": lambda: _warc_response(gzip_bomb(4 * GIB), [("Content-Type", "text/html"),
                                                                          ("Content-Encoding", "gzip")]),
    "content-stream-bomb.pdf": lambda: pdf_text_bomb(256 * MIB),
    "one-stream-on-every-page.pdf": lambda: pdf([text_show_stream(900 * 1024)], compressed=False, pages=400),
    "many-streams-one-page.pdf": lambda: pdf([text_show_stream(900 * 1024)] * 40, compressed=False,
                                             draw_all=True),
    "form-drawn-90k-times.pdf": lambda: pdf([b"/F Do\n" * 90_000],
                                            form=b"BT /F1 10 Tf 0 0 Td (All work and no play.) Tj ET"),
    "mhtml-with-big-image.mhtml": lambda: _mhtml(6 * MIB),
    # slow: once quadratic
    "nested-200k-divs.html": lambda: nested_divs(200_000),
    "url-lines-20k.txt": lambda: url_lines(20_000),
    "bracket-line-1mb.md": lambda: bracket_line(1_000_000),
    "link-openers.md": lambda: link_openers(250_000),
    "front-matter-brackets.md": lambda: front_matter_brackets(100_000),
    # tracebacks once
    "charset-rot13.html": lambda: PAGE.replace("<head>", '<head><meta charset="rot13">').encode(),
    "charset-zlib.html": lambda: PAGE.replace("<head>", '<head><meta charset="zlib">').encode(),
    "bad-url-line.txt": _dump_with_bad_url,
    # text refused as binary once
    "utf16-no-bom.txt": lambda: _dump_with_bad_url().decode().encode("utf-16-le"),
    "nul-bytes.md": lambda: f"# Story\n\n{STORY}\x00\n\n{STORY}\x07\n".encode(),
    # truncated
    "truncated.pdf": lambda: _real_pdf()[: len(_real_pdf()) // 2],
    "truncated.html": lambda: PAGE.encode()[:200],
    "truncated.warc.gz": lambda: _warc_response(PAGE.encode(), [("Content-Type", "text/html")])[:150],
    # lying
    "html-not-pdf.pdf": lambda: PAGE.encode(),
    "pdf-not-html.html": lambda: (FIXTURES / "batch" / "b-print.pdf").read_bytes(),
    "record-lengths-lie-long.warc": lambda: _lying_warc(10_000_000),
    "record-lengths-lie-short.warc": lambda: _lying_warc(40),
    "gzip-not-pdf.pdf": lambda: gzip.compress(PAGE.encode()),
    # nothing there
    "empty.html": lambda: b"",
    "binary.md": lambda: bytes(range(256)) * 64,
}
# Files that read into an article even though they once failed: extract must print it.
READABLE = {"charset-rot13.html", "charset-zlib.html", "bad-url-line.txt", "utf16-no-bom.txt",
            "nul-bytes.md", "nested-200k-divs.html", "url-lines-20k.txt", "bracket-line-1mb.md",
            "link-openers.md", "front-matter-brackets.md", "html-not-pdf.pdf", "pdf-not-html.html"}


def good_files() -> dict[str, bytes]:
    """Real captures that must land in the archive next to the hostile ones."""
    return {
        "good-page.html": (FIXTURES / "html" / "politifact.html").read_bytes(),
        "good-print.pdf": _real_pdf(),
        "good-dump.txt": (FIXTURES / "text" / "04a671" / "print.txt").read_bytes(),
        "good-clip.md": (FIXTURES / "text" / "098bb3" / "clip.md").read_bytes(),
        "good-generated.pdf": pdf([text_page([STORY[i:i + 90] for i in range(0, len(STORY), 90)] * 4)]),
    }


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in BAD.items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths


def write_good(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in good_files().items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    written = write_corpus(Path(sys.argv[1]))
    if len(sys.argv) > 2:
        written += write_good(Path(sys.argv[2]))
    for path in written:
        print(f"{path.stat().st_size:>12,}  {path}")
