"""The article's authors (people only) and their profile links.

Sources, most reliable first: JSON-LD ``author`` of the article object (Person
entries; Organization entries are skipped), author meta tags (``author``,
``article:author``, ``dc.creator``, ``byl`` …), then the visible byline
(``rel=author`` links, ``itemprop=author``, ``.byline``/``.author`` elements). The
first source that names at least one person wins, except that a printed byline
naming everyone the metadata names *and more* wins over it (metadata often keeps
only the first of several authors). Every byline string goes through
``names.people``, which drops desks, roles, organisations, dates and
handles. A profile URL is attached when the page links the same name to a real
page (an author link, the JSON-LD ``url``, or an ``article:author`` URL whose slug
spells the name).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tearsheet.models import Author
from tearsheet.readers.common.urls import split_url
from tearsheet.readers.html.metadata.names import key, people
from tearsheet.readers.html.metadata.sources import (
    ARTICLE_TYPES,
    BYLINE_SELECTOR,
    ORG_TYPES,
    PAGE_TYPES,
    Sources,
    ld_text,
    ld_types,
)

AUTHOR_META = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "byl",
               "sailthru.author", "parsely-author", "citation_author", "analyticsattributes.author",
               "cxenseparse:author", "article.author")
_CONNECTOR = re.compile(r"[\s,;&|/·•]*(?:and|und|et|y|e|with)?[\s,;&|/·•]*", re.IGNORECASE)
# A JSON-LD Person whose name is a login ("kei_eno", "jane.doe"): the words are the name.
_LOGIN = re.compile(r"[a-z]+[_.][a-z]+(?:[_.][a-z]+)?")
MAX_AUTHORS = 12  # more is a list of contributors or comment authors, not a byline
MAX_BYLINE_NODES = 12  # the byline sits near the top; later matches are comments and bios
HEADLINE_BYLINE_LEVELS = 2  # the headline's container, and the one around it
HEADLINE_BYLINE_LINES = 6  # lines after the headline where an unmarked byline may sit
_BY = re.compile(r"^(?:by|written by|words by|posted by)\b\s*:?\s*\S", re.I)
MAX_BYLINE_CHARS = 200  # a longer "byline" element is an author bio or a whole article header


def choose_authors(tree: LexborHTMLParser, sources: Sources, site_keys: frozenset[str]) -> tuple[Author, ...]:
    nodes = tree.css(BYLINE_SELECTOR)[: MAX_BYLINE_NODES * 4]
    names, ld_urls = _from_json_ld(sources, site_keys)
    if not names:
        names = _from_meta(sources, site_keys)
    visible = _from_byline(nodes, site_keys) or _near_headline(tree, site_keys)
    if not names or _adds_people(visible, names):
        names = visible
    names = _dedupe([_cased(name, nodes, site_keys) for name in names])[:MAX_AUTHORS]
    links = _author_links(nodes, sources, {key(name) for name in names} - set(ld_urls))
    return tuple(
        Author(name=name, url=ld_urls.get(key(name)) or links.get(key(name)) or _meta_profile(sources, name))
        for name in names
    )


def _adds_people(visible: list[str], structured: list[str]) -> bool:
    """The printed byline names everyone the metadata names, and more: metadata often
    carries only the first of several authors ("By A, B and C" with ``author: A``)."""
    visible_keys = {key(name) for name in visible}
    return len(visible_keys) > len({key(name) for name in structured}) and all(
        key(name) in visible_keys for name in structured)


def _from_json_ld(sources: Sources, site_keys: frozenset[str]) -> tuple[list[str], dict[str, str]]:
    names: list[str] = []
    urls: dict[str, str] = {}
    for obj in sources.ld_of(ARTICLE_TYPES) + sources.ld_of(PAGE_TYPES):
        raw = obj.get("author") or obj.get("creator")
        for entry in raw if isinstance(raw, list) else [raw]:
            entry = sources.ld_resolve(entry)
            if isinstance(entry, dict) and ld_types(entry) & ORG_TYPES:
                continue
            text = ld_text(entry)
            if not text:
                continue
            if _LOGIN.fullmatch(text) and isinstance(entry, dict) and "person" in ld_types(entry):
                text = re.sub(r"[_.]", " ", text).title()
            # A Person the page names explicitly is a person even when the site bears the
            # name (a personal blog: "Marco Bambini" writing on "Marco Bambini").
            explicit = isinstance(entry, dict) and "person" in ld_types(entry)
            found = people(text, frozenset() if explicit else site_keys)
            names.extend(found)
            url = sources.absolute(ld_text(entry.get("url"))) if isinstance(entry, dict) else None
            if url and len(found) == 1 and _is_profile(url):
                urls[key(found[0])] = url
        if names:
            break
    return names, urls


def _from_meta(sources: Sources, site_keys: frozenset[str]) -> list[str]:
    for name in AUTHOR_META:
        values = [v for v in sources.all(name) if not v.startswith(("http://", "https://", "//", "/"))]
        found = [person for value in values for person in people(value, site_keys)]
        if found:
            return found
    return []


def _from_byline(nodes: list[LexborNode], site_keys: frozenset[str]) -> list[str]:
    names: list[str] = []
    for node in nodes[:MAX_BYLINE_NODES]:
        if _inside_comments(node):
            continue
        text = node.text(separator="\n", strip=True) or ""
        if not text or len(text) > MAX_BYLINE_CHARS:
            continue
        if node.attributes.get("itemprop") == "author":
            inner = node.css_first('[itemprop="name"]')
            if inner is not None:
                text = inner.attributes.get("content") or inner.text(strip=True) or text
        found = _byline_names(text, site_keys)
        if not _marked_as_author(node):
            # A one-word name in a generic byline box is too often a place or a desk
            # ("Reuters, Washington, Nov 20"); only an explicit author mark vouches for it.
            found = [name for name in found if " " in name]
        if found:
            names.extend(found)
            if node.attributes.get("rel") != "author":
                break
    return names


def _near_headline(tree: LexborHTMLParser, site_keys: frozenset[str]) -> list[str]:
    """An unmarked byline by the headline: a short line opening with "By" ("by: Ziyi Xu, Dec 17")
    among the first lines after the page's <h1>, in its container or the one around that."""
    headline = tree.css_first("h1")
    if headline is None:
        return []
    wanted = " ".join(headline.text().split())
    container = headline.parent
    for _ in range(HEADLINE_BYLINE_LEVELS):
        if container is None or container.tag in ("body", "html"):
            break
        lines = [" ".join(raw.split()) for raw in container.text(separator="\n").split("\n")]
        lines = [line for line in lines if line]
        after = lines[lines.index(wanted) + 1:] if wanted in lines else []
        for line in after[:HEADLINE_BYLINE_LINES]:
            if len(line) <= MAX_BYLINE_CHARS and _BY.match(line):
                return people(line, site_keys)
        container = container.parent
    return []


def _marked_as_author(node: LexborNode) -> bool:
    attrs = node.attributes
    if attrs.get("rel") == "author" or attrs.get("itemprop") == "author":
        return True
    return node.css_first('[rel="author"], [itemprop="author"], [itemprop="name"]') is not None


def _byline_names(text: str, site_keys: frozenset[str]) -> list[str]:
    """Names from the lines of one byline element, up to the first line that is something
    else (a date, "Comments", category links after "Carlos Nadalim 27/09/2018")."""
    names: list[str] = []
    for line in (" ".join(raw.split()) for raw in text.split("\n")):
        if not line or _CONNECTOR.fullmatch(line):
            continue
        found = people(line, site_keys)
        if not found and names:
            break
        names.extend(found)
    return names


def _cased(name: str, nodes: list[LexborNode], site_keys: frozenset[str]) -> str:
    """An all-capitals name ("GREG BEACHAM") as the visible byline spells it, else title-cased."""
    if not name.isupper():
        return name
    wanted = key(name)
    for node in nodes[:MAX_BYLINE_NODES]:
        for found in _byline_names(node.text(separator="\n", strip=True) or "", site_keys):
            if key(found) == wanted and not found.isupper():
                return found
    return name.title()


def _inside_comments(node: LexborNode) -> bool:
    parent = node.parent
    for _ in range(6):
        if parent is None:
            return False
        marker = f"{parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}".lower()
        if "comment" in marker:
            return True
        parent = parent.parent
    return False


def _author_links(nodes: list[LexborNode], sources: Sources, wanted: set[str]) -> dict[str, str]:
    """Name key → absolute profile URL, from links on the names inside byline nodes."""
    links: dict[str, str] = {}
    for node in nodes if wanted else ():
        for anchor in ([node] if node.tag == "a" else node.css("a[href]"))[:MAX_AUTHORS]:
            name_key = key(anchor.text(separator=" ") or "")
            if name_key not in wanted or name_key in links:
                continue
            url = sources.absolute(anchor.attributes.get("href"))
            if url and _is_profile(url):
                links[name_key] = url
    return links


def _meta_profile(sources: Sources, name: str) -> str | None:
    """An ``article:author`` URL whose last path segment spells ``name`` (…/people/meg-james)."""
    name_key = key(name)
    for value in sources.all("article:author", "author"):
        url = sources.absolute(value) if value.startswith(("http://", "https://", "/")) else None
        if url and _is_profile(url):
            slug = split_url(url).path.rstrip("/").rsplit("/", 1)[-1]
            if key(slug) == name_key:
                return url
    return None


def _is_profile(url: str) -> bool:
    """A page of its own: not a bare domain or a site's front page."""
    path = split_url(url).path.strip("/")
    return bool(path) and path not in ("author", "authors", "people", "profile", "staff")


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        name_key = key(name)
        if name_key and name_key not in seen:
            seen.add(name_key)
            unique.append(name)
    return unique
