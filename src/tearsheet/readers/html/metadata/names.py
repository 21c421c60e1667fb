"""Byline strings → people's names.

A byline field holds much more than names: "By Meg James, Staff Writer", "Jill Disis,
CNN Business", "Greg Beacham, AP Sports Writer", "Reuters", "5 Min Read", dates,
e-mail addresses, social handles. ``people`` splits a byline into its parts and keeps
only the parts that look like a person's name; desks, organisations, roles and
everything else are dropped. Rules are general (word lists and the shape of a
name), never keyed to a site; the site's own name is passed in so that "CNN
Business" is rejected on a CNN page without listing CNN here.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 60  # longer is a sentence ("X is a freelance writer living in …")
MAX_NAME_WORDS = 5  # "Maria da Graça Carvalho Silva" fits; a headline does not
MIN_SITE_KEY_CHARS = 3  # shorter site names ("AP" handled by the word list) match too much

# "By", "Written by", "Text:", "Von" … before the names, in several languages.
_LEAD_IN = re.compile(
    r"^\s*(?:(?:written|posted|reported|story|words|text|photos?|edited|compiled|published)"
    r"\s+(?:by|and\s+\w+\s+by)"
    r"|by|from|von|por|par|per|door|di|av|af|przez|autor(?:a|in)?|author(?:s)?|escrito\s+por|"
    r"текст|автор|фото|記者|글|기자)(?=[\s:：\-–—]|$)\s*[:：\-–—]?\s*",
    re.IGNORECASE,
)
# Separators between several names in one byline.
_SPLIT = re.compile(r"\s*(?:[,;|/•·\n]|\s(?:and|&|und|et|y|e|i|og|en|with|и)\s)\s*", re.IGNORECASE)
# Words that never occur in a person's name but do in desks, roles, organisations and widgets.
NOT_A_PERSON_WORDS = frozenset({
    "staff", "editor", "editors", "editorial", "editorials", "desk", "team", "newsroom", "news",
    "reuters", "ap", "afp", "upi", "dpa", "ani", "pti", "ians", "bloomberg", "press", "associated",
    "wire", "wires", "service", "services", "agency", "agencies", "media", "writer", "writers",
    "reporter", "reporters", "correspondent", "correspondents", "contributor", "contributors",
    "contributing", "columnist", "columnists", "admin", "administrator", "webmaster", "guest",
    "anonymous", "unknown", "read", "reading", "minute", "minutes", "min", "mins", "updated", "update",
    "published", "posted", "share", "comments", "comment", "business", "sports", "sport", "insider",
    "times", "post", "journal", "daily", "weekly", "magazine", "online", "digital", "group", "inc",
    "ltd", "llc", "corp", "company", "network", "tv", "radio", "channel", "official", "officials",
    "board", "opinion", "commentary", "analysis", "review", "reviews", "feature", "features",
    "photographer", "photography", "photo", "photos", "video", "videos", "images", "image", "getty",
    "shutterstock", "senior", "chief", "managing", "deputy", "associate", "assistant", "executive",
    "special", "producer", "analyst", "critic", "international", "national", "local", "politics",
    "political", "world", "entertainment", "lifestyle", "tech", "technology", "science", "health",
    "travel", "culture", "economy", "markets", "finance", "money", "weather", "investigations",
    "investigation", "co-founder", "founder", "ceo", "president", "director", "manager", "fellow",
    "professor", "click", "follow", "subscribe", "newsletter", "email", "contact", "view", "profile",
    "bio", "more", "all", "about", "gmt", "utc", "est", "edt", "pst", "pdt", "cst", "cdt", "et", "pt", "am",
    "pm", "гость", "редакция", "редактор", "корреспондент", "новости", "the", "herald", "tribune",
    "gazette", "courier", "chronicle", "examiner", "observer", "inquirer", "enquirer", "sentinel",
    "register", "globe", "telegraph", "independent", "mirror", "bulletin", "dispatch", "argus",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "july", "september", "october", "november", "december", "program", "programs", "faculty",
    "department", "office", "school", "university", "institute", "center", "centre", "directory"
})
# Degrees and credentials after a name ("Rachael Link, MS, RD"): never a name of their own.
CREDENTIALS = frozenset({
    "ms", "rd", "rdn", "md", "phd", "mph", "rn", "ma", "mba", "msc", "bsc", "cscs", "np", "pa", "jd",
    "esq", "dds", "dvm", "lcsw", "cpt"
})
MIN_SINGLE_NAME_CHARS = 3  # a one-word byline shorter than this is an initial or a stray word
# Lower-case particles allowed inside a Latin-script name.
NAME_PARTICLES = frozenset({
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "la",
    "le", "el", "al", "bin", "bint", "ibn", "y", "e"
})
# "Smith, John": exactly two capitalised single words around one comma.
_INVERTED = re.compile(r"([A-Z][\w'’\-]+),\s*([A-Z][\w'’\-]+(?:\s[A-Z]\.)?)")
# What a byline line carries after the name: "Updated 5:00 PM", "5 Min Read", "Nov 19, 2019".
_TRAILER = re.compile(
    r"\s+(?:(?:last\s+)?(?:updated|published|posted|modified)\b|\d|(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d).*$",
    re.IGNORECASE | re.DOTALL,
)
_NOT_IN_NAMES = ("@", "http", "www.", ".com", "://", "?", "!", "=")  # handles, URLs, widgets
_NOT_ALNUM = re.compile(r"[\W_]+")
_HAS_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W\d_][\w'’\-.]*", re.UNICODE)


def key(text: str) -> str:
    """Compare names: case, accents, punctuation and spacing ignored."""
    folded = text.casefold()
    if folded.isascii():
        return _NOT_ALNUM.sub("", folded)
    return "".join(ch for ch in unicodedata.normalize("NFKD", folded) if ch.isalnum())


def people(byline: str, site_keys: frozenset[str] = frozenset()) -> list[str]:
    """The person names in one byline string, in order."""
    inverted = _INVERTED.fullmatch(byline.strip())
    if inverted and is_person(f"{inverted.group(2)} {inverted.group(1)}", site_keys):
        return [f"{inverted.group(2)} {inverted.group(1)}"]  # "Smith, John" (library style)
    parts = [clean_name(part) for part in _SPLIT.split(_LEAD_IN.sub("", byline.strip()))]
    names = [name for name in parts if name and is_person(name, site_keys)]
    if any(" " in name for name in names):
        # "Victor Tangermann, Futurism", "Jeff Foust, Monday": beside a full name, a single
        # word is an affiliation, a place or a date, not a second author.
        names = [name for name in names if " " in name]
    return names


def clean_name(part: str) -> str:
    part = _LEAD_IN.sub("", part.strip())
    head = _TRAILER.sub("", part)
    if head != part and len(head.split()) < 2:
        return ""  # what is left before a date is no full name ("Nov" of "Nov 13, 2019")
    head = head.strip(" \t\"'“”‘’()[]{}:.-–—*•|")
    return " ".join(head.split())


def is_person(name: str, site_keys: frozenset[str] = frozenset()) -> bool:
    """Does ``name`` look like one person's name (not a desk, role, date, handle or URL)?"""
    if not 2 <= len(name) <= MAX_NAME_CHARS or _HAS_DIGIT.search(name):
        return False
    if any(mark in name for mark in _NOT_IN_NAMES):
        return False
    words = name.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    lowered = [w.strip(".,'’()").casefold() for w in words]
    if any(w in NOT_A_PERSON_WORDS or w in CREDENTIALS for w in lowered):
        return False
    if len(words) == 1 and (len(name) < MIN_SINGLE_NAME_CHARS or name.isupper()):
        return False  # "AS", "PTI", "KWCHCIK": initials, agencies and call signs, not a person
    if _is_site_name(name, site_keys):
        return False
    return _name_shaped(words)


def _is_site_name(name: str, site_keys: frozenset[str]) -> bool:
    name_key = key(name)
    return any(
        len(site) >= MIN_SITE_KEY_CHARS and site in name_key for site in site_keys
    )


def _name_shaped(words: list[str]) -> bool:
    """Latin-script names are capitalised word by word; other scripts have no case to check."""
    tokens = [t for w in words for t in _TOKEN.findall(w)]
    if not tokens:
        return False
    cased = [t for t in tokens if t[0].isalpha() and (t[0].isupper() or t[0].islower())]
    if not cased:
        return True  # CJK, Thai, Arabic …
    acronyms = [t for t in cased if len(t) > 1 and t.isupper() and "." not in t]
    if acronyms == [cased[0]] and len(cased[0]) == 2 and len(cased) in (2, 3):
        acronyms = []  # initials run together before a surname: "PJ Hamel", "AJ Neal"
    if acronyms and len(acronyms) < len(cased):
        return False  # an acronym inside a mixed-case name is an organisation ("PMJS - Coordenadoria de TI")
    for token in cased:
        if token[0].islower() and token.casefold() not in NAME_PARTICLES:
            return False
    return bool(cased[0][0].isupper())
