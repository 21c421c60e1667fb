"""MHTML (Chrome's "Webpage, single file") and WACZ (Webrecorder) give the same article as the
page they hold: made here, small, from a page of the shared captures."""

from __future__ import annotations

import io
import json
import quopri
import zipfile
from email.generator import BytesGenerator
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tearsheet import extract
from tearsheet.captures.mhtml import is_mhtml
from tearsheet.captures.wacz import is_wacz, iter_wacz
from tearsheet.cli import main
from tearsheet.models import Article, Capture

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGE = FIXTURES / "detroitnews.html"
URL = json.loads((FIXTURES / "detroitnews.truth.json").read_text(encoding="utf-8"))["url"]


def mhtml(page: bytes, url: str) -> bytes:
    """What Blink writes: MIME headers, multipart/related, the page quoted-printable, a picture."""
    message = MIMEMultipart("related", type="text/html")
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = url
    message["Subject"] = "A saved page"
    html = MIMENonMultipart("text", "html", charset="utf-8")
    html.set_payload(quopri.encodestring(page).decode("ascii"))
    html["Content-Transfer-Encoding"] = "quoted-printable"
    html["Content-Location"] = url
    picture = MIMENonMultipart("image", "png")
    picture.set_payload("iVBORw0KGgo=")
    picture["Content-Transfer-Encoding"] = "base64"
    picture["Content-Location"] = "https://example.com/a.png"
    message.attach(html)
    message.attach(picture)
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False).flatten(message)
    return out.getvalue()


def warc(pages: list[tuple[str, bytes, str]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body, content_type in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buffer.getvalue()


def wacz(page: bytes, url: str, *more: tuple[bytes, str]) -> bytes:
    """A WACZ of visited pages (``page`` and ``more``), with an ad frame's HTML that is no
    page of its own."""
    out = io.BytesIO()
    visited = [(page, url), *more]
    records = warc([*((u, p, "text/html; charset=utf-8") for p, u in visited),
                    ("https://ads.example.com/frame.html", b"<html><body><p>Buy now</p></body></html>",
                     "text/html"),
                    ("https://example.com/a.css", b"p{}", "text/css")])
    pages = "\n".join([json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}),
                       *(json.dumps({"id": str(n), "url": u, "ts": "2019-11-20T00:00:00Z"})
                         for n, (_, u) in enumerate(visited, 1))])
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("archive/data.warc.gz", records, compress_type=zipfile.ZIP_STORED)
        archive.writestr("pages/pages.jsonl", pages)
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
    return out.getvalue()


def same(a: Article, b: Article) -> None:
    assert (a.title, a.authors, a.published, a.url) == (b.title, b.authors, b.published, b.url)
    assert a.blocks == b.blocks


@pytest.fixture(scope="module")
def page_article() -> Article:
    return extract(PAGE.read_bytes(), url=URL)


def test_mhtml_gives_the_article_of_its_page(page_article: Article) -> None:
    data = mhtml(PAGE.read_bytes(), URL)
    assert is_mhtml(data)
    same(extract(data), page_article)


def test_wacz_gives_the_article_of_its_page(page_article: Article) -> None:
    data = wacz(PAGE.read_bytes(), URL)
    assert is_wacz(data)
    same(extract(data), page_article)


def test_a_wacz_yields_its_listed_pages_only() -> None:
    items = list(iter_wacz(wacz(PAGE.read_bytes(), URL), "x.wacz"))
    captures = [i for i in items if isinstance(i, Capture)]
    assert [c.url for c in captures] == [URL]
    assert sorted(getattr(i, "reason", "") for i in items if not isinstance(i, Capture)) == \
        ["not_a_page", "not_html_or_pdf"]


def test_extract_and_add_read_both_containers(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              page_article: Article) -> None:
    (tmp_path / "page.mhtml").write_bytes(mhtml(PAGE.read_bytes(), URL))
    (tmp_path / "crawl.wacz").write_bytes(wacz(PAGE.read_bytes(), URL))
    assert main(["extract", str(tmp_path / "page.mhtml"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == page_article.title
    assert main(["extract", str(tmp_path / "crawl.wacz"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == page_article.title
    assert main(["add", str(tmp_path / "page.mhtml"), str(tmp_path / "crawl.wacz"),
                 "--archive", str(tmp_path / "a.db")]) == 0
    capsys.readouterr()
    assert main(["stats", "--archive", str(tmp_path / "a.db"), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 1


def test_every_page_of_a_wacz_reaches_the_archive_and_the_shards(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    second = FIXTURES / "politifact.html"
    (tmp_path / "crawl.wacz").write_bytes(
        wacz(PAGE.read_bytes(), URL, (second.read_bytes(), "https://news.example.org/second-story")))
    assert main(["add", str(tmp_path / "crawl.wacz"), "--archive", str(tmp_path / "a.db")]) == 0
    capsys.readouterr()
    assert main(["stats", "--archive", str(tmp_path / "a.db"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 2
    from tearsheet.batch.shards import write_local_shards

    stored = list(write_local_shards([str(tmp_path / "crawl.wacz")], tmp_path / "shards", jobs=1))
    assert sorted(s.outcome for s in stored) == ["added", "added", "skipped:not_a_page",
                                                 "skipped:not_html_or_pdf"]
