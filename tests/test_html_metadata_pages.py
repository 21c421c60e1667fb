"""Metadata of real pages against their ground truth, and robustness on garbage."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from tearsheet.readers.html.metadata.reader import PageMetadata, read_metadata

PAGES = Path(__file__).parent / "fixtures" / "html_metadata"
PAGE_IDS = sorted(p.name.removesuffix(".json") for p in PAGES.glob("*.json"))


def _page(page_id: str) -> tuple[LexborHTMLParser, dict[str, object]]:
    truth = json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes())
    return LexborHTMLParser(html), truth


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_real_page_matches_truth(page_id: str) -> None:
    tree, truth = _page(page_id)
    meta = read_metadata(tree, str(truth["url"]))
    assert meta.title == truth["title"]
    assert [a.name for a in meta.authors] == truth["authors"]
    assert meta.published is not None
    assert meta.published.date() == date.fromisoformat(str(truth["published"]))


def test_real_page_profile_link_and_fields() -> None:
    tree, truth = _page("23aaecd1")
    meta = read_metadata(tree, str(truth["url"]))
    assert meta.authors[0].url == "http://comoeducarseusfilhos.com.br/blog/author/carlos-nadalim/"
    assert meta.language == "pt"
    assert meta.site_name == "Como Educar Seus Filhos"
    assert meta.modified is not None and meta.published is not None and meta.modified > meta.published


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_never_raises_on_random_bytes(data: bytes) -> None:
    assert isinstance(read_metadata(LexborHTMLParser(data), None), PageMetadata)


_FRAGMENTS = st.sampled_from([
    '<script type="application/ld+json">', "</script>", '{"@type": "NewsArticle", "author": ',
    '{"@graph": [', "]}", '"datePublished": "2019-13-45T99:99"', '<meta property="og:title" content="',
    '<meta name="author" content="', '">', "<time datetime=\"", "<h1>", "</h1>", "<title>", "</title>",
    '<div class="byline">By ', "</div>", "<a rel=author href=\"", "Nov 31, 2019 13:99 PM", "\x00", "&#0;",
    '<link rel="canonical" href="http://[::1', '<base href="javascript:', "null", '{"@id": "x"}',
    "Dec 31, 9999 11:59 PM EST",
    '<meta property="article:published_time" content="9999-12-31T23:59:59-14:00">',
    '<p class="date">Published 1 Jan 0001</p>', '"datePublished": "0001-01-01T00:00:00+14:00"}',
    '<a rel="author" href="http://[::1/x">Jo Bloggs</a>', '<meta property="article:author" content="//[',
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=30)), max_size=40),
       st.one_of(st.none(), st.text(max_size=40)))
def test_never_raises_on_mangled_markup(parts: list[str], url: str | None) -> None:
    meta = read_metadata(LexborHTMLParser("".join(parts)), url)
    assert isinstance(meta, PageMetadata)
    assert meta.published is None or meta.published.year >= 1990


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=2_000),
       st.sampled_from(PAGE_IDS))
def test_never_raises_on_cut_real_pages(start: int, length: int, page_id: str) -> None:
    html = gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes())
    cut = html[:start] + html[start + length:]
    assert isinstance(read_metadata(LexborHTMLParser(cut), "https://example.com/2019/11/19/x"), PageMetadata)
