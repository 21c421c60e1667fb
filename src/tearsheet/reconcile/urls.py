"""Article URLs → comparison keys: one key for every variant of the same article's address.

Captures of one article name its URL in many spellings: ``http``/``https``, with or
without ``www.``, tracking parameters (``utm_*``, ``fbclid`` …), AMP, print and mobile
variants, a trailing slash, a fragment. ``url_key`` folds all of those into one string;
``site_key`` is the registered domain, the unit of "one publication".
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from courlan import extract_domain, normalize_url

# Host labels that only pick a rendering of the same page (mobile, AMP, print).
VARIANT_HOST_LABELS = frozenset({"www", "www1", "www2", "m", "mobile", "amp", "print"})
# Path segments and suffixes that only pick a rendering of the same article.
VARIANT_PATH_SEGMENTS = frozenset({"amp", "print", "mobile", "amp.html"})
_VARIANT_SUFFIX = re.compile(r"(\.amp|[-_]amp|\.print)(?=\.html?$|$)", re.I)
# Query parameters that select a rendering or a tracking source, never the article.
VARIANT_PARAMS = frozenset({"amp", "print", "output", "outputtype", "view", "mobile", "module",
                            "ref", "ref_src", "ref_url", "src", "source", "cmpid", "smid", "partner",
                            "ito", "ns_campaign", "ns_mchannel", "ns_source", "ns_linkname"})
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mc_", "__")
# Second-level labels of country suffixes (``co.uk``, ``com.br``): part of the suffix.
SECOND_LEVEL_SUFFIXES = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go"})
INDEX_PAGES = frozenset({"index.html", "index.htm", "index.php", "default.aspx"})


def url_key(url: str | None) -> str | None:
    """One key for every spelling of an article URL; None when ``url`` is not an http(s) URL."""
    if not url or not url.strip():
        return None
    try:
        # Not strict: courlan's strict mode also drops parameters that name the article (?idx=8576).
        parts = urlsplit(normalize_url(url.strip()))
    except (ValueError, TypeError):
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = _host(parts.hostname)
    path = _path(parts.path)
    query = _query(parts.query)
    return f"{host}{path}" + (f"?{query}" if query else "")


def site_key(url: str | None) -> str | None:
    """The publication: its registered domain without the public suffix, or None.

    ``https://www.nytimes.com/…`` → ``nytimes``; a site's country editions
    (``businessinsider.de`` and ``.com``) are one publication.
    """
    if not url:
        return None
    try:
        domain = extract_domain(url.strip(), fast=True)
    except (ValueError, TypeError):
        return None
    if not domain:
        return None
    labels = domain.lower().split(".")
    if len(labels) > 1:
        labels.pop()  # the top-level domain
    if len(labels) > 1 and labels[-1] in SECOND_LEVEL_SUFFIXES:
        labels.pop()
    return ".".join(labels)


def path_key(key: str | None) -> str | None:
    """The part of a ``url_key`` after the host: the same article on another host of its site."""
    if not key or "/" not in key:
        return None
    path = key[key.index("/"):]
    return path if path not in ("/", "") else None


def _host(hostname: str) -> str:
    labels = hostname.lower().rstrip(".").split(".")
    while len(labels) > 2 and labels[0] in VARIANT_HOST_LABELS:
        labels = labels[1:]
    return ".".join(labels)


def _path(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    while segments and (segments[-1].lower() in VARIANT_PATH_SEGMENTS or segments[-1].lower() in INDEX_PAGES):
        segments.pop()
    if segments and segments[0].lower() in ("amp", "m"):
        segments = segments[1:]
    if segments:
        segments[-1] = _VARIANT_SUFFIX.sub("", segments[-1])
    return "/" + "/".join(segments)


def _query(query: str) -> str:
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
            if k.lower() not in VARIANT_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)]
    return urlencode(sorted(kept))
