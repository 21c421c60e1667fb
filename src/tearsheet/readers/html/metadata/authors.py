"""The article's authors (people only) and their profile links.

Sources, most reliable first:

1. JSON-LD ``author`` of the article object (Person entries; Organization entries
   are skipped, an owner typed both Person and Organization is a person);
2. author meta tags (``author``, ``article:author``, ``dc.creator``, ``byl`` …) and
   twitter card "Written by" label/data pairs;
3. a personal site's owner: the author field names the site itself and the page
   declares no organisation of that name ("Cory Dransfeldt" on "Cory Dransfeldt"),
   or the site is named for its owner ("Colin Watson's blog");
4. the visible byline (``rel=author`` links, ``itemprop=author``, ``.byline``/``.author``
   elements, a "By …" line under the headline);
5. when nothing above names anyone: links to the person's own author page
   (``/authors/<slug spelling the name>``), a "Written by …" line anywhere, an author
   box whose bio repeats its name ("X is …").

The first source that names at least one person wins, except that a printed byline
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
from tearsheet.readers.html.body import class_of
from tearsheet.readers.html.metadata.names import clean_name, is_person, key, people
from tearsheet.readers.html.metadata.sources import (
    ARTICLE_TYPES,
    BYLINE_SELECTOR,
    PAGE_TYPES,
    Sources,
    is_organization,
    ld_text,
    ld_types,
)

AUTHOR_META = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "byl",
               "sailthru.author", "parsely-author", "citation_author", "analyticsattributes.author",
               "cxenseparse:author", "article.author")
_CONNECTOR = re.compile(r"[\s,;&|/·•]*(?:and|und|et|y|e|with)?[\s,;&|/·•]*", re.IGNORECASE)
# A JSON-LD Person whose name is a login ("kei_eno", "jane.doe"): the words are the name.
_LOGIN = re.compile(r"[a-z]+[_.][a-z]+(?:[_.][a-z]+)?")
_LOWER_CASE_NAME = re.compile(r"[a-z]{2,}(?: [a-z]{2,}){1,2}")
# A site named for its owner: "Colin Watson's blog".
_OWNED_SITE = re.compile(r"(.+?)['’]s (?:blog|weblog|site|website|journal|notebook|homepage|newsletter)",
                         re.IGNORECASE)
MAX_AUTHORS = 12  # more is a list of contributors or comment authors, not a byline
MAX_BYLINE_NODES = 12  # the byline sits near the top; later matches are comments and bios
HEADLINE_BYLINE_LEVELS = 2  # the headline's container, and the one around it
HEADLINE_BYLINE_LINES = 6  # lines after the headline where an unmarked byline may sit
# Links to an author's own page on the site: where bylines without any author mark point.
# Only paths named for authorship: staff, team, people and profile pages list employees
# and contacts too ("Contact: <a href=/staff/…>"), and a researcher or editor is no author.
PROFILE_LINK_SELECTOR = ", ".join(f'a[href*="/{part}"]' for part in (
    "author/", "authors/", "contributor/", "contributors/", "writer/", "writers/", "journalist/",
    "journalists/", "reporter/", "reporters/", "columnist/", "columnists/"))
# Labels before a linked name that make the person something else than the author.
_OTHER_ROLE = re.compile(r"contact|review|edit|fact|check|medical|photo|illustrat|translat|interview", re.I)
MAX_ROLE_LABEL_CHARS = 40  # the label right before the name, not the paragraph before it
MAX_CARD_LABELS = 4  # twitter:label1 … twitter:label4
_CARD_AUTHOR_LABEL = re.compile(r"^\s*(?:written by|author)", re.IGNORECASE)
WRITTEN_BY_SELECTOR = ", ".join(f'{tag}:lexbor-contains("written by" i)'
                                for tag in ("p", "span", "h2", "h3", "h4", "h5", "li", "small"))
_WRITTEN_BY = re.compile(r"^(?:written|authored)\s+by\b", re.IGNORECASE)
# Where a byline goes on to other people's roles: "Written by A, edited by B".
_OTHER_ROLE_CLAUSE = re.compile(
    r"[,;]?\s*\b(?:edited|reviewed|fact[- ]checked|photos?|photographed|illustrated|translated)\s+by\b", re.I)
# Author-marked elements that describe the author rather than name them
# ("dynamic-author-description": "Licensed Q Arabica Grader, M.A. Journalism").
_DESCRIBES_AUTHOR = re.compile(r"desc|bio|job|role|position", re.IGNORECASE)
_JOINING_END = re.compile(r"\s(?:and|und|et|y|e|with|&)$", re.IGNORECASE)
_BY = re.compile(r"^(?:by|written by|words by|posted by)\b\s*:?\s*\S", re.I)
MAX_BYLINE_CHARS = 200  # a longer "byline" element is an author bio or a whole article header


def choose_authors(tree: LexborHTMLParser, sources: Sources, site_keys: frozenset[str]) -> tuple[Author, ...]:
    nodes = tree.css(BYLINE_SELECTOR)[: MAX_BYLINE_NODES * 4]
    names, ld_urls = _from_json_ld(sources, site_keys)
    if not names:
        names = _from_meta(sources, site_keys)
    if not names:
        names = _site_owner(sources, site_keys)
    visible = _from_byline(nodes, site_keys) or _near_headline(tree, site_keys)
    if not names or _adds_people(visible, names):
        names = visible
    if not names:
        names = (_from_profile_links(tree, site_keys) or _written_by(tree, site_keys)
                 or _author_box(nodes, site_keys))
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
            if isinstance(entry, dict) and is_organization(entry):
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
            if explicit and not found and _LOWER_CASE_NAME.fullmatch(text):
                found = [text]  # a typed Person spelled in lower case ("kirstin boatto")
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
    return [person for value in _labelled_card_values(sources) for person in people(value, site_keys)]


def _labelled_card_values(sources: Sources) -> list[str]:
    """Twitter card label/data pairs that state the author ("Written by" → "Nawaz Dhandala")."""
    values: list[str] = []
    for number in range(1, MAX_CARD_LABELS + 1):
        label = sources.first(f"twitter:label{number}") or ""
        data = sources.first(f"twitter:data{number}")
        if data and _CARD_AUTHOR_LABEL.search(label):
            values.append(data)
    return values


def _site_owner(sources: Sources, site_keys: frozenset[str]) -> list[str]:
    """A personal site's owner: the author field names exactly the site ("Cory Dransfeldt"
    on "Cory Dransfeldt"), the name is a person's (two words or more, name-shaped) and the
    page declares no organisation of that name; or the site is named for its owner
    ("Colin Watson's blog"). A news site's name in its author field
    ("Al Jazeera") comes with its JSON-LD Organization, and stays out."""
    organisations = _declared_organisations(sources)
    stated = [ld_text(sources.ld_resolve(obj.get("author"))) for obj in sources.ld_of(ARTICLE_TYPES)]
    for value in [*stated, *sources.all(*AUTHOR_META)]:
        name = clean_name(value or "")
        name_key = key(name)
        person = len(name.split()) >= 2 and is_person(name)
        if person and name_key in site_keys and name_key not in organisations:
            return [name]
    for site_name in sources.all("og:site_name", "application-name"):
        owner = _OWNED_SITE.fullmatch(site_name.strip())
        if owner and len(owner.group(1).split()) >= 2 and is_person(owner.group(1)):
            return [owner.group(1)]  # "Colin Watson's blog"
    return []


def _declared_organisations(sources: Sources) -> set[str]:
    """Name keys of the organisations the page's JSON-LD declares (publisher included)."""
    organisations = {key(ld_text(obj.get("name")) or "")
                     for obj in sources.ld_objects if is_organization(obj)}
    for obj in sources.ld_of(ARTICLE_TYPES):
        publisher = sources.ld_resolve(obj.get("publisher"))
        if isinstance(publisher, dict) and is_organization(publisher):
            organisations.add(key(ld_text(publisher) or ""))
    organisations.discard("")
    return organisations


def _from_byline(nodes: list[LexborNode], site_keys: frozenset[str]) -> list[str]:
    names: list[str] = []
    for node in nodes[:MAX_BYLINE_NODES]:
        if _inside_comments(node):
            continue
        text = node.text(separator="\n", strip=True) or ""
        if not text or len(text) > MAX_BYLINE_CHARS or _DESCRIBES_AUTHOR.search(class_of(node)):
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


def _from_profile_links(tree: LexborHTMLParser, site_keys: frozenset[str]) -> list[str]:
    """Names on links to their own author pages (``/authors/trevor-jackins`` on "Trevor
    Jackins"): the first such link, and co-authors linked beside it. The slug must spell
    the name, so a link to "All posts" or a topic page does not count."""
    names: list[str] = []
    first_parent: LexborNode | None = None
    for anchor in tree.css(PROFILE_LINK_SELECTOR)[:MAX_BYLINE_NODES * 2]:
        name = clean_name(anchor.text(separator=" ") or "")
        path = split_url(anchor.attributes.get("href") or "").path.rstrip("/")
        if not name or key(path.rsplit("/", 1)[-1]) != key(name) or _inside_comments(anchor):
            continue
        if " " not in name or not is_person(name, site_keys) or _other_role(anchor, name):
            continue
        parent = anchor.parent.parent if anchor.parent is not None else None
        if first_parent is None:
            first_parent = parent
        elif parent is not first_parent and parent != first_parent:
            break
        names.append(name)
    return names


def _other_role(anchor: LexborNode, name: str) -> bool:
    """The link is labelled with another role than author ("Contact: …", "Reviewed by …")."""
    parent = anchor.parent
    text = " ".join((parent.text(separator=" ") if parent is not None else "").split())
    label = text[: text.find(name)] if name in text else ""
    return _OTHER_ROLE.search(label[-MAX_ROLE_LABEL_CHARS:]) is not None


def _written_by(tree: LexborHTMLParser, site_keys: frozenset[str]) -> list[str]:
    """A short element anywhere that opens with "Written by" (an author box under the
    article, "Written by <a>Paulinho Giovannini</a>"): plain "By" is too common in text."""
    for node in tree.css(WRITTEN_BY_SELECTOR)[:MAX_BYLINE_NODES]:
        text = " ".join((node.text(separator=" ") or "").split())
        if len(text) > MAX_BYLINE_CHARS or not _WRITTEN_BY.match(text) or _inside_comments(node):
            continue
        found = people(_OTHER_ROLE_CLAUSE.split(text, maxsplit=1)[0], site_keys)
        if found:
            return found
    return []


def _author_box(nodes: list[LexborNode], site_keys: frozenset[str]) -> list[str]:
    """An author box: an author-marked element that opens with a name and goes on with that
    person's bio ("Lauren Vetter" … "Lauren Vetter is a growth-focused marketing professional")."""
    for node in nodes[:MAX_BYLINE_NODES]:
        text = node.text(separator="\n", strip=True) or ""
        if len(text) <= MAX_BYLINE_CHARS or _inside_comments(node):
            continue
        first_line = next((line.strip() for line in text.split("\n") if line.strip()), "")
        found = people(first_line, site_keys)
        if len(found) == 1 and " " in found[0]:
            name = found[0]
            if re.search(rf"\b(?:{re.escape(name)}|{re.escape(name.split()[0])}) (?:is|was|has)\b", text):
                return found
    return []


def _marked_as_author(node: LexborNode) -> bool:
    attrs = node.attributes
    if attrs.get("rel") == "author" or attrs.get("itemprop") == "author":
        return True
    return node.css_first('[rel="author"], [itemprop="author"], [itemprop="name"]') is not None


def _byline_names(text: str, site_keys: frozenset[str]) -> list[str]:
    """Names from the lines of one byline element, up to the first line that is something
    else (a date, "Comments", category links after "Carlos Nadalim 27/09/2018"). A name on
    a later line counts only after a joining line or comma ("Ann Lee", "and", "Bo Ma"):
    the line under a name is its role ("Head Winemaker", "Reviewed By", "Fact Checked")."""
    names: list[str] = []
    joined = True
    for line in (" ".join(raw.split()) for raw in text.split("\n")):
        if not line:
            continue
        if _CONNECTOR.fullmatch(line):
            joined = True
            continue
        found = people(line, site_keys) if joined else []
        if not found and names:
            break
        names.extend(found)
        joined = not found or line.endswith((",", ";", "&")) or _JOINING_END.search(line) is not None
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
