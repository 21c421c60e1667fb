"""Archives for the web UI's tests: the bundled examples plus hostile captures.

The web tests check the reading room, not grouping or reconciliation, so they can
build the archive with ``PlainGrouping``: a small, predictable stand-in (word-set
overlap groups captures; the first HTML capture is the canonical article, every
paragraph sourced to the captures that contain it) that gives every page real
provenance, conflicts and an inferred link to show.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Sequence
from pathlib import Path

import anyio
import httpx

from tearsheet.archive import Archive
from tearsheet.archive.grouping import fallback_url_key
from tearsheet.archive.incoming import StepResult
from tearsheet.models import Article, Capture, Conflict, Provenance, Source
from tearsheet.options import ReadOptions

EXAMPLES = Path(__file__).parent.parent / "examples"
SAME_ARTICLE_OVERLAP = 0.35  # word-set Jaccard above which two captures are one article

HOSTILE_TITLE = '<script>document.title="PWNED-TITLE"</script><img src=x onerror=alert(1)>'
# A captured page whose script, if it ever ran in any origin, would be seen: it sets
# the title of the page it runs in, writes a marker, and calls the app back.
HOSTILE_PAGE = f"""<!doctype html><html><head><title>{HOSTILE_TITLE}</title>
<meta property="og:site_name" content="Evil &lt;b&gt;Gazette&lt;/b&gt;">
<script>
document.title = "PWNED";
try {{ parent.document.title = "PWNED-PARENT"; }} catch (e) {{}}
try {{ top.location = "/?q=pwned"; }} catch (e) {{}}
fetch("/api/stats?pwned=1").catch(function () {{}});
document.addEventListener("DOMContentLoaded", function () {{
  var m = document.createElement("p"); m.id = "script-ran"; m.textContent = "SCRIPT RAN";
  document.body.appendChild(m);
}});
</script></head>
<body><article><h1>{HOSTILE_TITLE}</h1>
<p class="byline">By <a href="javascript:alert(2)">Mallory &lt;script&gt;</a></p>
<p>The hostile capture tries every trick: a <a href="javascript:alert(3)">script link</a>,
an <a href="data:text/html,&lt;script&gt;alert(4)&lt;/script&gt;">inline data page</a>,
and markup in its text such as &lt;iframe src=/&gt; that must stay text. Quokkas are
mentioned so a search can find it, together with enough ordinary words to be read as an
article body by an extractor that wants a few sentences before it believes it.</p>
<p>Second paragraph of the hostile page, with more words about quokkas and their island,
which keeps the extractor satisfied that this is a real article and not a stub page.</p>
<p>Third paragraph: the island is Rottnest, the quokkas are friendly, and visitors are
asked not to feed them, which is the kind of detail a real article would carry along.</p>
<script>document.write("<p id=written>WRITTEN BY SCRIPT</p>")</script>
</article></body></html>
""".encode()


class PlainGrouping:
    """A predictable stand-in for ``tearsheet.reconcile`` (see the module docstring)."""

    def fingerprint(self, article: Article) -> tuple[bytes, tuple[str, ...]]:
        words = sorted({w for w in article.text.lower().split() if len(w) > 3})
        return "\n".join(words).encode(), ("all",)

    def same_article(self, a: bytes, b: bytes) -> bool:
        left, right = set(a.decode().split("\n")), set(b.decode().split("\n"))
        return len(left & right) / max(1, len(left | right)) >= SAME_ARTICLE_OVERLAP

    def url_key(self, url: str | None) -> str | None:
        return fallback_url_key(url)

    def reconcile(self, articles: Sequence[Article]) -> Article:
        base = next((a for a in articles if a.kind and a.kind.value == "html"), articles[0])
        ids = tuple(a.capture_id or "" for a in articles)
        texts = {a.capture_id or "": " ".join(a.text.split()) for a in articles}
        blocks = tuple(
            _block_sources(" ".join(b.text.split()), base.capture_id or "", texts) for b in base.blocks
        )
        links = tuple(
            (Source(capture=base.capture_id or "", how="inferred-by-order" if i == 0 else "exact"),)
            for i, _ in enumerate(base.links)
        )
        titles: dict[str, list[str]] = {}
        for a in articles:
            if a.title:
                titles.setdefault(a.title, []).append(a.capture_id or "")
        fields = (
            ("title", tuple(Source(capture=c) for c in titles.get(base.title or "", ()))),
            ("authors", (Source(capture=base.capture_id or "", how="structured"),)),
        )
        conflicts = (
            (
                Conflict(
                    field="title",
                    chosen=base.title or "",
                    values=tuple((t, tuple(c)) for t, c in titles.items()),
                ),
            )
            if len(titles) > 1
            else ()
        )
        provenance = Provenance(captures=ids, fields=fields, blocks=blocks, links=links)
        return dataclasses.replace(base, provenance=provenance, conflicts=conflicts)


def _block_sources(text: str, base: str, texts: dict[str, str]) -> tuple[Source, ...]:
    others = [cid for cid, body in texts.items() if cid != base and text and text in body]
    return (Source(capture=base), *(Source(capture=cid, how="aligned") for cid in others))


def example_archive(path: str | Path = ":memory:", *, hostile: bool = True, real: bool = False) -> Archive:
    """An archive of the bundled examples (and, unless told otherwise, the hostile page),
    grouped by ``PlainGrouping`` or, with ``real``, by ``tearsheet.reconcile`` itself."""
    archive = Archive(path) if real else Archive(path, grouping=PlainGrouping())
    archive.add([EXAMPLES])
    if hostile:
        archive.add([HOSTILE_PAGE], url="https://evil.example/quokkas")
    return archive


def hanging_step(capture: Capture, options: ReadOptions) -> StepResult:
    """An upload worker's step that never finishes: a reader stuck on a hostile page."""
    time.sleep(3600)
    raise AssertionError("the worker should have been killed long before")


def capture_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


BASE_URL = "http://localhost"  # the app answers only to loopback names unless told others


class Client:
    """A synchronous client that calls the ASGI app in-process (httpx's ASGITransport).

    Starlette's TestClient now warns unless the separate ``httpx2`` package is
    installed; this is the same idea in a few lines, on the httpx we already need.
    """

    def __init__(self, app: object, *, raise_app_exceptions: bool = True) -> None:
        self.app = app
        self.raise_app_exceptions = raise_app_exceptions

    def request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        async def call() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=self.raise_app_exceptions)  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
                return await client.request(method, url, **kwargs)  # type: ignore[arg-type]

        return anyio.run(call)

    def get(self, url: str, **kwargs: object) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: object) -> httpx.Response:
        return self.request("POST", url, **kwargs)
