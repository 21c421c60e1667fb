"""A clip's YAML front matter (``---`` … ``---``), as web clippers such as Obsidian's write it.

Only the flat subset clippers use is read — ``key: value`` and ``key:`` followed by
``- item`` lines — without a YAML dependency; anything else in the block is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tearsheet.readers.text.header import author_names, parse_date

MIN_YEAR = 1800  # an earlier "published" year is a placeholder, not a date
MAX_FRONT_MATTER_LINES = 200  # a clipper writes a dozen keys; a longer block is not front matter

# Possessive, and no class may match what the next one does: a line of spaces or brackets
# with no colon then fails in linear time instead of backtracking over every split.
_KEY = re.compile(r"(?P<key>[A-Za-z_][\w -]*+)[\t\f\v]*+:\s*(?P<value>.*)")
_ITEM = re.compile(r"\s+-\s+(?P<value>.*)|-\s+(?P<top>.*)")
_WIKI_LINK = re.compile(r"\[\[(?:[^\[\]|]*\|)?(?P<name>[^\[\]]*)\]\]")  # each try stops at the next "["
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontMatter:
    title: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    description: str | None = None


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The front matter (None when there is none) and the text after it."""
    stripped = text.lstrip("\n")
    if not stripped.startswith("---\n"):
        return None, text
    lines = stripped.split("\n")
    limit = min(len(lines), MAX_FRONT_MATTER_LINES)
    end = next((i for i in range(1, limit) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, text
    values = _values(lines[1:end])
    if not values:
        return None, text
    return _front_matter(values), "\n".join(lines[end + 1:])


def _values(lines: list[str]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    key: str | None = None
    for line in lines:
        item = _ITEM.fullmatch(line)
        if item and key is not None:
            values[key].append(_unquote(item.group("value") or item.group("top") or ""))
            continue
        match = _KEY.fullmatch(line)
        if match is None:
            continue
        key = match.group("key").strip().lower()
        value = _unquote(match.group("value"))
        values[key] = [value] if value else []
    return {k: [v for v in vs if v] for k, vs in values.items()}


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    if value.startswith("[") and value.endswith("]") and not value.startswith("[["):
        value = value[1:-1]  # an inline list: [a, b]
    return _WIKI_LINK.sub(lambda m: m.group("name"), value).strip()


def _front_matter(values: dict[str, list[str]]) -> FrontMatter:
    def first(*keys: str) -> str | None:
        return next((values[k][0] for k in keys if values.get(k)), None)

    authors = next((values[k] for k in ("author", "authors", "byline") if values.get(k)), [])
    names = tuple(name for value in authors for name in author_names(value))
    title = first("title")
    return FrontMatter(title=_plain(title) if title else None,
                       url=first("source", "url", "link", "original_url"),
                       authors=names, published=_date(first("published", "date", "published_at")),
                       description=first("description", "summary", "excerpt"))


def _plain(title: str) -> str:
    """A title as text: a page <title> sometimes holds Markdown ("## …", "*Book title*")."""
    from tearsheet.readers.markdown.inline import parse_inline

    return parse_inline(re.sub(r"^#{1,6}\s+", "", title.strip())).text.strip() or title


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    match = _ISO.match(value)
    if match:
        year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
        if year < MIN_YEAR:
            return None  # "0001-01-01": a clipper's placeholder for no date
        try:
            return datetime(year, month, day, hour, minute)
        except ValueError:
            return None
    return parse_date(value)
