"""Helpers for the archive tests (no tests here): synthetic articles and captures,
and the grouping the archive is tested with."""

from __future__ import annotations

import hashlib
import json
import random
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime

from tearsheet.archive import Grouping, ReconcileGrouping
from tearsheet.archive.grouping import fallback_url_key
from tearsheet.archive.incoming import StepResult, succeeded
from tearsheet.models import Article, Author, Block, BlockKind, Capture, CaptureKind, Provenance

WORDS = (
    "council", "budget", "school", "storm", "vote", "market", "energy", "health", "police", "court",
    "city", "plan", "water", "road", "farm", "river", "bridge", "museum", "festival", "election",
    "minister", "hospital", "harbour", "railway", "library", "orchestra", "glacier", "vineyard",
    "airport", "factory",
)


def real_grouping_available() -> bool:
    try:
        from tearsheet.reconcile import Fingerprint, fingerprint, lsh_keys, reconcile, same_article  # noqa: F401
        from tearsheet.reconcile.urls import url_key  # noqa: F401
    except ImportError:
        return False
    return True


class FallbackGrouping:
    """Stands in for ``tearsheet.reconcile`` while it is not there: word-3-gram Jaccard,
    equal URLs, and a reconcile that keeps the first capture's article."""

    def fingerprint(self, article: Article) -> tuple[bytes, tuple[str, ...]]:
        words = article.text.lower().split()
        shingles = sorted({zlib.crc32(" ".join(words[i:i + 3]).encode()) for i in range(len(words) - 2)})
        data = json.dumps({"url": fallback_url_key(article.url), "shingles": shingles}).encode()
        keys = tuple(f"{band}:{min((s * (band + 7)) % 1000003 for s in shingles)}" for band in range(4)) \
            if shingles else ()
        return data, keys

    def same_article(self, a: bytes, b: bytes) -> bool:
        fa, fb = json.loads(a), json.loads(b)
        if fa["url"] and fa["url"] == fb["url"]:
            return True
        sa, sb = set(fa["shingles"]), set(fb["shingles"])
        return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= 0.5

    def reconcile(self, articles: Sequence[Article]) -> Article:
        first = articles[0]
        ids = tuple(a.capture_id or "" for a in articles)
        return Article(**{**{f: getattr(first, f) for f in first.__dataclass_fields__},
                          "provenance": Provenance(captures=ids)})

    def url_key(self, url: str | None) -> str | None:
        return fallback_url_key(url)


def grouping() -> Grouping:
    return ReconcileGrouping() if real_grouping_available() else FallbackGrouping()


def sentence(rnd: random.Random, n: int = 14) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_article(i: int, *, seed: int = 0, site: str = "news.example.com", title: str | None = None,
                 text: str | None = None, authors: tuple[str, ...] = ("Ann Writer",),
                 published: datetime | None = None, language: str = "en") -> Article:
    rnd = random.Random(f"{seed}-{i}")
    paragraphs = [text] if text else [" ".join(sentence(rnd) for _ in range(4)) for _ in range(4)]
    return Article(
        title=title or f"Story {i}: {sentence(rnd, 5)}",
        authors=tuple(Author(name=name) for name in authors),
        published=published or datetime(2024, 1 + i % 12, 1 + i % 28, 9, 30, tzinfo=UTC),
        site_name=None, url=f"https://{site}/2024/story-{i}", language=language,
        blocks=tuple(Block(kind=BlockKind.PARAGRAPH, text=p) for p in paragraphs),
        kind=CaptureKind.HTML)


def make_capture(data: bytes, *, url: str | None = None, kind: CaptureKind = CaptureKind.HTML) -> Capture:
    return Capture(id=hashlib.sha256(data).hexdigest(), kind=kind, data=data, source="test", url=url,
                   fetched=datetime(2024, 5, 1, tzinfo=UTC))


def result_for(article: Article, group: Grouping, *, salt: str = "") -> StepResult:
    """A StepResult as the batch step would make it (the capture's bytes: the article's JSON)."""
    data = (json.dumps({"title": article.title, "text": article.text, "url": article.url}) + salt).encode()
    capture = make_capture(data, url=article.url)
    article = Article(**{**{f: getattr(article, f) for f in article.__dataclass_fields__},
                         "capture_id": capture.id})
    fingerprint, keys = group.fingerprint(article)
    return succeeded(capture, article, fingerprint, keys)


def page_html(i: int, *, seed: int = 0) -> bytes:
    """A small, realistic news page the HTML reader turns into an article."""
    rnd = random.Random(f"page-{seed}-{i}")
    paragraphs = "".join(f"<p>{' '.join(sentence(rnd) for _ in range(3))}</p>" for _ in range(6))
    return (f"<!doctype html><html lang=en><head><title>Story {i} of the day</title>"
            f"<meta name=author content='Ann Writer'>"
            f"<meta property=article:published_time content='2024-03-{1 + i % 28:02d}T10:00:00Z'>"
            f"<link rel=canonical href='https://news.example.com/2024/story-{seed}-{i}'></head>"
            f"<body><nav><a href=/>Home</a></nav><article><h1>Story {i} of the day</h1>{paragraphs}"
            f"</article><footer>Example News</footer></body></html>").encode()
