"""Tell a capture's kind from its content (magic bytes, structure), not its file name.

Plain text is one of three things, told apart by structure:

* a **text dump** (``TEXT``): what a PDF extraction server returns — hard-wrapped lines
  (most long paragraphs span several lines of similar width) and URL-only lines after a
  blank line at page ends;
* a **clip** (``MARKDOWN``): Markdown or plain text written one paragraph per line, with
  ``# `` headings, ``[anchor](href)`` links, an ``Original url:`` footer, YAML front matter;
* **not an article**: CSV/TSV tables, logs, JSON/XML, a tiny note, source code,
  configuration, a software README or changelog (``NotAnArticleError``).
"""

from __future__ import annotations

import codecs
import re

from tearsheet.captures.software import software_reason
from tearsheet.errors import EmptyInputError, NotAnArticleError, UnsupportedInputError
from tearsheet.models import CaptureKind
from tearsheet.readers.common.charset import text_encoding
from tearsheet.readers.common.prose import check_article_text, is_url_line

SNIFF_BYTES = 64 * 1024  # enough to see a page's head or a clip's first paragraphs
MAX_CONTROL_SHARE = 0.05  # more non-text control bytes than this: binary (random bytes have ~10 %)

# A document that opens with one of these (after whitespace and comments) is HTML.
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
# Tags that mark HTML anywhere near the start of a fragment.
_HTML_TAGS = re.compile(rb"<(?:p|div|article|span|a\s+href|br|h[1-6]|section|script|style)\b", re.I)
# Markdown structure a clipper writes: ATX headings, inline links, link-only lines.
# Anchor text excludes "[", the link target brackets and parentheses, bold text "*", so
# each try stops at the next bracket or star: a 1 MB line of "[" (or of "[a](") costs
# linear time, not 16 s of backtracking. (A target with parentheses is no sign; two are needed.)
_MARKDOWN_SIGNS = re.compile(
    r"^#{1,6} \S|\[[^\[\]\n]+\]\([^()\[\]\s]*\)|^Original url:\s*$|\*\*[^*\s][^*\n]*\*\*", re.M)
_STRAY_SPACE = re.compile(r"(?<! ) \n(?! )|^ (?! )\S", re.M)
_FRONT_MATTER = re.compile(r"\s*---\n[A-Za-z_][\w -]*:")  # a clipper's YAML header
_FRONT_MATTER_BYTES = re.compile(rb"\s*---\r?\n[A-Za-z_][\w -]*:")
_HEADING_START = re.compile(rb"\s*#{1,6} [^\n<]+\n")
MIN_MARKDOWN_SIGNS = 2  # one bracket pair in a text dump is a coincidence; two are Markdown
WRAP_MIN_CHARS = 160  # paragraphs this long wrap in a print; shorter ones may fit one line
WRAP_MAX_LINE = 130  # print lines are ~85-110 characters; clip lines hold whole paragraphs
LONG_LINE_SHARE = 0.15  # a hard-wrapped text may have this share of lines over WRAP_MAX_LINE
HARD_WRAPPED_SHARE = 0.5  # this share of long paragraphs hard-wrapped: a text dump
_PDF_MAGIC = b"%PDF-"


def sniff_kind(data: bytes) -> CaptureKind:
    """The capture kind of ``data``; raises for empty or binary input."""
    head = data[:SNIFF_BYTES]
    if not head.strip():
        raise EmptyInputError("the input is empty")
    if _PDF_MAGIC in head[:1024]:
        return CaptureKind.PDF
    encoding = text_encoding(head)
    if encoding is not None and encoding != "utf-8":  # UTF-16/32: judged as the text it spells
        head = head.decode(encoding, "replace").lstrip("\ufeff").encode("utf-8")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    if looks_binary(head):
        raise UnsupportedInputError("the input is binary, not a web page, PDF or text")
    if _HTML_START.match(head) or (len(_HTML_TAGS.findall(head[:4096])) >= 3 and not _markdown_first(head)):
        return CaptureKind.HTML
    return text_kind(head.decode("utf-8", "replace"))


def text_kind(text: str) -> CaptureKind:
    """TEXT (a hard-wrapped dump) or MARKDOWN (a clip); raises for text that is no article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_article_text(text)
    reason = software_reason(text)
    if reason is not None:
        raise NotAnArticleError(f"the text is not an article: {reason}")
    if _FRONT_MATTER.match(text):
        return CaptureKind.MARKDOWN
    paragraphs = [p for p in re.split(r"\n[ \t]*\n|\f", text) if p.strip()]
    markdown_signs = len(_MARKDOWN_SIGNS.findall(text))
    url_blocks = sum(1 for p in paragraphs if all(is_url_line(line) for line in p.strip().split("\n")))
    if url_blocks and markdown_signs < MIN_MARKDOWN_SIGNS:
        return CaptureKind.TEXT
    if markdown_signs >= MIN_MARKDOWN_SIGNS:
        return CaptureKind.MARKDOWN
    long_paragraphs = [p.strip().split("\n") for p in paragraphs if len(p) >= WRAP_MIN_CHARS]
    wrapped = [lines for lines in long_paragraphs if len(lines) > 1 and _short_lines(lines)]
    if long_paragraphs:
        hard_wrapped = len(wrapped) >= HARD_WRAPPED_SHARE * len(long_paragraphs)
        return CaptureKind.TEXT if hard_wrapped else CaptureKind.MARKDOWN
    # Too short to see wrapping: extraction servers leave single stray spaces at line
    # ends and starts; clippers collapse them.
    return CaptureKind.TEXT if _STRAY_SPACE.search(text) else CaptureKind.MARKDOWN


def _markdown_first(head: bytes) -> bool:
    """A clip that keeps some HTML (tables, figures): it opens with front matter or a heading."""
    return bool(_FRONT_MATTER_BYTES.match(head) or _HEADING_START.match(head))


def _short_lines(lines: list[str]) -> bool:
    """Print-wide lines, give or take a few: pypdf glues a page's last line to the next page's
    first, pdftotext a line that ends in a hyphen to the next."""
    return sum(len(line) > WRAP_MAX_LINE for line in lines) <= LONG_LINE_SHARE * len(lines)


def looks_binary(head: bytes) -> bool:
    """More control bytes than text has: binary. A few stray ones (a NUL, a BEL) are text's
    damage, not a sign of binary; the readers drop them."""
    # Counted in C (bytes.translate deletes everything but the control bytes): a
    # Python loop over 64 KiB cost ~12 % of a whole page extraction.
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > MAX_CONTROL_SHARE * max(len(head), 1)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
