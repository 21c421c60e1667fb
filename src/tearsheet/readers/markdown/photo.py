"""The photo caption/credit line a clipper writes between the header and the body.

A clip names the lead photo by its caption and credit only (the file itself is not
clipped), as plain text or as ``[credit](url)`` when the credit is a link. It is told
apart from a first body paragraph by how captions read: a credit marker ("Credit…",
"(Image: GETTY)", "REUTERS/…", "file photo"), a credit glued to the caption
("…in New York.Reuters"), a lone link, or a short label with no sentence in it.
"""

from __future__ import annotations

import re

from tearsheet.models import Image
from tearsheet.readers.markdown.inline import parse_inline

MAX_CAPTION_CHARS = 400  # captions run to a couple of sentences
MAX_LABEL_WORDS = 4  # "Always Enabled": a short label without a sentence in it
MAX_LABEL_CHARS = 40  # … and short in characters too (CJK text has no spaces to count words by)

_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:\?|$)", re.I)
_CREDIT = (
    re.compile(r"^\(\s*(?:image|photo|picture|pic)s?\s*:\s*(?P<credit>[^)]+)\)$", re.I),
    re.compile(r"^(?P<caption>.*?)\s*\b(?:photo\s+)?credits?\s*(?:\.{2,}|…|:)\s*(?P<credit>.+)$", re.I),
    re.compile(r"^(?P<caption>.*?[.!?])\s*(?P<credit>(?:REUTERS|AP|AFP|EPA|GETTY)\b[/ ].*)$"),
    re.compile(r"^(?P<caption>.*?)\s*(?<!file )\b(?:image|photo|picture)(?:\s+(?:source|credit))?"
               r"\s*:\s*(?P<credit>.+)$", re.I),
    re.compile(r"^(?P<caption>.*[a-z][.!?])(?P<credit>[A-Z][\w&.' -]{1,40})$"),
)
_PHOTO_WORDS = re.compile(
    r"\b(?:file\s+photo|photo\s+by|photograph(?:ed)?\s+by|getty\s+images|shutterstock)\b", re.I)
_SENTENCE = re.compile(r"[.!?:;。！？、，]")
# What a clipper picks up from a cookie-consent dialog or a page's controls: a short label
# that is no caption (the photo line slot is where it lands, right after the header).
INTERFACE_LABELS = frozenset({
    "always enabled", "always active", "accept", "accept all", "accept cookies", "reject all",
    "allow all", "necessary", "strictly necessary", "cookie settings", "manage preferences",
    "privacy settings", "save preferences", "close", "skip to content", "advertisement",
})


def is_interface_label(source: str) -> bool:
    """A line that is a control's or a consent dialog's label, not part of the article."""
    return " ".join(parse_inline(source.strip()).text.split()).casefold().rstrip(".") in INTERFACE_LABELS


def photo_line(source: str, base: str | None = None) -> Image | None:
    """The photo named by ``source`` when it reads as a caption/credit line, else None."""
    inline = parse_inline(source.strip())
    text = " ".join(inline.text.split())
    if not text or len(text) > MAX_CAPTION_CHARS or "\n\n" in source:
        return None
    if len(inline.links) == 1 and inline.links[0].text.strip() == text:
        href = inline.links[0].href
        src = href if href and _IMAGE_FILE.search(href) else None
        return Image(src=src, credit=text)
    for pattern in _CREDIT:
        match = pattern.match(text)
        if match:
            caption = (match.groupdict().get("caption") or "").strip() or None
            return Image(caption=caption, credit=match.group("credit").strip())
    if _PHOTO_WORDS.search(text):
        return Image(caption=text)
    if len(text.split()) <= MAX_LABEL_WORDS and len(text) <= MAX_LABEL_CHARS and not _SENTENCE.search(text) \
            and not inline.links:
        return Image(caption=text)
    return None
