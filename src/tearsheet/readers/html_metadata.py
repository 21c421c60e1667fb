"""Web page metadata: title, authors, dates, site, canonical URL, language … (interface stub).

``read_metadata`` runs on the parsed page BEFORE the body extractor (which may
remove nodes from the tree), and must not modify the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from tearsheet.models import Author, Image


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMetadata:
    title: str | None = None  # without the site-name suffix or "Opinion | " prefixes
    subtitle: str | None = None  # dek / description
    authors: tuple[Author, ...] = ()  # people only: no desks, "Staff", dates, "Minute Read"
    published: datetime | None = None  # the original publication date
    modified: datetime | None = None
    site_name: str | None = None
    url: str | None = None  # canonical URL, absolute
    language: str | None = None  # BCP 47 primary tag, e.g. "en", "pt", "ko"
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None  # lead image


def read_metadata(tree: LexborHTMLParser, url: str | None) -> PageMetadata:
    """Everything the page states about the article, from the best source available."""
    title_node = tree.css_first("title")
    return PageMetadata(title=title_node.text(strip=True) if title_node else None, url=url)
