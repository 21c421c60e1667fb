"""The reading room at its edges (issue 15): uploads read off the event loop with a time
limit, Host names and origins checked whatever the listening address, security headers
on every answer (errors included), and no parameter that reaches SQLite unchecked."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
import httpx
import pytest
import uvicorn

from tearsheet.archive import Archive
from tearsheet.cli.serve import allowed_hosts
from tearsheet.web import create_app
from tearsheet.web.app import PAGE_HEADERS
from tearsheet.web.store import Store
from tearsheet.web.worker import UploadReader
from web_support import BASE_URL, EXAMPLES, Client, example_archive, hanging_step

PAGE = (EXAMPLES / "bike-style-book" / "page.html").read_bytes()
LIMIT = 4.0  # seconds an upload may take to read in these tests
QUICK = 2.0  # a GET answered while an upload hangs comes back within this (well before LIMIT)


@pytest.fixture(scope="module")
def archive() -> Iterator[Archive]:
    with example_archive() as built:
        yield built


def _has_security_headers(response: httpx.Response) -> bool:
    return all(response.headers.get(name) == value for name, value in PAGE_HEADERS.items())


# -- uploads: read in a worker process, with a time limit --------------------------------


def test_a_hanging_upload_does_not_block_other_requests() -> None:
    with Archive(":memory:") as archive:
        reader = UploadReader(timeout=LIMIT, step=hanging_step)
        app = create_app(archive, allow_add=True, upload_reader=reader)

        async def scenario() -> tuple[httpx.Response, float, bool, httpx.Response, float]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, timeout=60) as client:
                started = time.monotonic()
                async with anyio.create_task_group() as group:
                    uploaded: list[httpx.Response] = []

                    async def upload() -> None:
                        uploaded.append(await client.post("/api/captures", content=PAGE))

                    group.start_soon(upload)
                    await anyio.sleep(0.3)
                    asked = time.monotonic()
                    stats = await client.get("/api/stats")
                    answered_in = time.monotonic() - asked
                    still_uploading = not uploaded
                return stats, answered_in, still_uploading, uploaded[0], time.monotonic() - started

        stats, answered_in, still_uploading, upload, upload_took = anyio.run(scenario)
        assert stats.status_code == 200 and answered_in < QUICK
        assert still_uploading  # the GET was answered while the upload hung
        assert upload.status_code == 400 and "timeout" in upload.json()["error"]["message"]
        assert LIMIT <= upload_took < LIMIT + 20  # cut off at the limit (plus a worker's start)
        assert archive.stats().articles == 0


def test_a_live_server_answers_while_an_upload_hangs() -> None:
    with Archive(":memory:") as archive, _served(create_app(
            archive, allow_add=True, upload_reader=UploadReader(timeout=LIMIT, step=hanging_step))) as base:
        results: list[httpx.Response] = []
        poster = threading.Thread(target=lambda: results.append(
            httpx.post(f"{base}/api/captures", content=PAGE, timeout=60)))
        poster.start()
        time.sleep(0.5)
        asked = time.monotonic()
        stats = httpx.get(f"{base}/api/stats", timeout=30)
        answered_in = time.monotonic() - asked
        uploading = poster.is_alive()
        poster.join(60)
        assert stats.status_code == 200 and answered_in < QUICK and uploading
        assert results[0].status_code == 400 and "timeout" in results[0].text
        assert httpx.get(f"{base}/api/stats", timeout=30).status_code == 200  # and after it


def test_uploads_are_read_in_a_worker_and_stored() -> None:
    with Archive(":memory:") as archive:
        client = Client(create_app(archive, allow_add=True))
        added = client.post("/api/captures", content=PAGE, params={"url": "https://example.com/bike"})
        assert added.status_code == 201, added.text
        again = client.post("/api/captures", content=PAGE)
        assert again.status_code == 201 and "duplicate" in again.json()["report"]
        assert again.json()["articles"] == added.json()["articles"]
        broken = client.post("/api/captures", content=b"\x00\x01 not a capture of anything \xff" * 3)
        assert broken.status_code == 400


@contextmanager
def _served(app: object) -> Iterator[str]:
    """``app`` on a real uvicorn server on 127.0.0.1 (a free port), in a thread."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",  # type: ignore[arg-type]
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (server.started and server.servers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


# -- Host names and origins (DNS rebinding, forged writes) -------------------------------


def test_every_address_still_answers_only_to_known_names() -> None:
    with Archive(":memory:") as archive:
        app = create_app(archive, allow_add=True, allowed_hosts=allowed_hosts("0.0.0.0", ("pi.local",)))
        client = Client(app)
        rebound = {"host": "rebound.evil.example:8000", "origin": "http://rebound.evil.example:8000",
                   "sec-fetch-site": "same-origin"}
        posted = client.post("/api/captures", content=PAGE, headers=rebound)
        assert posted.status_code == 400 and _has_security_headers(posted)
        assert client.get("/api/stats", headers={"host": "rebound.evil.example:8000"}).status_code == 400
        assert client.get("/", headers={"host": "rebound.evil.example"}).status_code == 400
        names = ("localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST", "pi.local:8000", "pi.local.")
        for host in names:
            assert client.get("/api/stats", headers={"host": host}).status_code == 200, host
        assert client.get("/api/stats", headers={"host": "192.168.1.5:8000"}).status_code == 400
        assert archive.stats().articles == 0


def test_a_specific_listening_address_is_answered_to() -> None:
    with Archive(":memory:") as archive:
        client = Client(create_app(archive, allowed_hosts=allowed_hosts("192.168.1.5")))
        assert client.get("/api/stats", headers={"host": "192.168.1.5:8000"}).status_code == 200
        assert client.get("/api/stats", headers={"host": "192.168.1.6:8000"}).status_code == 400
        v6 = Client(create_app(archive, allowed_hosts=allowed_hosts("fe80::1")))
        assert v6.get("/api/stats", headers={"host": "[fe80::1]:8000"}).status_code == 200


def test_writes_must_come_from_the_apps_own_origin() -> None:
    with Archive(":memory:") as archive:
        client = Client(create_app(archive, allow_add=True))
        host = {"host": "localhost:8000"}
        refused = [
            {"origin": "http://evil.example"},
            {"origin": "null"},  # a sandboxed frame or a data: page
            {"origin": "http://localhost:9999"},  # another port is another origin
            {"origin": "http://127.0.0.1:8000"},  # another name is another origin too
            {"sec-fetch-site": "cross-site"},
            {"sec-fetch-site": "same-site"},
        ]
        for headers in refused:
            answer = client.post("/api/captures", content=PAGE, headers={**host, **headers})
            assert answer.status_code == 403 and _has_security_headers(answer), headers
            form = client.post("/add", files={"file": ("p.html", PAGE)}, headers={**host, **headers})
            assert form.status_code == 403, headers
        assert archive.stats().articles == 0
        same = {**host, "origin": "http://localhost:8000", "sec-fetch-site": "same-origin"}
        assert client.post("/api/captures", content=PAGE, headers=same).status_code == 201
        assert client.post("/api/captures", content=PAGE, headers=host).status_code == 201  # curl: no Origin


# -- security headers on every answer ------------------------------------------------------


def test_unexpected_errors_keep_the_security_headers(archive: Archive,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "stats", broken)
    monkeypatch.setattr(Store, "search", broken)
    client = Client(create_app(archive), raise_app_exceptions=False)
    for url in ("/api/stats", "/api/search?q=police", "/?q=police"):
        answer = client.get(url)
        assert answer.status_code == 500, url
        assert _has_security_headers(answer), url
        assert "a bug" not in answer.text  # no internals in the answer
    assert client.get("/api/stats").json()["error"]["status"] == 500


def test_every_kind_of_answer_carries_the_security_headers(archive: Archive) -> None:
    client = Client(create_app(archive))
    for url in ("/", "/?q=police", "/api/search?q=%22unclosed", "/articles/nope", "/api/articles/nope",
                "/?since=someday", "/static/missing.css", "/api/stats"):
        assert _has_security_headers(client.get(url)), url
    assert _has_security_headers(client.get("/", headers={"host": "evil.example"}))
    assert _has_security_headers(client.request("PUT", "/api/captures"))


# -- parameters that reach SQLite ---------------------------------------------------------


@pytest.mark.parametrize("url", ["/?q=%00", "/api/search?q=%00", "/export?q=%00", "/?q=%00%01%1f"])
def test_a_query_of_control_characters_is_a_clear_400(archive: Archive, url: str) -> None:
    answer = Client(create_app(archive)).get(url)
    assert answer.status_code == 400, answer.text
    assert "empty" in answer.text


@pytest.mark.parametrize("url", [
    "/api/search?q=police%00bike", "/api/search?q=%22police%00%22", "/api/search?q=police&site=%00",
    "/api/search?q=police&author=a%00b", "/api/search?q=police&lang=%00", "/?site=%00", "/?author=%00",
    "/?lang=en%00", "/export?q=police%00", "/api/search?q=police%01%7f", "/api/search?q=%ED%A0%80",
    "/api/search?q=%22%00%22", "/export?q=%28%28"])
def test_nul_and_control_characters_elsewhere_are_harmless(archive: Archive, url: str) -> None:
    answer = Client(create_app(archive)).get(url)
    assert answer.status_code in (200, 400), answer.text
    assert "internal error" not in answer.text


def test_nul_is_a_space_in_a_query(archive: Archive) -> None:
    client = Client(create_app(archive))
    plain = client.get("/api/search", params={"q": "police bike"}).json()
    assert client.get("/api/search", params={"q": "police\x00bike"}).json()["hits"] == plain["hits"]
