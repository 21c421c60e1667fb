"""What clippers' note templates add around the article: not part of its body.

* a horizontal rule (``---``, ``* * *``) between the template header and the body (``___``
  stays: wire copy uses it as a separator line that belongs to the text);
* an excerpt quote (MarkDownload: ``> ## Excerpt`` then ``> the page's description``);
* a ``# title`` that is the page's ``<title>``, with the site's name after a separator
  ("Healthy Eating Plate • The Nutrition Source", "… | Reuters").
"""

from __future__ import annotations

import re

from tearsheet.readers.common.urls import host_of
from tearsheet.readers.markdown.blocks import Chunk

_RULE = re.compile(r"[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,})")
_EXCERPT = re.compile(r">[ \t]*(?:#{1,6}[ \t]*)?(?:excerpt|summary|description)[ \t]*:?[ \t]*", re.I)
# The separators a page <title> puts between the headline and the site's name.
_SITE_SEPARATOR = re.compile(r"\s+(?:[|•·»:]{1,2}|[-–—]{1,2})\s+")
MAX_SITE_PARTS = 3  # "Headline | Section | Desk | Site" at most
# Two or more Latin-1 letters in a row that UTF-8 lead and continuation bytes decode to.
_MOJIBAKE = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       r"\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
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
    ("The Nutrition Source" for nutritionsource.hsph.harvard.edu, "Los Angeles Times" for
    latimes.com) or, after a bar or a bullet (never inside a headline), when it is short;
    several such parts ("… | Editorial | Opinion") all go.
    """
    title = unmangled(title)
    for _ in range(MAX_SITE_PARTS):
        shorter = _without_last_part(title, url)
        if shorter == title:
            break
        title = shorter
    return title


def unmangled(text: str) -> str:
    """UTF-8 text that a tool decoded as Windows-1252 ("ì•…ë…€" for "악녀"), put right."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        # cp1252 leaves five bytes undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d): decoders pass
        # them through as the control characters of the same number.
        raw = bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in text)
        return raw.decode("utf-8")
    except (UnicodeError, ValueError):
        return text


def _without_last_part(title: str, url: str | None) -> str:
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
    host = host_of(url) if url else ""
    letters = re.sub(r"[^a-z0-9]", "", site.lower())
    if not host or len(letters) < 3:
        return False
    labels = [label for label in host.lower().split(".") if label not in ("www", "com", "org", "net", "co")]
    words = re.findall(r"\w+", site.lower())
    initials = "".join(word[0] for word in words)
    return any(len(label) >= 3 and (label in letters or letters in label or label == initials
                                    or _initials_and_word(label, words, initials))
               for label in labels)


def _initials_and_word(label: str, words: list[str], initials: str) -> bool:
    """"latimes" for "Los Angeles Times", "nytimes" for "The New York Times"."""
    if len(words) < 2 or not label.endswith(words[-1]):
        return False
    head = label[: -len(words[-1])]
    return bool(head) and head in initials[:-1]


def _looks_like_name(site: str) -> bool:
    words = site.split()
    return bool(words) and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
