"""The article's title, without the site name a page wraps it in.

Candidates come from ``og:title``, the JSON-LD headline, the ``<h1>``,
``twitter:title``, ``dc.title`` and ``<title>``. Each is first cut free of site-name
segments ("… | Site", "Site - …", "… : CityAM") and section labels ("Opinion | …").
An ``<h1>`` that a meta title merely wraps ("Opinion | <h1> - The New York Times")
is the title itself. Then the candidates vote: the text most sources agree on wins
(an SEO ``<title>`` or a social-card teaser loses to the headline two others repeat),
ties go to the more reliable source. An ``<h1>`` nobody confirms is used only when
nothing else names the page: on many pages the first ``<h1>`` is the site logo or a widget.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tearsheet.readers.html.metadata.names import key as name_key
from tearsheet.readers.html.metadata.sources import ARTICLE_TYPES, PAGE_TYPES, Sources, ld_text

# Spaced separators between a title and the site name / section labels.
_SEPARATOR = re.compile(r"\s+[|\-–—:·•»«/~]{1,2}\s+|\s*\|\s*|\s+::\s+")
_SEPARATOR_KEPT = re.compile(f"({_SEPARATOR.pattern})")  # split, keeping the separators
# Separators of navigation (breadcrumbs, site names), never of a headline and its subtitle.
_NAVIGATION_SEPARATOR = re.compile(r"[|·•»«/~]{1,2}|::")
# Labels a site puts before or after a title that are not part of it.
SECTION_LABELS = frozenset({
    "opinion", "opinions", "editorial", "editorials", "analysis", "commentary", "comment", "column",
    "columns", "review", "reviews", "news", "breaking", "live", "video", "videos", "photos", "gallery",
    "blog", "blogs", "feature", "features", "interview", "podcast", "home", "homepage", "latest",
    "politics", "world", "business", "sport", "sports", "tech", "technology", "science", "health",
    "entertainment", "culture", "lifestyle", "travel", "money", "markets"
})
MIN_SITE_CHARS = 4  # shorter site-name keys match too many words
SITE_TAIL_CHARS = 6  # "co.uk", "com", "news", "online": what may follow a site name in a title segment
MIN_TITLE_CHARS = 3
MAX_TITLE_CHARS = 400  # a longer "title" is a description or page text
# Reliability of each source when candidates tie (lower is better). An <h1> no other source
# confirms does not vote at all: it is used only when the page has no other title.
SOURCE_RANK = {"og": 0, "ld": 1, "h1": 2, "twitter": 3, "dc": 4, "meta": 5, "title": 6}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                         "\u2013": "-", "\u2014": "-", "\u00ab": '"', "\u00bb": '"'})


@dataclass(frozen=True, slots=True)
class _Candidate:
    source: str
    text: str


def choose_title(sources: Sources, site_keys: frozenset[str]) -> str | None:
    """The article title, or None when the page states none anywhere."""
    metas = [c for c in _meta_candidates(sources) if _usable(c.text)]
    stripped = [_Candidate(c.source, strip_site(c.text, site_keys, sources)) for c in metas]
    stripped = [c for c in stripped if _usable(c.text) and name_key(c.text) not in site_keys]
    stripped = [_Candidate(c.source, _core(c.text, stripped)) for c in stripped]
    h1s = [h for h in sources.h1s if _usable(h)]
    votes: dict[str, list[_Candidate]] = {}
    for candidate in stripped:
        votes.setdefault(_key(candidate.text), []).append(candidate)
    for h1 in h1s:
        wrapping = [c for c in metas if _wraps(c.text, h1) or _key(c.text) == _key(h1)]
        if wrapping or _key(h1) in votes:
            group = votes.setdefault(_key(h1), [])
            group.extend(_Candidate(c.source, h1) for c in wrapping)
            group.insert(0, _Candidate("h1", h1))
            break
    if not votes:
        return h1s[0] if h1s else None
    best = min(votes.values(), key=lambda group: (-len({c.source for c in group}), _rank(group)))
    h1_in_group = next((c.text for c in best if c.source == "h1"), None)
    return h1_in_group or min(best, key=lambda c: SOURCE_RANK.get(c.source, 9)).text


def _core(text: str, candidates: list[_Candidate]) -> str:
    """The shortest other candidate that ``text`` only extends with whole segments
    ("<headline> » Local » News » Site Name" → "<headline>"); else ``text`` itself.
    Segments no site-name rule recognises (a regional edition's name, a breadcrumb
    trail) still go when another source states the headline without them."""
    cores = [c.text for c in candidates if _extends(text, c.text)]
    return min(cores, key=len) if cores else text


def _extends(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` plus segments before or after it, joined by navigation
    separators ("»", "|", "/" …). Not by ":" or a dash: "Minister resigns: what happens
    next" is a headline with its subtitle, which a shorter social-card title leaves out."""
    if len(_key(shorter)) < MIN_TITLE_CHARS * 3:
        return False
    pieces = _SEPARATOR_KEPT.split(longer)  # segment, separator, segment, …
    parts, separators = [_key(p) for p in pieces[0::2]], pieces[1::2]
    core = [_key(p) for p in _SEPARATOR.split(shorter)]
    n, extra = len(core), len(parts) - len(core)
    if extra < 1:
        return False
    if parts[:n] == core:
        added = separators[n - 1:]
    elif parts[-n:] == core:
        added = separators[:extra]
    else:
        return False
    return all(_NAVIGATION_SEPARATOR.fullmatch(separator.strip()) for separator in added)


def _rank(group: list[_Candidate]) -> int:
    return min(SOURCE_RANK.get(c.source, 9) for c in group)


def _meta_candidates(sources: Sources) -> list[_Candidate]:
    found: list[_Candidate] = []
    for name, source in (("og:title", "og"), ("twitter:title", "twitter"), ("twitter:text:title", "twitter"),
                         ("dc.title", "dc"), ("dcterms.title", "dc"), ("title", "meta")):
        value = sources.first(name)
        if value:
            found.append(_Candidate(source, value))
    for obj in sources.ld_of(ARTICLE_TYPES) + sources.ld_of(PAGE_TYPES):
        headline = ld_text(obj.get("headline")) or ld_text(obj.get("name"))
        if headline:
            found.append(_Candidate("ld", headline))
            break
    if sources.title_tag:
        found.append(_Candidate("title", sources.title_tag))
    return found


def strip_site(title: str, site_keys: frozenset[str], sources: Sources) -> str:
    """``title`` without leading/trailing segments that name the site or a section."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title.strip()
    section = name_key(sources.first("article:section", "og:article:section") or "")
    labels = SECTION_LABELS | ({section} if section else set())

    def removable(part: str) -> bool:
        part_key = name_key(part)
        if not part_key:
            return True
        return part_key in labels or _is_site(part_key, site_keys)

    while len(parts) > 1 and removable(parts[-1]):
        parts.pop()
    while len(parts) > 1 and removable(parts[0]):
        parts.pop(0)
    if len(parts) == 1:
        return parts[0].strip()
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    """The original text spanning the kept segments (their own separators intact)."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def _is_site(part_key: str, site_keys: frozenset[str]) -> bool:
    """``part_key`` names the site: equal, or one is the other plus a short tail
    ("morebikes" / "morebikescouk", "techcrunch" / "techcrunchcom")."""
    for site in site_keys:
        if part_key == site:
            return True
        shorter, longer = sorted((part_key, site), key=len)
        tail = len(longer) - len(shorter)
        if len(shorter) >= MIN_SITE_CHARS and longer.startswith(shorter) and tail <= SITE_TAIL_CHARS:
            return True
    return False


def _wraps(meta_title: str, h1: str) -> bool:
    """Is ``h1`` the meta title minus separators and labels around it?"""
    meta_key, h1_key = _key(meta_title), _key(h1)
    if meta_key == h1_key or h1_key not in meta_key or len(h1_key) < MIN_TITLE_CHARS * 3:
        return False
    start = meta_key.find(h1_key)
    before, after = meta_key[:start].strip(), meta_key[start + len(h1_key):].strip()
    # What surrounds the h1 must begin/end at a separator: "opinion | <h1>", "<h1> - site".
    return (not before or before[-1] in "|-:·•»/~") and (not after or after[0] in "|-:·•«/~")


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(" .")


def _usable(text: str) -> bool:
    return MIN_TITLE_CHARS <= len(text) <= MAX_TITLE_CHARS
