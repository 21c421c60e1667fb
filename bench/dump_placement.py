"""Link placement on text dumps synthesised from the 181 pages of ../shared/bench/article-extraction.

The 30 real dumps hold only 8 links whose URL the text evidences, too few to see how often a
placement rule is wrong on sites it has never seen. So: read each benchmark page with the
web-page reader, print its body as a dump server would (lines wrapped at ``WIDTH``
characters, pages of about ``PAGE_CHARS``, after each page the URL of every inline link on
it in order — twice for a link whose words wrap), read that dump back with the text-dump
reader and compare every placed link with the page's own (anchor text and href).

The reference is the web-page reader's links, so a "wrong" can also be an anchor the web
reader cut differently; each one is listed with ``--list``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.metric import SHARED
from tearsheet import extract
from tearsheet.errors import TearsheetError
from tearsheet.models import Article, Block, CaptureKind

PAGES = SHARED / "bench" / "article-extraction"
WIDTH = 92  # characters per printed line, as in the real dumps
PAGE_CHARS = 3500  # body characters per printed page

_WORD = re.compile(r"\S+")


@dataclass
class PlacementStats:
    pages: int = 0
    links: int = 0  # inline links with an http(s) href on the pages
    right: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (page id, anchor, href)


def synthesise(article: Article) -> str:
    """The text a dump server would return for a print of ``article``'s body."""
    out: list[str] = []
    text: list[str] = []
    urls: list[str] = []
    size = 0
    for block in article.blocks:
        if not block.text.strip():
            continue
        lines, starts = _wrap(block.text)
        text.append("\n".join(lines))
        urls += _listed(block, starts)
        size += len(block.text)
        if size > PAGE_CHARS:
            out.append(_page(text, urls))
            text, urls, size = [], [], 0
    if text:
        out.append(_page(text, urls))
    return "".join(out)


def _wrap(text: str) -> tuple[list[str], list[int]]:
    lines: list[str] = []
    starts: list[int] = []
    current: list[re.Match[str]] = []
    for word in _WORD.finditer(text):
        if current and len(" ".join(w.group() for w in current)) + 1 + len(word.group()) > WIDTH:
            lines.append(" ".join(w.group() for w in current))
            starts.append(current[0].start())
            current = []
        current.append(word)
    if current:
        lines.append(" ".join(w.group() for w in current))
        starts.append(current[0].start())
    return lines, starts


def _listed(block: Block, starts: list[int]) -> list[str]:
    urls: list[str] = []
    links = [link for link in block.links if _web(link.href) and link.start is not None]
    for link in sorted(links, key=lambda link: link.start or 0):
        start = link.start or 0
        wraps = any(start < s < start + len(link.text) for s in starts)
        urls += [link.href or ""] * (2 if wraps else 1)
    return urls


def _web(href: str | None) -> bool:
    return href is not None and href.startswith(("http://", "https://"))


def _page(text: list[str], urls: list[str]) -> str:
    # A page with links: text, blank line, URL list, two blank lines; without: a blank run.
    return "\n\n".join(text) + "\n\n" + ("\n".join(urls) + "\n\n\n" if urls else "\n\n")


def _pages() -> Iterator[tuple[str, Article]]:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress((PAGES / "html" / f"{page_id}.html.gz").read_bytes())
        try:
            yield page_id, extract(html, url=item["url"], kind=CaptureKind.HTML)
        except TearsheetError:
            continue


def measure() -> PlacementStats:
    stats = PlacementStats()
    for page_id, article in _pages():
        data = synthesise(article)
        if not data.strip():
            continue
        try:
            dump = extract(data.encode("utf-8"), kind=CaptureKind.TEXT)
        except TearsheetError:
            continue
        stats.pages += 1
        own = {(link.text.strip(), link.href) for link in article.links if _web(link.href)}
        stats.links += len(own)
        placed = [(link.text, link.href) for link in dump.links if link.href]
        placed += [(related.title, related.href) for related in dump.related if related.href]
        for text, href in placed:
            if (text.strip(), href) in own:
                stats.right += 1
            else:
                stats.wrong.append((page_id, text, href or ""))
    return stats


if __name__ == "__main__":
    result = measure()
    print(f"pages {result.pages}, links {result.links}, right {result.right}, wrong {len(result.wrong)}")
    for page_id, text, href in result.wrong:
        print(f"  {page_id[:8]}  {text[:60]!r}  {href[:90]}")
