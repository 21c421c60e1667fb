"""What clippers' note templates add around the article: not part of its body.

* a horizontal rule (``---``, ``* * *``) between the template header and the body (``___``
  stays: wire copy uses it as a separator line that belongs to the text);
* an excerpt quote (MarkDownload: ``> ## Excerpt`` then ``> the page's description``);
* a ``# title`` that is the page's ``<title>``, with the site's name after a separator
  ("Healthy Eating Plate • The Nutrition Source", "… | Reuters").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tearsheet.readers.markdown.blocks import Chunk

_RULE = re.compile(r"[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,})")
_EXCERPT = re.compile(r">[ \t]*(?:#{1,6}[ \t]*)?(?:excerpt|summary|description)[ \t]*:?[ \t]*", re.I)
# The separators a page <title> puts between the headline and the site's name.
_SITE_SEPARATOR = re.compile(r"\s+(?:[|•·»:]{1,2}|[-–—]{1,2})\s+")
MAX_SITE_WORDS = 5  # "The Nutrition Source", "Harvard T.H. Chan School": names are short
MIN_HEADLINE_WORDS = 2  # what is left must still be a headline


def is_rule(chunk: Chunk) -> bool:
    return len(chunk.lines) == 1 and _RULE.fullmatch(chunk.lines[0]) is not None


def excerpt(chunk: Chunk) -> str | None:
    """The text of an excerpt quote (``> ## Excerpt`` + ``> text``), or None."""
    if len(chunk.lines) < 2 or not _EXCERPT.fullmatch(chunk.lines[0].strip()):
        return None
    if not all(line.lstrip().startswith(">") for line in chunk.lines):
        return None
    text = " ".join(line.lstrip()[1:].strip() for line in chunk.lines[1:])
    return text or None


def without_site(title: str, url: str | None) -> str:
    """``title`` without a trailing site name: the page's ``<title>`` a clipper copied.

    The part after the last separator is a site name when it names the URL's host
    ("The Nutrition Source" for nutritionsource.hsph.harvard.edu) or, after a bar or a
    bullet (never inside a headline), when it is short.
    """
    parts = _SITE_SEPARATOR.split(title)
    separators = _SITE_SEPARATOR.findall(title)
    if len(parts) < 2:
        return title
    site, separator = parts[-1], separators[-1].strip()
    headline = title[: title.rfind(separators[-1])].strip()
    if len(headline.split()) < MIN_HEADLINE_WORDS or len(site.split()) > MAX_SITE_WORDS:
        return title
    if _names_host(site, url) or (separator in ("|", "•", "·", "||", "»") and _looks_like_name(site)):
        return headline
    return title


def _names_host(site: str, url: str | None) -> bool:
    host = (urlsplit(url).hostname or "") if url else ""
    letters = re.sub(r"[^a-z0-9]", "", site.lower())
    if not host or len(letters) < 3:
        return False
    labels = [label for label in host.lower().split(".") if label not in ("www", "com", "org", "net", "co")]
    initials = "".join(word[0] for word in re.findall(r"\w+", site.lower()))
    return any(len(label) >= 3 and (label in letters or letters in label or label == initials)
               for label in labels)


def _looks_like_name(site: str) -> bool:
    words = site.split()
    return bool(words) and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
