"""The reading room's pages and their /api twins, in-process through the ASGI app."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tearsheet.archive import Archive
from tearsheet.archive.incoming import StepResult, succeeded
from tearsheet.models import Article, Block, BlockKind, Capture, CaptureKind
from tearsheet.web import create_app
from tearsheet.web.openapi import OPENAPI
from tearsheet.web.views import PAGE_SIZE
from web_support import Client, example_archive


@pytest.fixture(scope="module")
def archive() -> Iterator[Archive]:
    with example_archive() as built:
        yield built


@pytest.fixture(scope="module")
def client(archive: Archive) -> Client:
    return Client(create_app(archive))


def _article_id(archive: Archive, word: str) -> str:
    return archive.search(word).hits[0].id


def test_home_shows_counts_and_query_syntax(client: Client, archive: Archive) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert f"<strong>{archive.stats().articles}</strong> articles" in page.text
    assert '"birth house"' in page.text  # the syntax cheat sheet


def test_search_page_lists_hits_with_highlighted_snippets(client: Client, archive: Archive) -> None:
    page = client.get("/", params={"q": "police"})
    assert page.status_code == 200
    article_id = _article_id(archive, "police")
    assert f'href="/articles/{article_id}"' in page.text
    assert "<mark>police</mark>" in page.text
    assert "<strong>1</strong> article match" in page.text


def test_search_filters_reach_the_archive(client: Client) -> None:
    assert "No article matches" in client.get("/", params={"q": "police", "site": "MoreBikes"}).text
    found = client.get("/api/search", params={"q": "police", "since": "2019-11", "until": "2019"}).json()
    assert found["total"] == 1
    assert found["filters"] == {"since": "2019-11", "until": "2019"}
    assert client.get("/api/search", params={"q": "police", "until": "2018"}).json()["total"] == 0


def test_filters_alone_list_articles(client: Client) -> None:
    listed = client.get("/api/search", params={"site": "MoreBikes"}).json()
    assert listed["total"] == 1
    assert listed["hits"][0]["title"].startswith("Bike & Style")


def test_search_json_twin(client: Client, archive: Archive) -> None:
    found = client.get("/api/search", params={"q": "police"}).json()
    assert found["total"] == 1
    hit = found["hits"][0]
    assert hit["id"] == _article_id(archive, "police")
    assert "police" in hit["highlights"]
    assert hit["links"]["json"] == f"/api/articles/{hit['id']}"


def test_bad_query_and_bad_parameters_are_explained(client: Client) -> None:
    page = client.get("/", params={"q": '"unclosed'})
    assert page.status_code == 400
    assert "unclosed quote" in page.text
    assert client.get("/api/search", params={"q": '"unclosed'}).status_code == 400
    assert client.get("/api/search", params={"q": "x", "since": "yesterday"}).status_code == 400
    assert client.get("/api/search", params={"q": "x", "page": "0"}).status_code == 400
    assert client.get("/api/search", params={"q": "x" * 600}).status_code == 400


def test_article_page_reads_cleanly_with_provenance(client: Client, archive: Archive) -> None:
    article_id = _article_id(archive, "police")
    article = archive.get(article_id)
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    assert "House Hitler was born" in page.text
    assert "Where this came from" in page.text
    for capture in archive.captures(article_id):
        assert f'data-capture="{capture.id}"' in page.text  # every capture supplied something
    assert 'title="from capture 1 (' in page.text  # hover text on paragraphs
    assert 'class="inferred"' in page.text  # PlainGrouping infers the first link
    assert f"/articles/{article_id}/captures" in page.text
    assert f"/articles/{article_id}/export?format=markdown" in page.text
    first_link = article.links[0]
    assert f'href="{first_link.href}"' in page.text


def test_article_prefix_ids_resolve(client: Client, archive: Archive) -> None:
    article_id = _article_id(archive, "police")
    assert client.get(f"/articles/{article_id[:6]}").status_code == 200


def test_article_json_twin(client: Client, archive: Archive) -> None:
    article_id = _article_id(archive, "police")
    data = client.get(f"/api/articles/{article_id}").json()
    assert data["id"] == article_id
    assert data["article"]["title"] == archive.get(article_id).title
    assert data["article"]["provenance"]["captures"]
    assert [c["kind"] for c in data["captures"]] == [c.kind for c in archive.captures(article_id)]
    assert data["inferred_links"] == 1


def test_captures_page_lists_shows_and_diffs(client: Client, archive: Archive) -> None:
    article_id = _article_id(archive, "police")
    captures = archive.captures(article_id)
    page = client.get(f"/articles/{article_id}/captures")
    assert page.status_code == 200
    for capture in captures:
        assert capture.id[:12] in page.text
    assert (
        f'<iframe class="capture-frame" sandbox src="/articles/{article_id}/captures/{captures[0].id}/raw"'
        in page.text
    )
    assert 'class="diff-row d-' in page.text
    pdf = next(c for c in captures if c.kind == "pdf")
    shown = client.get(f"/articles/{article_id}/captures", params={"view": pdf.id[:16]})
    assert f'<iframe class="capture-frame" src="/articles/{article_id}/captures/{pdf.id}/raw"' in shown.text


def test_captures_json_twin_has_the_diff(client: Client, archive: Archive) -> None:
    article_id = _article_id(archive, "police")
    captures = archive.captures(article_id)
    data = client.get(
        f"/api/articles/{article_id}/captures", params={"left": captures[0].id, "right": captures[-1].id[:10]}
    ).json()
    assert [c["id"] for c in data["captures"]] == [c.id for c in captures]
    assert data["diff"]["left"] == captures[0].id
    assert data["diff"]["right"] == captures[-1].id
    assert data["diff"]["same"] + data["diff"]["changed"] > 0
    assert {row["tag"] for row in data["diff"]["rows"]} <= {"equal", "replace", "delete", "insert"}


def test_raw_captures_keep_their_type(client: Client, archive: Archive) -> None:
    article_id = _article_id(archive, "police")
    by_kind = {c.kind: c for c in archive.captures(article_id)}
    pdf = client.get(f"/articles/{article_id}/captures/{by_kind['pdf'].id}/raw")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == archive.capture_bytes(by_kind["pdf"].id)
    text = client.get(f"/articles/{article_id}/captures/{by_kind['text'].id}/raw")
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    download = client.get(
        f"/articles/{article_id}/captures/{by_kind['html'].id}/raw", params={"download": "1"}
    )
    assert download.headers["content-disposition"].startswith("attachment;")


def test_article_exports(client: Client, archive: Archive) -> None:
    article_id = _article_id(archive, "police")
    markdown = client.get(f"/articles/{article_id}/export", params={"format": "markdown"})
    assert markdown.headers["content-disposition"] == f'attachment; filename="tearsheet-{article_id}.md"'
    assert markdown.text.startswith("# House Hitler")
    as_json = client.get(f"/articles/{article_id}/export", params={"format": "json"})
    assert as_json.headers["content-type"] == "application/json"
    assert json.loads(as_json.text)["id"] == article_id
    assert client.get(f"/articles/{article_id}/export", params={"format": "docx"}).status_code == 400


def test_search_exports(client: Client) -> None:
    markdown = client.get("/export", params={"q": "police OR bike", "format": "markdown"})
    assert markdown.headers["content-disposition"] == 'attachment; filename="tearsheet-search.md"'
    assert markdown.text.count("\n---\n") == 1  # two articles, one separator
    data = client.get("/export", params={"q": "police", "format": "json"}).json()
    assert data["count"] == 1
    assert data["articles"][0]["title"].startswith("House Hitler")


def test_stats_and_openapi(client: Client, archive: Archive) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == archive.stats().articles
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    docs = client.get("/api")
    assert "/api/search" in docs.text and "/api/openapi.json" in docs.text


def test_every_api_route_is_documented() -> None:
    app = create_app(Archive(":memory:"))
    api_routes = {getattr(route, "path", "") for route in app.routes} - {"/api"}
    assert {path for path in api_routes if path.startswith("/api")} == set(OPENAPI["paths"])


def test_unknown_pages_are_404_in_the_right_format(client: Client) -> None:
    assert client.get("/articles/ffffffffffff").status_code == 404
    missing = client.get("/api/articles/ffffffffffff")
    assert missing.status_code == 404
    assert missing.json()["error"]["status"] == 404
    assert "Nothing here" in client.get("/nowhere").text


def test_static_stylesheet_is_served(client: Client) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")


def _synthetic(i: int) -> StepResult:
    text = f"Zebra report number {i}. The zebra herd {i} crossed river {i * 7}."
    capture = Capture(
        id=f"{i:064x}", kind=CaptureKind.HTML, data=text.encode(), url=f"https://zoo.example/{i}"
    )
    article = Article(
        title=f"Zebra {i}",
        url=capture.url,
        blocks=(Block(kind=BlockKind.PARAGRAPH, text=text),),
        kind=CaptureKind.HTML,
    )
    return succeeded(capture, article, f"fp{i}".encode())


def test_pagination() -> None:
    total = PAGE_SIZE * 2 + 5
    with Archive(":memory:") as archive:
        archive.store_many(_synthetic(i) for i in range(total))
        client = Client(create_app(archive))
        first = client.get("/", params={"q": "zebra"})
        assert f"<strong>{total}</strong> articles" in first.text
        assert "Page 1 of 3" in first.text
        assert 'href="/?q=zebra&amp;page=2"' in first.text
        last = client.get("/api/search", params={"q": "zebra", "page": "3"}).json()
        assert len(last["hits"]) == 5
        ids = {
            hit["id"]
            for page in (1, 2, 3)
            for hit in client.get("/api/search", params={"q": "zebra", "page": str(page)}).json()["hits"]
        }
        assert len(ids) == total
