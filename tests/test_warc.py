"""WARC and WARC.gz reading: captures from HTML/PDF responses, counted skips, broken records."""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tearsheet.captures.warc import SkippedRecord, is_warc, iter_warc
from tearsheet.models import Capture, CaptureKind

BATCH = Path(__file__).parent / "fixtures" / "batch"
PAGE_A_URL = "http://entermedia.co.kr/news/news_view.html?idx=8723&page=1&bc=&mc=&find=&sch_date="
PAGE_B_URL = "http://www.panarmenian.net/eng/news/275221/"
WARC_DATE = "2024-03-05T10:20:30Z"


def page_a() -> bytes:
    return gzip.decompress((BATCH / "a-page.html.gz").read_bytes())


def page_b() -> bytes:
    return gzip.decompress((BATCH / "b-page.html.gz").read_bytes())


def print_b() -> bytes:
    return (BATCH / "b-print.pdf").read_bytes()


@dataclass
class WarcBuilder:
    """Writes test WARCs with warcio (the writer fastwarc users pair it with)."""

    gzip: bool = True
    buffer: io.BytesIO = field(default_factory=io.BytesIO)

    def __post_init__(self) -> None:
        self.writer = WARCWriter(self.buffer, gzip=self.gzip)

    def warcinfo(self) -> WarcBuilder:
        self.writer.write_record(self.writer.create_warcinfo_record("test.warc", {"software": "tests"}))
        return self

    def response(self, url: str, body: bytes, content_type: str | None = "text/html; charset=utf-8",
                 status: str = "200 OK", headers: tuple[tuple[str, str], ...] = ()) -> WarcBuilder:
        http = [("Content-Type", content_type)] if content_type else []
        http_headers = StatusAndHeaders(status, [*http, *headers], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                http_headers=http_headers,
                                                warc_headers_dict={"WARC-Date": WARC_DATE})
        self.writer.write_record(record)
        return self

    def request(self, url: str) -> WarcBuilder:
        http_headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        self.writer.write_record(self.writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                               http_headers=http_headers))
        return self

    def raw(self, data: bytes) -> WarcBuilder:
        """Bytes that are not a valid record (for broken-record tests)."""
        self.buffer.write(gzip.compress(data) if self.gzip else data)
        return self

    def save(self, path: Path) -> Path:
        path.write_bytes(self.buffer.getvalue())
        return path


def mixed_warc(path: Path, *, gz: bool = True) -> Path:
    """Two HTML pages, a PDF print, a PNG, a 404, a request record, a gzipped and a chunked page."""
    return (WarcBuilder(gzip=gz).warcinfo()
            .request(PAGE_A_URL)
            .response(PAGE_A_URL, page_a())
            .response(PAGE_B_URL, page_b())
            .response(PAGE_B_URL + "print.pdf", print_b(), content_type="application/pdf")
            .response("http://example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                      content_type="image/png")
            .response("http://example.com/gone", b"<html>gone</html>", status="404 Not Found")
            .response("http://example.com/zipped", gzip.compress(b"<html><p>zipped</p></html>"),
                      headers=(("Content-Encoding", "gzip"),))
            .response("http://example.com/chunked", b"6\r\n<html>\r\n8\r\n<p>x</p>\r\n0\r\n\r\n",
                      headers=(("Transfer-Encoding", "chunked"),))
            .save(path))


def read_all(path: Path) -> list[Capture | SkippedRecord]:
    with path.open("rb") as stream:
        return list(iter_warc(stream, path.name))


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_html_and_pdf_responses_become_captures(tmp_path: Path, gz: bool) -> None:
    path = mixed_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    captures = [item for item in read_all(path) if isinstance(item, Capture)]
    assert [c.url for c in captures] == [PAGE_A_URL, PAGE_B_URL, PAGE_B_URL + "print.pdf",
                                         "http://example.com/zipped", "http://example.com/chunked"]
    assert [c.kind for c in captures] == [CaptureKind.HTML, CaptureKind.HTML, CaptureKind.PDF,
                                          CaptureKind.HTML, CaptureKind.HTML]
    first = captures[0]
    assert first.data == page_a()
    assert first.fetched == datetime(2024, 3, 5, 10, 20, 30, tzinfo=UTC)
    assert first.content_type == "text/html; charset=utf-8"
    assert first.source is not None and first.source.startswith(f"{path.name}#")
    assert captures[2].data == print_b()
    assert captures[3].data == b"<html><p>zipped</p></html>"  # Content-Encoding undone
    assert captures[4].data == b"<html><p>x</p>"  # chunked transfer undone


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_other_records_are_skipped_with_a_reason(tmp_path: Path, gz: bool) -> None:
    path = mixed_warc(tmp_path / "crawl.warc.gz", gz=gz)
    skipped = [item for item in read_all(path) if isinstance(item, SkippedRecord)]
    assert [(s.reason, s.failed) for s in skipped] == [
        ("warcinfo_record", False), ("request_record", False), ("not_html_or_pdf", False),
        ("http_status", False)]
    assert skipped[0].outcome == "skipped:warcinfo_record"


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_broken_record_costs_one_record(tmp_path: Path, gz: bool) -> None:
    path = (WarcBuilder(gzip=gz)
            .response(PAGE_A_URL, page_a())
            .response("http://example.com/bad-encoding", b"not gzip at all",
                      headers=(("Content-Encoding", "gzip"),))
            .raw(b"this is not a WARC record at all\r\n\r\n")
            .response(PAGE_B_URL, page_b())
            .save(tmp_path / "broken.warc"))
    items = read_all(path)
    assert [c.url for c in items if isinstance(c, Capture)] == [PAGE_A_URL, PAGE_B_URL]
    failures = [s for s in items if isinstance(s, SkippedRecord)]
    assert [(s.reason, s.failed) for s in failures] == [("broken_record", True), ("broken_record", True)]
    assert failures[0].outcome == "failed:broken_record"


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_file_ends_with_one_failure(tmp_path: Path, gz: bool) -> None:
    whole = (WarcBuilder(gzip=gz).response(PAGE_A_URL, page_a()).response(PAGE_B_URL, page_b())
             .save(tmp_path / "whole.warc"))
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 3000])
    items = read_all(cut)
    assert isinstance(items[0], Capture) and items[0].url == PAGE_A_URL
    assert [(s.reason, s.failed) for s in items[1:] if isinstance(s, SkippedRecord)] == [
        ("truncated_record", True)]


def test_is_warc_by_name_or_content(tmp_path: Path) -> None:
    gz = mixed_warc(tmp_path / "a.warc.gz")
    renamed = tmp_path / "crawl-00001.bin"
    renamed.write_bytes(gz.read_bytes())
    plain = mixed_warc(tmp_path / "crawl.dat", gz=False)
    page = tmp_path / "page.html"
    page.write_bytes(page_a())
    zipped_page = tmp_path / "page.html.gz"
    zipped_page.write_bytes(gzip.compress(page_a()))
    assert [is_warc(p) for p in (gz, renamed, plain, page, zipped_page)] == [True, True, True, False, False]


def test_missing_fastwarc_is_a_missing_extra_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from tearsheet.errors import MissingExtraError

    path = mixed_warc(tmp_path / "crawl.warc.gz")
    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)
    with pytest.raises(MissingExtraError, match=r"tearsheet\[warc\]"):
        read_all(path)


@pytest.mark.parametrize("gz", [True, False])
def test_extract_reads_a_warc_record_by_record(tmp_path: Path, gz: bool,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from tearsheet.cli import main

    warc = mixed_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    status = main(["extract", str(warc), "--format", "json"])
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    urls = {line["url"] for line in lines}
    assert {PAGE_A_URL, PAGE_B_URL} <= urls  # the two pages, each an article of its own
    assert all("#" in line["source"] and line["source"].startswith(str(warc)) for line in lines)
    # the 404 page and the tiny zipped one hold no article: named, one line each, then counted
    failed = [line for line in captured.err.splitlines() if line.startswith("tearsheet: error:")]
    assert status == 1 and all("#" in line for line in failed)
    assert f"{len(failed)} of {len(lines) + len(failed)} inputs failed" in captured.err


def test_the_library_says_a_warc_file_is_many_captures(tmp_path: Path) -> None:
    import tearsheet

    warc = mixed_warc(tmp_path / "crawl.warc", gz=False)
    with pytest.raises(tearsheet.UnsupportedInputError, match="WARC file"):
        tearsheet.extract(warc)
