"""Fetching http(s) URLs, against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from local_server import QuietHandler, serve
from tearsheet.captures.fetch import Validators, fetch, fetch_if_changed
from tearsheet.cli import main
from tearsheet.errors import FetchError, InputTooLargeError
from tearsheet.options import ReadOptions

PAGE = b"""<!doctype html><html><head><title>Test story | Site</title></head><body>
<article><h1>Test story</h1><p>First paragraph of a test story that is long enough to count as
an article body, with <a href="/other">a relative link</a> in it.</p>
<p>Second paragraph with more words, so the extractor has something real to keep here.</p>
</article></body></html>"""


class Handler(QuietHandler):
    seen_agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/redirect":
            self._send(301, b"", {"Location": "/page"})
        elif self.path == "/page":
            self._send(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif self.path == "/gzip":
            self._send(200, gzip.compress(PAGE), {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif self.path == "/not-modified":  # what a server says to If-None-Match it matches
            self._send(304, b"", {"ETag": '"v2"'})
        elif self.path == "/big":
            self._send(200, b"<p>" + b"x" * 200_000 + b"</p>", {"Content-Type": "text/html"})
        else:
            self._send(404, b"not here", {"Content-Type": "text/plain"})


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as url:
        yield url


def test_fetch_follows_redirects_and_records_final_url(server: str) -> None:
    capture = fetch(f"{server}/redirect")
    assert capture.url == f"{server}/page"
    assert capture.data == PAGE
    assert capture.content_type == "text/html; charset=utf-8"
    assert Handler.seen_agents[-1].startswith("Mozilla/5.0 (compatible; tearsheet/")


def test_fetch_decodes_compressed_responses(server: str) -> None:
    assert fetch(f"{server}/gzip").data == PAGE


def test_fetch_caps_the_size(server: str) -> None:
    with pytest.raises(InputTooLargeError):
        fetch(f"{server}/big", options=ReadOptions(max_bytes=10_000))


def test_http_error_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="404"):
        fetch(f"{server}/missing")


def test_a_conditional_fetch_sends_the_validators_and_returns_a_304_without_a_capture(server: str) -> None:
    fetched = fetch_if_changed(f"{server}/page", Validators(etag='"v1"', last_modified="Tue, 14 May 2024"))
    assert fetched.capture is not None and fetched.validators == Validators()  # this server sends none
    unchanged = fetch_if_changed(f"{server}/not-modified", Validators(etag='"v1"', last_modified="Tue"))
    assert unchanged.capture is None and unchanged.validators == Validators(etag='"v2"', last_modified="Tue")
    with pytest.raises(FetchError, match="304"):  # unasked, a 304 is no page
        fetch(f"{server}/not-modified")


def test_refused_connection_is_a_fetch_error() -> None:
    with pytest.raises(FetchError):
        fetch("http://127.0.0.1:9/", options=ReadOptions(fetch_timeout=2))


def test_cli_extracts_a_url_with_links_resolved(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", f"{server}/page", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "First paragraph of a test story" in out
    assert f"[a relative link]({server}/other)" in out


def test_cli_network_failure_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "http://127.0.0.1:9/"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tearsheet: error: http://127.0.0.1:9/") and err.count("\n") == 1
