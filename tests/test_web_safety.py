"""Captured pages are hostile input: escaping, the sandbox, ids, read-only mode, uploads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tearsheet.archive import Archive
from tearsheet.web import create_app
from tearsheet.web.app import PAGE_CSP
from tearsheet.web.raw import SANDBOX_CSP
from web_support import EXAMPLES, HOSTILE_PAGE, Client, capture_id, example_archive

HOSTILE_ID = capture_id(HOSTILE_PAGE)


@pytest.fixture(scope="module")
def archive() -> Iterator[Archive]:
    with example_archive() as built:
        yield built


@pytest.fixture(scope="module")
def client(archive: Archive) -> Client:
    return Client(create_app(archive))


def _hostile_article(archive: Archive) -> str:
    article_id = archive.capture(HOSTILE_ID).article_id
    assert article_id
    return article_id


def test_hostile_titles_and_bodies_are_escaped_everywhere(client: Client, archive: Archive) -> None:
    article_id = _hostile_article(archive)
    pages = [
        client.get("/", params={"q": "quokkas"}),
        client.get(f"/articles/{article_id}"),
        client.get(f"/articles/{article_id}/captures"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "<script" not in page.text.lower()
        assert "<img src=x" not in page.text
        assert "&lt;script&gt;" in page.text
    article_page = pages[1].text
    assert "&lt;iframe src=/&gt;" in article_page  # markup in the body text stays text
    assert "Evil &lt;b&gt;Gazette&lt;/b&gt;" in article_page


def test_script_and_data_links_are_not_clickable(client: Client, archive: Archive) -> None:
    page = client.get(f"/articles/{_hostile_article(archive)}").text
    assert "javascript:" not in page
    assert 'href="data:text/html' not in page
    assert "script link" in page  # the words stay, as a dead link
    assert 'class="deadlink' in page


def test_app_pages_forbid_scripts_and_framing(client: Client) -> None:
    page = client.get("/")
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert "script-src" not in PAGE_CSP and "default-src 'none'" in PAGE_CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert client.get("/api/stats").headers["content-security-policy"] == PAGE_CSP


def test_captured_html_is_served_sandboxed(client: Client, archive: Archive) -> None:
    article_id = _hostile_article(archive)
    raw = client.get(f"/articles/{article_id}/captures/{HOSTILE_ID}/raw")
    assert raw.status_code == 200
    assert raw.content == HOSTILE_PAGE  # shown as captured, never rewritten
    csp = raw.headers["content-security-policy"]
    assert csp == SANDBOX_CSP
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp and "script-src" not in csp
    assert "allow-scripts" not in csp and "allow-same-origin" not in csp
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert raw.headers["content-type"] == "text/html; charset=utf-8"
    frame = client.get(f"/articles/{article_id}/captures").text
    assert '<iframe class="capture-frame" sandbox src=' in frame


def test_text_captures_are_plain_text_and_sandboxed(client: Client, archive: Archive) -> None:
    article_id = archive.search("police").hits[0].id
    text = next(c for c in archive.captures(article_id) if c.kind == "text")
    raw = client.get(f"/articles/{article_id}/captures/{text.id}/raw")
    assert raw.headers["content-type"] == "text/plain; charset=utf-8"
    assert raw.headers["content-security-policy"] == SANDBOX_CSP


@pytest.mark.parametrize(
    "path",
    [
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/articles/..%2F..%2Fetc%2Fpasswd/captures",
        "/articles/a%20b",
        "/articles/%27%20OR%201=1--",
        "/articles/" + "a" * 65,
        "/api/articles/..%2Fsecret",
        "/articles/PLACEHOLDER/captures/..%2F..%2Fetc%2Fpasswd/raw",
        "/articles/PLACEHOLDER/captures/ZZZZZZZZZZ/raw",
        "/articles/PLACEHOLDER/captures/abc/raw",
        "/static/..%2F..%2F..%2Fpyproject.toml",
        "/static/../app.py",
    ],
)
def test_traversal_and_malformed_ids_are_404(client: Client, archive: Archive, path: str) -> None:
    path = path.replace("PLACEHOLDER", archive.search("police").hits[0].id)
    response = client.get(path)
    assert response.status_code == 404, path
    assert "root:" not in response.text and "[project]" not in response.text


def test_a_capture_of_another_article_is_404(client: Client, archive: Archive) -> None:
    police = archive.search("police").hits[0].id
    other = archive.captures(archive.search("bike").hits[0].id)[0].id
    assert client.get(f"/articles/{police}/captures/{other}/raw").status_code == 404


def test_read_only_rejects_adding(client: Client) -> None:
    assert client.post("/api/captures", content=b"<html></html>").status_code == 403
    assert client.get("/add").status_code == 403
    assert client.post("/add", files={"file": ("a.html", b"<html></html>")}).status_code == 403
    assert 'href="/add"' not in client.get("/").text
    assert client.request("PUT", "/api/captures").status_code == 405


def test_allow_add_accepts_uploads() -> None:
    with Archive(":memory:") as archive:
        client = Client(create_app(archive, allow_add=True))
        assert 'href="/add"' in client.get("/").text
        assert client.get("/add").status_code == 200
        page = (EXAMPLES / "bike-style-book" / "page.html").read_bytes()
        added = client.post("/api/captures", content=page, params={"url": "https://example.com/bike"})
        assert added.status_code == 201, added.text
        [article_id] = added.json()["articles"]
        assert client.get(f"/articles/{article_id}").status_code == 200
        text = (EXAMPLES / "bike-style-book" / "print.txt").read_bytes()
        form = client.post("/add", files={"file": ("print.txt", text, "text/plain")})
        assert form.status_code == 303
        assert form.headers["location"].startswith("/articles/")
        assert client.post("/api/captures", content=b"").status_code == 400
        assert client.post("/add", files={"url": (None, "https://x.example")}).status_code == 400


def test_uploads_forged_by_another_site_are_refused() -> None:
    with Archive(":memory:") as archive:
        client = Client(create_app(archive, allow_add=True))
        page = (EXAMPLES / "bike-style-book" / "page.html").read_bytes()
        forged = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}
        assert client.post("/api/captures", content=page, headers=forged).status_code == 403
        assert client.post("/add", files={"file": ("p.html", page)}, headers=forged).status_code == 403
        assert (
            client.post("/api/captures", content=page, headers={"origin": "http://evil.example"}).status_code
            == 403
        )
        same = {"origin": "http://localhost", "sec-fetch-site": "same-origin"}
        assert client.post("/api/captures", content=page, headers=same).status_code == 201


def test_loopback_server_answers_only_to_loopback_names() -> None:
    from tearsheet.cli.serve import allowed_hosts

    with Archive(":memory:") as archive:
        client = Client(create_app(archive, allowed_hosts=allowed_hosts("127.0.0.1")))
        assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
        assert client.get("/api/stats", headers={"host": "rebound.evil.example"}).status_code == 400
    assert allowed_hosts("0.0.0.0") == []  # every address: still only loopback (and --allow-host) names
    assert allowed_hosts("::", ("pi.local",)) == ["pi.local"]
    assert allowed_hosts("192.168.1.5", ("pi.local",)) == ["192.168.1.5", "pi.local"]
