"""The raw metadata a web page states, gathered in one pass over the parsed tree.

``Sources`` holds every candidate value untouched (meta tags by name, JSON-LD
objects, the ``<title>``, the ``<h1>`` headings, byline and dateline nodes); the
``html_meta_*`` modules judge them. Collecting once keeps the metadata reader at a
few tree traversals per page, which matters: the whole web-page read has a budget
of a few milliseconds.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# One traversal for the head-ish elements (meta tags may also sit in the body as microdata).
_HEAD_SELECTOR = 'html, base, meta, link[rel], title, h1, script[type="application/ld+json"]'
# Visible bylines and datelines: where a page prints its authors and dates.
BYLINE_SELECTOR = '[rel="author"], [itemprop="author"], [class*="byline" i], [class*="author" i]'
DATELINE_SELECTOR = (
    'time, [itemprop="datePublished"], [class*="date" i], [class*="publish" i], [class*="timestamp" i], '
    '[class*="posted" i], [class*="byline" i], [class*="meta" i]'
)
MAX_H1 = 4  # later <h1>s are widgets ("Join our …", menu titles)
MAX_JSON_LD_CHARS = 2_000_000  # a larger script is a data dump, not page metadata
MAX_LD_DEPTH = 6  # nesting beyond this is data, not the article's description

# JSON-LD types that describe the article itself (schema.org CreativeWork subtypes).
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "liveblogposting", "scholarlyarticle", "techarticle", "report",
    "socialmediaposting", "discussionforumposting", "posting", "satiricalarticle",
    "advertisercontentarticle", "medicalscholarlyarticle", "review", "creativework",
})
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "medicalwebpage"})
ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website",
                       "onlinebusiness", "localbusiness", "brand"})


@dataclass(slots=True)
class Sources:
    """Every candidate value, in document order, before judging."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property/itemprop
    ld_objects: list[dict[str, Any]] = field(default_factory=list)  # flattened, @graph expanded
    title_tag: str | None = None
    h1s: list[str] = field(default_factory=list)
    lang: str | None = None
    canonical: str | None = None
    base: str | None = None  # absolute base for relative links: <base>, else the page URL
    _by_types: dict[frozenset[str], list[dict[str, Any]]] = field(default_factory=dict)

    def first(self, *names: str) -> str | None:
        """The first non-empty meta value under any of ``names`` (in the given order)."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None

    def all(self, *names: str) -> list[str]:
        return [v for name in names for v in self.meta.get(name, ()) if v]

    def absolute(self, href: str | None) -> str | None:
        """``href`` resolved against the page's base, or None if it is not a usable link."""
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "data:", "tel:")):
            return None
        try:
            resolved = urljoin(self.base, href) if self.base else href
            urlsplit(resolved)  # rejects malformed hosts ("http://[::1") here, not in a caller
        except ValueError:
            return None
        return resolved if resolved.startswith(("http://", "https://")) else None

    def ld_of(self, types: frozenset[str]) -> list[dict[str, Any]]:
        """The JSON-LD objects of any of ``types``, in document order (memoised per page)."""
        found = self._by_types.get(types)
        if found is None:
            found = self._by_types[types] = [obj for obj in self.ld_objects if ld_types(obj) & types]
        return found

    def ld_resolve(self, value: Any) -> Any:
        """Follow a bare ``{"@id": …}`` reference to the object of the page that has that id."""
        if isinstance(value, dict) and "@id" in value and len(value) == 1:
            ref = value["@id"]
            return next((o for o in self.ld_objects if o.get("@id") == ref and len(o) > 1), value)
        return value


def collect(tree: LexborHTMLParser, url: str | None) -> Sources:
    """Read the head-ish elements of ``tree`` (without modifying it) into ``Sources``."""
    sources = Sources(base=url)
    for node in tree.css(_HEAD_SELECTOR):
        tag = node.tag
        if tag == "meta":
            _add_meta(sources, node)
        elif tag == "script":
            _add_json_ld(sources, node.text(deep=True) or "")
        elif tag == "h1":
            if len(sources.h1s) < MAX_H1:
                text = _visible_text(node)
                if text:
                    sources.h1s.append(text)
        elif tag == "title":
            if sources.title_tag is None:
                sources.title_tag = " ".join((node.text() or "").split()) or None
        elif tag == "link":
            _add_link(sources, node)
        elif tag == "html":
            sources.lang = sources.lang or node.attributes.get("lang") or node.attributes.get("xml:lang")
        elif tag == "base":
            href = node.attributes.get("href")
            if href and url is not None:
                sources.base = sources.absolute(href) or sources.base
            elif href and href.startswith(("http://", "https://")):
                sources.base = href
    if sources.base is None and sources.canonical and sources.canonical.startswith("http"):
        sources.base = sources.canonical
    return sources


def _visible_text(node: LexborNode) -> str:
    """The element's text on one line, without the code of scripts and styles inside it."""
    if node.css_first("script, style, noscript, template") is None:
        return " ".join((node.text(separator=" ") or "").split())
    parts = [child.text_content or "" for child in node.traverse(include_text=True)
             if child.tag == "-text" and child.parent is not None
             and child.parent.tag not in ("script", "style", "noscript", "template")]
    return " ".join(" ".join(parts).split())


def _add_meta(sources: Sources, node: LexborNode) -> None:
    attrs = node.attributes
    key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
    if not key:
        return
    value = attrs.get("content")
    if value is None:
        value = attrs.get("datetime") or attrs.get("value")
    if value is None:
        return
    value = " ".join(value.split())
    sources.meta.setdefault(key.strip().lower(), []).append(value)


def _add_link(sources: Sources, node: LexborNode) -> None:
    rel = (node.attributes.get("rel") or "").lower().split()
    if "canonical" in rel and sources.canonical is None:
        sources.canonical = node.attributes.get("href") or None


def _add_json_ld(sources: Sources, text: str) -> None:
    text = text.strip()
    if not text or len(text) > MAX_JSON_LD_CHARS:
        return
    if text.startswith("<!--"):  # old pages wrap scripts in comments
        text = text.removeprefix("<!--").removesuffix("-->").strip()
    try:
        data = json.loads(text, strict=False)  # strict=False: raw newlines inside strings are common
    except (ValueError, RecursionError):
        return
    _flatten(data, sources.ld_objects, 0)


def _flatten(data: Any, out: list[dict[str, Any]], depth: int) -> None:
    """Every typed object of a JSON-LD document: top level, arrays, @graph, and nested
    objects (an article inside a WebPage's ``mainEntity``). Item lists are not entered:
    their articles are other pages (carousels, "related" lists), not this one."""
    if depth > MAX_LD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
        return
    if not isinstance(data, dict):
        return
    if "@type" in data:
        out.append(data)
    graph = data.get("@graph")
    if graph is not None:
        _flatten(graph, out, depth + 1)
    for key in ("mainEntity", "mainEntityOfPage", "hasPart"):
        child = data.get(key)
        if isinstance(child, dict | list):
            _flatten(child, out, depth + 1)


def ld_types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def is_organization(obj: dict[str, Any]) -> bool:
    """Typed as an organisation and not also as a person: a one-person site types its
    owner ``["Person", "Organization"]``, and that owner is a person."""
    types = ld_types(obj)
    return bool(types & ORG_TYPES) and "person" not in types


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as one clean string (first of a list; ``name`` of an object)."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    if "&" in value:  # some CMSs entity-encode inside JSON ("Don&#39;t")
        value = html.unescape(value)
    return " ".join(value.split()) or None
