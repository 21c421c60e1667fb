"""The article's title, without the site name a page wraps it in.

Candidates come from ``og:title``, the JSON-LD headline, the ``<h1>``,
``twitter:title``, ``dc.title`` and ``<title>``. Each is first cut free of site-name
segments ("… | Site", "Site - …", "… : CityAM") and section labels ("Opinion | …").
A site name is also learned from the page itself: when the ``<title>`` is another
candidate plus a segment ("RogerBW's Blog: <og:title>"), that segment names the site.

The printed headline comes first: an ``<h1>`` that shares most of its words with a meta
title is the headline the reader sees, and meta titles are often SEO or social-card
rewrites of it ("Average Cost of Online College [2025]: Yearly Tuition + Fees" for the
``<h1>`` "Average Cost of Online College"). Otherwise an ``<h1>`` that a meta title merely
wraps ("Opinion | <h1> - The New York Times") is the title itself, and the candidates
vote: the text most sources agree on wins, ties go to the more reliable source. An
``<h1>`` nobody confirms is used only when nothing else names the page: on many pages
the first ``<h1>`` is the site logo or a widget.
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
_SEPARATOR_CHARS = "|-:·•»«/~"
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
MAX_SITE_NAME_CHARS = 60  # a longer title segment is a second headline, not a site name
SITE_TAIL_CHARS = 6  # "co.uk", "com", "news", "online": what may follow a site name in a title segment
MIN_TITLE_CHARS = 3
MAX_TITLE_CHARS = 400  # a longer "title" is a description or page text
# Share of words an <h1> and a meta title must have in common (Dice coefficient of their
# word sets) for the <h1> to be the printed form of the same headline. A logo or widget
# <h1> shares next to nothing with the article's meta titles.
HEADLINE_MATCH = 0.3
_WORD = re.compile(r"\w+")
# Words an <h1> may carry besides its headline: numbers (dates, comment counts), month
# names, domains ("latimes.com").
_NOT_HEADLINE_WORD = re.compile(
    r"\d+(?:st|nd|rd|th)?|[\w-]+(?:\.[\w-]+)+|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
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
    site_keys = site_keys | _title_site_keys(metas)
    stripped = [_Candidate(c.source, strip_site(c.text, site_keys, sources)) for c in metas]
    stripped = [c for c in stripped if _usable(c.text) and name_key(c.text) not in site_keys]
    stripped = [_Candidate(c.source, _core(c.text, stripped)) for c in stripped]
    h1s = [h for h in sources.h1s if _usable(h)]
    segments = frozenset(name_key(part) for c in metas for part in _SEPARATOR.split(c.text))
    headline = _printed_headline(h1s, stripped, site_keys, sources, segments)
    if headline is not None:
        return headline
    votes: dict[str, list[_Candidate]] = {}
    for candidate in stripped:
        votes.setdefault(_key(candidate.text), []).append(candidate)
    for h1 in h1s:
        if name_key(h1) in site_keys:
            continue
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


def _printed_headline(h1s: list[str], metas: list[_Candidate], site_keys: frozenset[str],
                      sources: Sources, segments: frozenset[str]) -> str | None:
    """The ``<h1>`` (without site or section segments) most like a meta title, when it
    shares at least ``HEADLINE_MATCH`` of its words with one: the headline as printed.
    ``segments``: the keys of the raw meta titles' separated segments."""
    best, best_score = None, 0.0
    for h1 in h1s:
        text = strip_site(h1, site_keys, sources)
        if not _usable(text) or name_key(text) in site_keys:
            continue
        score = max((_likeness(text, meta.text) for meta in metas), default=0.0)
        if score > best_score:
            best, best_score = text, score
    if best is None or best_score < HEADLINE_MATCH:
        return None
    # An <h1> that is a meta title plus a site or edition name, a date or a counter
    # ("Council votes … Harbour Post Bay", "Dec 18 2025 Preparing …", "… Jobs (latimes.com) 87"):
    # the meta title is the headline without them. Other extra words are the headline's own.
    inner = [m.text for m in metas if _inside(_key(m.text), _key(best), site_keys | segments)]
    return max(inner, key=len) if inner else best


def _inside(short: str, long: str, names: frozenset[str]) -> bool:
    """``long`` is ``short`` plus, at its start or end, only one of ``names`` (site names,
    title segments) or words that are numbers, month names or domains."""
    if len(short) < MIN_TITLE_CHARS * 3 or len(short) >= len(long):
        return False
    if long.startswith(short) and not long[len(short)].isalnum():
        extra = long[len(short):]
    elif long.endswith(short) and not long[-len(short) - 1].isalnum():
        extra = long[: -len(short)]
    else:
        return False
    if _is_site(name_key(extra), names):
        return True
    words = [word for word in (raw.strip("()[],.:;!?-") for raw in extra.split()) if word]
    return bool(words) and all(_NOT_HEADLINE_WORD.fullmatch(word) for word in words)


def _likeness(one: str, other: str) -> float:
    """Dice coefficient of the two texts' sets of lower-cased words."""
    words_one, words_other = set(_WORD.findall(_key(one))), set(_WORD.findall(_key(other)))
    if not words_one or not words_other:
        return 0.0
    return 2 * len(words_one & words_other) / (len(words_one) + len(words_other))


def _title_site_keys(metas: list[_Candidate]) -> frozenset[str]:
    """Site names the page spells by wrapping another candidate in its ``<title>``:
    "RogerBW's Blog: Advent of Code" or "Advent of Code | RogerBW's Blog" beside the
    ``og:title`` "Advent of Code". After the headline only a navigation separator counts:
    "Headline — what happens next" beside "Headline" is a subtitle, not a site name."""
    titles = [_key(c.text) for c in metas if c.source == "title"]
    others = [_key(c.text) for c in metas if c.source != "title"]
    found: set[str] = set()
    for title in titles:
        for other in others:
            if len(other) < MIN_TITLE_CHARS * 3 or len(title) <= len(other):
                continue
            rest = ""
            if title.endswith(other) and title[: -len(other)].rstrip()[-1:] in _SEPARATOR_CHARS:
                rest = title[: -len(other)]
            elif title.startswith(other) and _NAVIGATION_SEPARATOR.match(title[len(other):].lstrip()):
                rest = title[len(other):]
            rest = rest.strip(" " + _SEPARATOR_CHARS)
            if MIN_SITE_CHARS <= len(rest) <= MAX_SITE_NAME_CHARS:
                found.add(name_key(rest))
    return frozenset(found)


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
    # What surrounds the h1 must begin/end at a separator: "opinion | <h1>", "<h1> - site",
    # and be shorter than it: labels and site names are; a headline around a logo <h1> is not.
    return ((not before or (before[-1] in "|-:·•»/~" and len(before) < len(h1_key)))
            and (not after or (after[0] in "|-:·•«/~" and len(after) < len(h1_key))))


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(" .")


def _usable(text: str) -> bool:
    return MIN_TITLE_CHARS <= len(text) <= MAX_TITLE_CHARS
