"""The web reader's fast paths give exactly what the plain definitions give.

Each speed-up replaced a per-character Python loop or a costly pattern with a
cheaper equivalent; these tests hold them to the original definitions, over every
code point where the equivalence rests on a character class.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tearsheet.readers.common.charset import decode
from tearsheet.readers.html import body as html_body
from tearsheet.readers.html import rules as rules
from tearsheet.readers.html.blocks import collapse_space
from tearsheet.readers.html.body import _DROP_SELECTOR, text_key
from tearsheet.readers.html.reader import _is_promo, _utf8

PAGES = sorted((Path(__file__).parent / "fixtures" / "html").glob("*.html"))
ALL_CHARS = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
TEXTS = [
    "", "  ", "Plain words, with punctuation!", "snake_case and ÜBER straße", "½ ² ³ and ① ⑵",
    "日本語の文章です。", "tabs\tand\nnewlines\u00a0and\u2009thin spaces",
    "Sign up for our newsletter", "Subscribe to the daily NEWSLETTER today",
    "Get the latest in your İnbox", "Follow us on social media", "Join our weekly newſletter",
    "Download the APP now", "Get e-mail alerts", "Like us on facebook", "Click to subscribe",
    "He got a job at the app store and joined a newsletter team last year.",
]


def _plain_key(text: str) -> str:
    return " ".join("".join(c for c in text.casefold() if c.isalnum() or c.isspace()).split())


@pytest.mark.parametrize("text", TEXTS)
def test_text_key_is_the_per_character_definition(text: str) -> None:
    assert text_key(text) == _plain_key(text)


def test_text_key_drops_exactly_what_is_neither_alphanumeric_nor_space() -> None:
    assert text_key(ALL_CHARS) == _plain_key(ALL_CHARS)


@pytest.mark.parametrize("text", TEXTS)
def test_promo_cues_never_hide_a_promo_match(text: str) -> None:
    assert _is_promo(text) == (rules.PROMO.search(text) is not None)


def test_only_the_listed_lookalikes_match_ascii_letters_case_insensitively() -> None:
    found = {c for c in re.findall("[a-z]", ALL_CHARS, re.I) if not c.isascii()}
    assert found == set(rules.IGNORECASE_ASCII_LOOKALIKES)
    cased = [c for c in ALL_CHARS if not c.isascii() and c.lower() != c]
    lowered = {c for c in cased if re.search("[a-z]", c.lower())}
    assert lowered <= found  # lower() alone would miss these: they are folded first


@pytest.mark.parametrize("text", [*TEXTS, " lead", "trail\n", "\n\t \u2003", "a\u00a0\u00a0b", "\x1c\x1dx"])
def test_collapse_space_is_the_whitespace_regex(text: str) -> None:
    assert collapse_space(text) == re.sub(r"\s+", " ", text)


def test_collapse_space_knows_every_whitespace_character() -> None:
    assert collapse_space(ALL_CHARS) == re.sub(r"\s+", " ", ALL_CHARS)


@pytest.mark.parametrize(("data", "kind"), [
    ("<p>Curly ’quotes’ and café</p>".encode(), bytes),
    ('<meta charset="windows-1252"><p>caf\xe9</p>'.encode("latin-1"), str),  # not UTF-8: the text
    (b'<meta charset="windows-1252"><p>plain</p>', bytes),  # ASCII: the same either way
    (b"\xef\xbb\xbf<p>after a byte-order mark</p>", str),
])
def test_the_parser_gets_the_bytes_only_when_they_are_the_texts_utf8(data: bytes, kind: type) -> None:
    html = decode(data)
    given = _utf8(data, html)
    assert isinstance(given, kind)
    assert LexborHTMLParser(given).html == LexborHTMLParser(html).html


def test_one_selector_pass_leaves_the_tree_strip_tags_leaves() -> None:
    page = ("<html><head><title>T</title><script>x()</script><style>p{}</style></head><body>"
            "<nav><button><svg><title>icon</title></svg></button><a href='/'>Home</a></nav>"
            "<p>Text<noscript><iframe src='x'></iframe></noscript> and <select><option>o</option>"
            "</select> more.</p><template><script>y()</script></template><video><audio></audio></video>"
            "<dialog><form><input><textarea>t</textarea></form></dialog></body></html>")
    expected, tree = LexborHTMLParser(page), LexborHTMLParser(page)
    expected.strip_tags(list(rules.DROP_TAGS))
    for node in tree.css(_DROP_SELECTOR):
        node.decompose(recursive=False)
    assert tree.html == expected.html
    assert (tree.head is None) == (expected.head is None)


def _plain_best_leader(leaders: list[LexborNode], scores: dict[LexborNode, float],
                       mass: dict[LexborNode, int], titled: LexborNode | None,
                       links: html_body._LinkChars) -> LexborNode:
    return max(leaders, key=lambda n: html_body._final_score(n, scores[n], mass.get(n, 0), links)
               + (rules.CLASS_WEIGHT if titled is not None and html_body._within(n, titled) else 0.0))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
@pytest.mark.parametrize("title", [None, "A title no heading repeats"])
def test_weighing_only_the_leaders_that_can_win_picks_the_same_body(
        page: Path, title: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    def body_paths() -> list[list[int]]:
        tree = LexborHTMLParser(page.read_bytes())
        html_body.clean(tree)
        body = html_body.find_body(tree, title)
        assert body is not None
        return [_path(node) for node in body.nodes]

    fast = body_paths()
    monkeypatch.setattr(html_body, "_best_leader", _plain_best_leader)
    assert body_paths() == fast


def _path(node: LexborNode) -> list[int]:
    """Child positions from the root down to ``node``: the same in two parses of one page."""
    path: list[int] = []
    parent = node.parent
    while parent is not None:
        path.append([child.mem_id for child in parent.iter(include_text=True)].index(node.mem_id))
        node, parent = parent, parent.parent
    return path[::-1]
