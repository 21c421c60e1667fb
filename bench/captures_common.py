"""Shared pieces of the capture benchmarks (../shared/captures): loading, and the
capture-specific measures that every reader and the reconciler are judged by."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.metric import SHARED
from tearsheet.models import Article

CAPTURES = SHARED / "captures"
CAPTURE_FILES = ("page.html", "print.pdf", "print-raw.pdf", "print.txt", "clip.md")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                         "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True, slots=True)
class Truth:
    id: str
    folder: Path
    url: str
    title: str
    authors: tuple[str, ...]
    published: date | None
    body: str
    links: tuple[tuple[str, str], ...]  # (anchor text, href) in reading order

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


def load_truths() -> Iterator[Truth]:
    for folder in sorted(p for p in CAPTURES.iterdir() if (p / "truth.json").exists()):
        data = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        yield Truth(
            id=folder.name, folder=folder, url=data["url"], title=data["title"],
            authors=tuple(data["authors"]),
            published=date.fromisoformat(data["published"]) if data.get("published") else None,
            body=data["body"], links=tuple((ln["text"], ln["href"]) for ln in data["links"]),
        )


def norm(text: str) -> str:
    """Compare texts across captures: Unicode NFKC, straight quotes, plain dashes, one space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


@dataclass(frozen=True, slots=True)
class LinkScore:
    truth: int  # links in truth.json
    right: int  # placed inline on the right anchor with the right href
    wrong: int  # a placed href that contradicts the truth (wrong href on a truth anchor, or misplaced)
    extra: int  # placed links on anchors the truth does not list (boilerplate links etc.)


def same_url(href: str) -> str:
    """One spelling per URL: an empty path is the root path (RFC 3986, 6.2.3), so
    ``https://host`` and ``https://host/`` are the same link (browsers print the latter)."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and not parts.path:
        return urlunsplit(parts._replace(path="/"))
    return href


def link_score(truth_links: tuple[tuple[str, str], ...], article: Article) -> LinkScore:
    """Match placed links to truth links in reading order, by normalised anchor text."""
    pending = [(norm(t), same_url(h)) for t, h in truth_links]
    right = wrong = extra = 0
    for link in article.links:
        if link.href is None:
            continue
        anchor = norm(link.text)
        href = same_url(link.href)
        match = next((i for i, (t, h) in enumerate(pending) if t == anchor and h == href), None)
        if match is not None:
            right += 1
            pending.pop(match)
            continue
        same_anchor = any(t == anchor for t, _ in pending)
        same_href = any(h == href for _, h in pending)
        if same_anchor or same_href:
            wrong += 1
        else:
            extra += 1
    return LinkScore(len(truth_links), right, wrong, extra)


def split_paragraphs(truth: Truth, article: Article) -> int:
    """Truth paragraphs that the article holds only as two (or more) consecutive blocks."""
    blocks = [norm(b.text) for b in article.blocks]
    whole = set(blocks)
    count = 0
    for paragraph in map(norm, truth.paragraphs):
        if paragraph in whole:
            continue
        for i in range(len(blocks) - 1):
            if blocks[i] and paragraph.startswith(blocks[i]) and _spans(paragraph, blocks, i):
                count += 1
                break
    return count


def _spans(paragraph: str, blocks: list[str], i: int) -> bool:
    joined = blocks[i]
    for block in blocks[i + 1:]:
        joined = f"{joined} {block}"
        if joined == paragraph or re.sub(r"- ", "-", joined) == paragraph:
            return True
        if not paragraph.startswith(joined):
            return False
    return False
