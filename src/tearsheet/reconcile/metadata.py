"""Metadata of a reconciled article: each field from the captures that state it.

Every capture that states a field votes for its value (values compared normalised:
title words, author names, the calendar day of a date, the URL key); a vote weighs
what the capture kind knows: a web page's metadata and a clip's header are structured
statements, a PDF print's title and date are read off the layout, and a text dump's are
guesses — used only when no other capture states the field. Disagreements become
``Conflict``s; no value is ever made up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any

from tearsheet.models import Article, Author, CaptureKind, Conflict, Image, Related, Source
from tearsheet.reconcile.keys import title_key
from tearsheet.reconcile.urls import url_key

# How much a capture kind's statement of a metadata field weighs (see module doc).
KIND_WEIGHT = {CaptureKind.HTML: 3, CaptureKind.MARKDOWN: 3, CaptureKind.PDF: 2, CaptureKind.TEXT: 0}
UNKNOWN_KIND_WEIGHT = 2  # a hand-built or archived Article of no known kind
STRUCTURED_KINDS = frozenset({CaptureKind.HTML, CaptureKind.MARKDOWN})
EMPTY_IS_A_STATEMENT = frozenset({"authors"})  # see ``decide``
KIND_HOW = {CaptureKind.HTML: "structured", CaptureKind.MARKDOWN: "structured"}


@dataclass(frozen=True, slots=True)
class Decided:
    value: Any
    sources: tuple[Source, ...]
    conflict: Conflict | None


def weight(article: Article) -> int:
    return KIND_WEIGHT.get(article.kind, UNKNOWN_KIND_WEIGHT) if article.kind else UNKNOWN_KIND_WEIGHT


def how(article: Article) -> str:
    return KIND_HOW.get(article.kind, "exact") if article.kind else "exact"


def decide(name: str, articles: Sequence[Article], ids: Sequence[str], get: Callable[[Article], Any],
           norm: Callable[[Any], Hashable], show: Callable[[Any], str] = str) -> Decided | None:
    """The value of one field: weighted vote over the captures that state it.

    For authors, a structured capture (web page, clip) that names nobody says so: its
    readers leave out desks and organisations ("Reuters"), which a print may show as a byline.
    """
    stated = [(i, get(a)) for i, a in enumerate(articles) if _present(get(a))]
    if not stated:
        return None
    if name in EMPTY_IS_A_STATEMENT:
        stated += [(i, get(a)) for i, a in enumerate(articles)
                   if not _present(get(a)) and a.kind in STRUCTURED_KINDS]
    groups: dict[Hashable, list[tuple[int, Any]]] = {}
    for i, value in stated:
        groups.setdefault(norm(value), []).append((i, value))
    best = max(groups, key=lambda k: (sum(weight(articles[i]) for i, _ in groups[k]),
                                      max(weight(articles[i]) for i, _ in groups[k]),
                                      len(groups[k]), -groups[k][0][0]))
    # Within the winning value: the spelling most captures share, then the weightiest capture's.
    spelling = Counter(show(v) for _, v in groups[best])
    members = sorted(groups[best], key=lambda iv: (-spelling[show(iv[1])], -weight(articles[iv[0]]),
                                                   -_detail(iv[1]), iv[0]))
    value = members[0][1]
    sources = tuple(Source(capture=ids[i], how=how(articles[i])) for i, _ in members)
    conflict = None
    if len(groups) > 1:
        values = tuple((show(g[0][1]), tuple(ids[i] for i, _ in g)) for g in groups.values())
        conflict = Conflict(field=name, values=tuple(sorted(values)), chosen=show(value))
    return Decided(value, sources, conflict)


def _present(value: Any) -> bool:
    return value is not None and value != () and value != ""


def _detail(value: Any) -> int:
    """Prefer the more precise spelling of an equal value (a date with its time)."""
    if isinstance(value, datetime):
        return int(bool(value.hour or value.minute or value.second)) + int(value.tzinfo is not None)
    return 0


def _day(value: datetime) -> str:
    return value.date().isoformat()


def _authors_key(authors: tuple[Author, ...]) -> tuple[str | None, ...]:
    return tuple(title_key(a.name) for a in authors)


def _show_authors(authors: tuple[Author, ...]) -> str:
    return ", ".join(a.name for a in authors)


def _text_key(value: str) -> str:
    return title_key(value) or value


def _image_key(image: Image) -> Hashable:
    """Pictures are compared by their file when it is named, by their caption otherwise."""
    if image.src:
        return "src", url_key(image.src) or image.src
    return "caption", _text_key(image.caption or image.credit or "")


def _images(articles: Sequence[Article]) -> Callable[[Article], Any]:
    """Which captures' pictures vote: when any names a file, only those that do. A clip
    that names a photo by its caption says nothing about which file it is, so its caption
    is not "in conflict" with another capture's image URL."""
    if any(a.image and a.image.src for a in articles):
        return lambda a: a.image if a.image and a.image.src else None
    return attrgetter("image")


# (field, normaliser, how to show it in a conflict); fields not listed take the best capture's value.
VOTED_FIELDS: tuple[tuple[str, Callable[[Any], Hashable], Callable[[Any], str]], ...] = (
    ("title", _text_key, str),
    ("subtitle", _text_key, str),
    ("authors", _authors_key, _show_authors),
    ("published", _day, _day),
    ("modified", _day, _day),
    ("site_name", _text_key, str),
    ("url", lambda u: url_key(u) or u, str),
    ("language", lambda v: v.split("-")[0].lower(), str),
    ("section", _text_key, str),
    ("tags", lambda t: tuple(sorted(map(_text_key, t))), lambda t: ", ".join(t)),
    ("image", _image_key, lambda im: im.src or im.caption or ""),
)


FieldSources = list[tuple[str, tuple[Source, ...]]]


def merge_metadata(articles: Sequence[Article], ids: Sequence[str]) -> tuple[dict[str, Any], FieldSources,
                                                                              list[Conflict]]:
    """Field values, their sources and the conflicts, for every metadata field stated."""
    values: dict[str, Any] = {}
    sources: list[tuple[str, tuple[Source, ...]]] = []
    conflicts: list[Conflict] = []
    for name, norm, show in VOTED_FIELDS:
        get = _images(articles) if name == "image" else attrgetter(name)
        decided = decide(name, articles, ids, get, norm, show)
        if decided is None or not _present(decided.value):
            if decided is not None and decided.conflict:
                conflicts.append(decided.conflict)
            continue
        values[name] = decided.value
        sources.append((name, decided.sources))
        if decided.conflict:
            conflicts.append(decided.conflict)
    if "authors" in values:
        values["authors"] = _author_urls(values["authors"], articles)
    values["related"] = _related(articles)
    values["notes"] = tuple(dict.fromkeys(n for a in articles for n in a.notes))
    return values, sources, conflicts


def _author_urls(authors: tuple[Author, ...], articles: Sequence[Article]) -> tuple[Author, ...]:
    """Give each chosen author the profile URL another capture states for the same name."""
    known: dict[str | None, str] = {}
    for article in sorted(articles, key=lambda a: -weight(a)):
        for author in article.authors:
            if author.url:
                known.setdefault(title_key(author.name), author.url)
    return tuple(Author(name=a.name, url=a.url or known.get(title_key(a.name))) for a in authors)


def _related(articles: Sequence[Article]) -> tuple[Related, ...]:
    """Every related-article entry once, with a real href where any capture has one."""
    entries: dict[str, Related] = {}
    for article in articles:
        for r in article.related:
            key = title_key(r.title) or r.title
            if key not in entries or (r.href and not entries[key].href):
                entries[key] = r
    return tuple(entries.values())
