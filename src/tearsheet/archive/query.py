"""The search query language → an FTS5 MATCH expression.

Users write what FTS5 understands — words, ``"exact phrases"``, ``prefix*``,
``AND``/``OR``/``NOT``, parentheses, ``NEAR(a b, 5)`` and column filters
(``title:word``, ``authors:name``, ``text:word``) — plus two conveniences: ``-word``
means ``NOT word``, and a word with punctuation (``covid-19``, ``U.S.``, ``o'brien``)
is searched as the phrase of its parts instead of being a syntax error.

The index stems words (porter) and folds diacritics, and so does every query: ``follow``
finds "Following", ``cafe`` finds "café", ``elections`` finds "elected". A prefix is
matched against the stems too, so it should stop at a word's root: ``elect*`` finds
"elections", but ``electi*`` finds nothing, as no stem starts so ("election" is indexed
as ``elect``).
"""

from __future__ import annotations

import re

from tearsheet.errors import QuerySyntaxError

COLUMNS = ("title", "authors", "text")
OPERATORS = ("AND", "OR", "NOT", "NEAR")
TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
BAREWORD = re.compile(r"^[\w\u0080-\U0010ffff]+$")  # FTS5 barewords: letters, digits, _ and non-ASCII
# Control characters and lone surrogates are no part of any word: FTS5 fails on them
# (a NUL ends its string mid-phrase), so they are read as spaces.
NOT_TEXT = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
HELP = 'use words, "exact phrases", prefix*, AND, OR, NOT, -word and parentheses'


def to_fts(query: str) -> str:
    """Translate a user's query to FTS5 syntax (raises ``QuerySyntaxError``)."""
    tokens = TOKEN.findall(NOT_TEXT.sub(" ", query))
    if not tokens:
        raise QuerySyntaxError("the search query is empty")
    out: list[str] = []
    for token in tokens:
        if token.startswith('"'):
            if len(token) < 2 or not token.endswith('"'):
                raise QuerySyntaxError(f"unclosed quote in the search query {query!r}: {HELP}")
            out.append(token)
        elif token in ("(", ")") or token in OPERATORS:
            out.append(token)
        else:
            out.extend(_word(token))
    return " ".join(out)


def _word(token: str) -> list[str]:
    if token.startswith("-") and len(token) > 1:
        return ["NOT", *_word(token[1:])]
    token = token.lstrip("+") or token
    column, sep, rest = token.partition(":")
    if sep and column in COLUMNS:
        return [f"{column}:", *(_word(rest) if rest else [])]
    prefix = token.endswith("*") and len(token) > 1
    core = token.rstrip("*") if prefix else token
    term = core if BAREWORD.match(core) else '"' + core.replace('"', '""') + '"'
    return [term + ("*" if prefix else "")]


def syntax_error(query: str, detail: str) -> QuerySyntaxError:
    """FTS5's own complaint, said in our words."""
    detail = detail.removeprefix("fts5: ")
    return QuerySyntaxError(f"cannot understand the search query {query!r} ({detail}): {HELP}")
