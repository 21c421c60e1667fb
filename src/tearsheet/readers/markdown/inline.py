"""Inline Markdown → plain text plus links with character offsets into that text.

Handles what clippers and tearsheet's own renderer write: ``[anchor](href)`` (with
``<href>`` and a title), ``<https://…>`` autolinks, ``**strong**``/``*em*``/``__strong__``/
``_em_``, inline ``code`` and backslash escapes. Emphasis is stripped only where it is
well formed (an opener followed by a non-space, a closer preceded by one), so a lone
``*`` or ``5 * 3`` in text stays as written. Inline images keep nothing but their alt text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tearsheet.models import Link

PLACEHOLDER_HREFS = ("", "#")  # a clipper's stand-in for a link whose target it dropped
MAX_NESTING = 4  # brackets inside link text nest this deep at most; deeper is text
MAX_SPAN_CHARS = 500  # emphasis and link text longer than this is not one span (bounds the work)

_ESCAPABLE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_DESTINATION = re.compile(r"""\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>(?:[^\s()]|\([^\s()]*\))*))"""
                          r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)""")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash-escaped ASCII punctuation character
# HTML's legacy entities without a semicolon that a converter decoded inside a query string
# ("&region=" → "®ion=", "&para=" → "¶="); no URL holds these characters themselves.
_ENTITY_CHARS = str.maketrans({"®": "&reg", "¶": "&para", "©": "&copy", "¬": "&not", "§": "&sect",
                               "¤": "&curren", "°": "&deg", "×": "&times", "µ": "&micro", "¢": "&cent",
                               "£": "&pound", "¥": "&yen"})
_NESTED_LINK = re.compile(r"\[[^\]]*\]\(<?([^()\s<>]+)>?\)")
_CODE = re.compile(rf"`(?P<code>[^`]{{1,{MAX_SPAN_CHARS}}})`")
_AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_SPECIAL = re.compile(r"[\\`<\[!]")
_DELIMITER_RUN = re.compile(r"\*+|_+")
MAX_OPENERS = 32  # open runs a closer looks back over: bounds the work on hostile input


@dataclass(frozen=True, slots=True, kw_only=True)
class Inline:
    text: str
    links: tuple[Link, ...]


def parse_inline(source: str) -> Inline:
    """Plain text and links of one block's inline Markdown."""
    return _parse(strip_emphasis(source), 0)


def normalise_href(href: str) -> str | None:
    """None for a placeholder target ("#", empty, ``javascript:``, a saved copy's ``file:``
    path): the target is unknown."""
    href = _ESCAPED.sub(r"\1", href.strip())  # html2text writes "\(" "\)" "\[" in targets
    href = href.translate(_ENTITY_CHARS)
    nested = _NESTED_LINK.fullmatch(href)
    if nested:  # "[url](url)" as a target: the page itself wrote Markdown around its link
        href = nested.group(1)
    if href in PLACEHOLDER_HREFS or href.lower().startswith(("javascript:", "file:")):
        return None
    return href


def strip_emphasis(source: str) -> str:
    """Remove well-formed emphasis markers, never touching link targets, code or escapes."""
    masked, kept = _mask(source)
    return _unmask(_drop_delimiters(masked), kept)


def _drop_delimiters(text: str) -> str:
    """Pair ``*``/``_`` runs like CommonMark's delimiter stack (simplified), in linear time.

    A run opens when a non-space follows it and no word character precedes it; it closes
    when a non-space precedes it and no word character follows it. A closer pairs with the
    nearest open run of the same character within ``MAX_SPAN_CHARS``; paired runs lose two
    characters (strong) or one (em) at a time.
    """
    runs = list(_DELIMITER_RUN.finditer(text))
    left = [len(run.group()) for run in runs]  # characters of each run still in place
    removed = [0] * len(runs)
    stack: list[int] = []
    for index, run in enumerate(runs):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        if not before.isspace() and not _is_word(after):
            _close(index, runs, left, removed, stack)
        if left[index] and not after.isspace() and not _is_word(before):
            stack.append(index)
    out: list[str] = []
    cursor = 0
    for index, run in enumerate(runs):
        out.append(text[cursor:run.start()])
        out.append(run.group()[0] * (len(run.group()) - removed[index]))
        cursor = run.end()
    out.append(text[cursor:])
    return "".join(out)


def _close(index: int, runs: list[re.Match[str]], left: list[int], removed: list[int],
           stack: list[int]) -> None:
    char = runs[index].group()[0]
    for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_OPENERS), -1):
        opener = stack[depth]
        if runs[index].start() - runs[opener].end() > MAX_SPAN_CHARS:
            break
        if runs[opener].group()[0] != char or not left[opener] or runs[opener].end() == runs[index].start():
            continue
        while left[opener] and left[index]:
            take = 2 if left[opener] >= 2 and left[index] >= 2 else 1
            left[opener] -= take
            left[index] -= take
            removed[opener] += take
            removed[index] += take
        # Runs opened between the pair can no longer close inside it (CommonMark drops them).
        del stack[depth + 1 if left[opener] else depth:]
        if not left[index]:
            return


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _mask(source: str) -> tuple[str, list[str]]:
    """Swap link targets, autolinks, code spans and escapes for numbered placeholders."""
    sentinel = next(chr(c) for c in range(0xE000, 0xF8FF) if chr(c) not in source)
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"{sentinel}{len(kept) - 1}{sentinel}"

    protected = re.compile(r"\\[" + re.escape(_ESCAPABLE) + r"]|" + _CODE.pattern + "|" + _AUTOLINK.pattern
                           + r"|(?<=\])" + _DESTINATION.pattern)
    masked = protected.sub(keep, source)
    return f"{sentinel}{masked}", kept


def _unmask(masked: str, kept: list[str]) -> str:
    sentinel, body = masked[0], masked[1:]
    return re.sub(re.escape(sentinel) + r"(\d+)" + re.escape(sentinel), lambda m: kept[int(m.group(1))], body)


def _parse(source: str, depth: int) -> Inline:
    out: list[str] = []
    links: list[Link] = []
    length = 0
    i = 0
    while i < len(source):
        special = _SPECIAL.search(source, i)
        plain_end = special.start() if special else len(source)
        if plain_end > i:  # plain text up to the next character that can start a construct
            out.append(source[i:plain_end])
            length += plain_end - i
            i = plain_end
            continue
        piece, consumed, link = _token(source, i, depth)
        if link is not None:
            links.extend(_shift(sub, length) for sub in link.links)
            links.append(Link(text=link.text, href=link.href, start=length))
        out.append(piece)
        length += len(piece)
        i += consumed
    return Inline(text="".join(out), links=tuple(links))


@dataclass(frozen=True, slots=True)
class _Linked:
    text: str
    href: str | None
    links: tuple[Link, ...]


def _token(source: str, i: int, depth: int) -> tuple[str, int, _Linked | None]:
    """The plain text of the construct at ``i``, how many characters it used, and its link."""
    char = source[i]
    if char == "\\" and i + 1 < len(source) and source[i + 1] in _ESCAPABLE:
        return source[i + 1], 2, None
    if char == "`":
        match = _CODE.match(source, i)
        if match:
            return match.group("code").strip() or match.group("code"), match.end() - i, None
    if char == "<":
        match = _AUTOLINK.match(source, i)
        if match:
            url = match.group("url")
            return url, match.end() - i, _Linked(url, normalise_href(url), ())
    if char == "[" or (char == "!" and source.startswith("[", i + 1)):
        found = _link(source, i + (char == "!"), depth)
        if found is not None:
            label, href, end = found
            if char == "!":
                return label.text, end - i, None
            return label.text, end - i, _Linked(label.text, href, label.links)
    return char, 1, None


def _link(source: str, i: int, depth: int) -> tuple[Inline, str | None, int] | None:
    """``[label](destination)`` starting at ``i``: (label, href, end) or None."""
    if depth >= MAX_NESTING:
        return None
    close = _closing_bracket(source, i)
    if close is None:
        return None
    match = _DESTINATION.match(source, close + 1)
    if match is None:
        return None
    href = match.group("angle") if match.group("angle") is not None else match.group("bare")
    label = _parse(source[i + 1:close], depth + 1)
    # Markdown has no links inside links: an inner one keeps only its text.
    return Inline(text=label.text, links=()), normalise_href(href or ""), match.end()


def _closing_bracket(source: str, i: int) -> int | None:
    end = min(len(source), i + MAX_SPAN_CHARS)
    if source.find("]", i, end) < 0:
        return None
    level = 0
    j = i
    while j < end:
        char = source[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            level += 1
        elif char == "]":
            level -= 1
            if level == 0:
                return j
        elif char == "\n" and source.startswith("\n", j + 1):
            return None
        j += 1
    return None


def _shift(link: Link, by: int) -> Link:
    return Link(text=link.text, href=link.href, start=(link.start or 0) + by, page=link.page)
