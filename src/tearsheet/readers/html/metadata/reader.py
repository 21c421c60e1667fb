"""Web page metadata: title, authors, dates, site, canonical URL, language …

``read_metadata`` runs on the parsed page BEFORE the body extractor (which may
remove nodes from the tree), and must not modify the tree. It reads structured
sources first (JSON-LD incl. ``@graph``, OpenGraph, Twitter cards, meta tags, Dublin
Core, microdata) and the visible byline/dateline only where those are silent, so a
typical page costs a few selector passes (about a millisecond), not a date search
over the whole document.

Stages (each in its own module):
    sources    one pass over the head-ish elements → ``Sources``
    title      title candidates, site-name stripping, voting
    authors    people from JSON-LD, meta tags, visible bylines
    names      byline string → person names (rejects desks, roles, orgs)
    published  publication/modification date cascade, local calendar date
    dates      date parsing (machine values, printed datelines, URLs)
    language   a cautious language guess for pages that state none
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from tearsheet.models import Author, Image
from tearsheet.readers.html.metadata.authors import choose_authors
from tearsheet.readers.html.metadata.language import guess_language
from tearsheet.readers.html.metadata.names import key
from tearsheet.readers.html.metadata.published import choose_dates
from tearsheet.readers.html.metadata.sources import (
    ARTICLE_TYPES,
    ORG_TYPES,
    PAGE_TYPES,
    Sources,
    collect,
    is_organization,
    ld_text,
    ld_types,
)
from tearsheet.readers.html.metadata.title import SECTION_LABELS, choose_title

MAX_SITE_NAME_CHARS = 60  # a longer title tail is a slogan or a second headline
MAX_FALLBACK_HEADINGS = 5  # later subheadings are sidebars
MAX_FALLBACK_TITLE_CHARS = 200
NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})  # BCP 47 codes that name no language
MAX_TAGS = 30  # beyond this a keywords field is SEO stuffing
MAX_TAG_CHARS = 60
_LANGUAGE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")
# Host labels that are not the site's name.
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "edition", "beta", "news", "blog", "com", "co", "org",
                         "net", "uk", "de", "fr", "br", "ru", "kr", "jp", "au", "in", "ca", "es", "it"})


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
    sources = collect(tree, url)
    site_name = _site_name(sources)
    canonical = _canonical(sources, url)
    site_keys = _site_keys(sources, site_name, canonical or url)
    title = choose_title(sources, site_keys) or _first_heading(tree)
    subtitle = _first_text(sources, "og:description", "description", "twitter:description", "dc.description")
    # A page that states no language gets a cautious guess from its own title and dek.
    language = _language(sources) or guess_language(f"{title or ''} {subtitle or ''}")
    dates = choose_dates(tree, sources, url, day_first=_day_first(sources.lang, language))
    return PageMetadata(
        title=title,
        subtitle=subtitle,
        authors=choose_authors(tree, sources, site_keys),
        published=dates.published,
        modified=dates.modified,
        site_name=site_name or _site_from_title(sources.title_tag, title),
        url=canonical,
        language=language,
        section=_section(sources),
        tags=_tags(sources),
        image=_image(sources),
    )


def _first_heading(tree: LexborHTMLParser) -> str | None:
    """Last resort for a page without <title>, meta titles or <h1>: its first subheading."""
    for node in tree.css("h2, h3")[:MAX_FALLBACK_HEADINGS]:
        text = " ".join((node.text(separator=" ") or "").split())
        if 3 <= len(text) <= MAX_FALLBACK_TITLE_CHARS:
            return text
    return None


def _first_text(sources: Sources, *names: str) -> str | None:
    value = sources.first(*names)
    if value:
        return value
    for obj in sources.ld_of(ARTICLE_TYPES):
        text = ld_text(obj.get("description"))
        if text:
            return text
    return None


def _site_name(sources: Sources) -> str | None:
    for raw in sources.all("og:site_name", "application-name", "apple-mobile-web-app-title", "dc.publisher"):
        name = raw.lstrip("@").strip()
        if name and "://" not in name:  # some pages put their URL here
            return name
    for obj in sources.ld_of(ARTICLE_TYPES):
        publisher = ld_text(sources.ld_resolve(obj.get("publisher")))
        if publisher:
            return publisher
    for obj in sources.ld_of(ORG_TYPES):
        text = ld_text(obj.get("name"))
        if text:
            return text
    return None


def _site_from_title(title_tag: str | None, title: str | None) -> str | None:
    """The site name a ``<title>`` appends to the article title ("… - The New York Times")."""
    if not title_tag or not title or title not in title_tag:
        return None
    tail = title_tag[title_tag.index(title) + len(title):].strip(" |-–—:·•»«/~")
    if not tail or len(tail) > MAX_SITE_NAME_CHARS or key(tail) in SECTION_LABELS:
        return None
    return tail


def _site_keys(sources: Sources, site_name: str | None, url: str | None) -> frozenset[str]:
    """Spellings of the site's own name, for stripping titles and rejecting bylines."""
    names = [site_name, sources.first("og:site_name"), sources.first("twitter:site"),
             sources.first("application-name"), sources.first("dc.publisher")]
    for obj in sources.ld_of(ORG_TYPES):
        if is_organization(obj):
            names.append(ld_text(obj.get("name")))
    for obj in sources.ld_of(ARTICLE_TYPES):
        publisher = sources.ld_resolve(obj.get("publisher"))
        if not (isinstance(publisher, dict) and "person" in ld_types(publisher)):
            names.append(ld_text(publisher))  # a person publishing their own site is no site name
    keys = {key(n.lstrip("@")) for n in names if n}
    keys.update(_host_keys(url))
    return frozenset(k for k in keys if k)


def _host_keys(url: str | None) -> set[str]:
    if not url:
        return set()
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return set()
    labels = [label for label in host.split(".") if label and label not in _HOST_NOISE]
    return {key(labels[-1]), key("".join(labels))} if labels else set()


def _canonical(sources: Sources, url: str | None) -> str | None:
    for candidate in (sources.canonical, sources.first("og:url")):
        absolute = sources.absolute(candidate)
        if absolute:
            return absolute
    for obj in sources.ld_of(ARTICLE_TYPES):
        absolute = sources.absolute(ld_text(obj.get("url")))
        if absolute:
            return absolute
    return url


def _language(sources: Sources) -> str | None:
    ld_languages = [ld_text(obj.get("inLanguage")) for obj in sources.ld_of(ARTICLE_TYPES | PAGE_TYPES)]
    for raw in (sources.lang, sources.first("content-language", "og:locale", "inlanguage", "dc.language",
                                            "language"), *ld_languages):
        match = _LANGUAGE.match(raw or "")
        if match and match.group(1).lower() not in NO_LANGUAGE:
            return match.group(1).lower()
    return None


def _day_first(raw_lang: str | None, language: str | None) -> bool:
    """Numeric dates are day-first except in US English (and English pages that do not say
    which English: US sites rarely add the region)."""
    if language is None or language != "en":
        return language is not None
    region = (raw_lang or "").replace("_", "-").lower().partition("-")[2]
    return region not in ("", "us")


def _section(sources: Sources) -> str | None:
    value = sources.first("article:section", "og:article:section", "og:section", "section", "articlesection",
                          "parsely-section")
    if value:
        return value
    for obj in sources.ld_of(ARTICLE_TYPES):
        text = ld_text(obj.get("articleSection"))
        if text:
            return text
    return None


def _tags(sources: Sources) -> tuple[str, ...]:
    raw = sources.all("article:tag", "og:article:tag")
    if not raw:
        for obj in sources.ld_of(ARTICLE_TYPES):
            keywords = obj.get("keywords")
            if isinstance(keywords, list):
                raw = [k for k in keywords if isinstance(k, str)]
            elif isinstance(keywords, str):
                raw = keywords.split(",")
            if raw:
                break
    if not raw:
        raw = [part for value in sources.all("news_keywords", "keywords") for part in value.split(",")]
    seen: dict[str, str] = {}
    for tag in (" ".join(t.split()) for t in raw):
        if tag and len(tag) <= MAX_TAG_CHARS and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())[:MAX_TAGS]


def _image(sources: Sources) -> Image | None:
    src = sources.absolute(sources.first("og:image:secure_url", "og:image", "og:image:url", "twitter:image",
                                         "twitter:image:src"))
    caption = sources.first("og:image:alt", "twitter:image:alt")
    if src is None:
        for obj in sources.ld_of(ARTICLE_TYPES):
            image = sources.ld_resolve(obj.get("image"))
            if isinstance(image, list):
                image = sources.ld_resolve(image[0]) if image else None
            if isinstance(image, dict):
                src = sources.absolute(ld_text(image.get("url") or image.get("contentUrl")))
                caption = caption or ld_text(image.get("caption"))
            elif isinstance(image, str):
                src = sources.absolute(image)
            if src:
                break
    return Image(src=src, caption=caption) if src else None
