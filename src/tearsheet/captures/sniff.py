"""Tell a capture's kind from its content (magic bytes, structure), not its file name."""

from __future__ import annotations

import re

from tearsheet.errors import EmptyInputError, UnsupportedInputError
from tearsheet.models import CaptureKind

SNIFF_BYTES = 64 * 1024  # enough to see a page's head or a clip's first paragraphs
MAX_CONTROL_SHARE = 0.05  # more non-text control bytes than this: binary, not text
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# A document that opens with one of these (after whitespace and comments) is HTML.
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
# Tags that mark HTML anywhere near the start of a fragment.
_HTML_TAGS = re.compile(rb"<(?:p|div|article|span|a\s+href|br|h[1-6]|section|script|style)\b", re.I)
# Markdown structure a clipper writes: ATX headings, inline links, link-only lines.
_MARKDOWN_SIGNS = re.compile(r"^#{1,6} \S|\[[^\]\n]+\]\([^)\s]*\)|^Original url:\s*$", re.M)
_PDF_MAGIC = b"%PDF-"


def sniff_kind(data: bytes) -> CaptureKind:
    """The capture kind of ``data``; raises for empty or binary input."""
    head = data[:SNIFF_BYTES]
    if not head.strip():
        raise EmptyInputError("the input is empty")
    if _PDF_MAGIC in head[:1024]:
        return CaptureKind.PDF
    for bom in BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if looks_binary(head):
        raise UnsupportedInputError("the input is binary, not a web page, PDF or text")
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head[:4096])) >= 3:
        return CaptureKind.HTML
    if _MARKDOWN_SIGNS.search(head.decode("utf-8", "replace")):
        return CaptureKind.MARKDOWN
    return CaptureKind.TEXT


def looks_binary(head: bytes) -> bool:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > MAX_CONTROL_SHARE * max(len(head), 1)
