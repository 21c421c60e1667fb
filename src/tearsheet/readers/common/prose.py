"""Is a plain-text capture an article at all? CSV tables, logs, JSON and tiny notes are not.

Both text readers and the kind sniffer ask this, so a directory run reports such files as
``not_an_article`` instead of archiving a table as a story.
"""

from __future__ import annotations

import re
from collections import Counter

from tearsheet.errors import NotAnArticleError

MIN_ARTICLE_LETTERS = 120  # the shortest real article body in the captures set has ~700
MIN_LINES_FOR_TABLE = 3  # a table or log needs a few rows before it looks like one
TABLE_ROW_SHARE = 0.6  # this share of lines with the same delimiter count: a table
MIN_TABLE_DELIMITERS = 2  # one comma per line is ordinary prose
LOG_LINE_SHARE = 0.5  # this share of lines opening with a timestamp or level: a log
SAMPLE_LINES = 400  # enough lines to see the shape, bounded for speed
SAMPLE_CHARS = 64 * 1024  # letters are counted in this much of the text

_LETTER = re.compile(r"[^\W\d_]")
_DELIMITERS = (",", ";", "\t", "|")
_LOG_LINE = re.compile(
    r"\s*(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}|\[?\d{1,2}:\d{2}:\d{2}|"
    r"\[?(?:DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL|FATAL|TRACE)\]?[\s:])"
)
# A line that is only a link target: what a print dump lists after each page.
URL_LINE = re.compile(r"(?:https?|ftp)://[^\s<>\"]+|mailto:[^\s<>\"]+|tel:[+\d][\d\-.()]*")
# ("[ 0 ](https://…/cart)", "[2025] Massive List …" open Markdown clips: a link or bracketed words.)
_STRUCTURED_START = re.compile(r"\s*(?:[{\[](?![^\]\n]*\]\(|[^\]\n]*\]\s+\w)\s*[\"{\[\d]|<\?xml|<!\[CDATA\[)")


def check_article_text(text: str) -> None:
    """Raise ``NotAnArticleError`` unless ``text`` can hold an article body."""
    reason = not_article_reason(text)
    if reason:
        raise NotAnArticleError(f"the text is not an article: {reason}")


def not_article_reason(text: str) -> str | None:
    lines = [line for line in text.split("\n", SAMPLE_LINES)[:SAMPLE_LINES] if line.strip()]
    if _STRUCTURED_START.match(text):
        return "it is structured data (JSON or XML)"
    if len(lines) >= MIN_LINES_FOR_TABLE:
        if _is_table(lines):
            return "it is a table (CSV/TSV)"
        if sum(1 for line in lines if _LOG_LINE.match(line)) >= LOG_LINE_SHARE * len(lines):
            return "it is a log"
    if len(_LETTER.findall(text, 0, SAMPLE_CHARS)) < MIN_ARTICLE_LETTERS:
        return "too little text"
    return None


def _is_table(lines: list[str]) -> bool:
    for delimiter in _DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines)
        count, rows = counts.most_common(1)[0]
        if count >= MIN_TABLE_DELIMITERS and rows >= TABLE_ROW_SHARE * len(lines):
            return True
    return False


def is_url_line(line: str) -> bool:
    """Is this line nothing but a URL (``https://…``, ``mailto:``, ``tel:``)?"""
    return URL_LINE.fullmatch(line.strip()) is not None
