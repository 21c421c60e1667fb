"""Dumps as PDF text extractors write them: pdftotext and pypdf put no blank line between
paragraphs, pdfminer and pypdf copy ligatures, pypdf glues pages together."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from tearsheet import extract
from tearsheet.captures.sniff import sniff_kind
from tearsheet.models import Article, CaptureKind

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def paragraphs(name: str) -> list[str]:
    truth = json.loads((FIXTURES / name / "truth.json").read_text(encoding="utf-8"))
    return [" ".join(p.split()) for p in truth["body"].split("\n\n") if p.strip()]


def extractor_text(body: list[str], *, width: int, page_break: str = "\f") -> str:
    """The text a PDF extractor gives for a clean print: title over two lines, byline, date,
    then hard-wrapped paragraphs with no blank line between them, pages broken by ``page_break``."""
    lines = ["Republicans Are Following Trump to", "Nowhere", "By Jamelle Bouie", "November 19, 2019"]
    for paragraph in body:
        lines += textwrap.wrap(paragraph, width)
    middle = len(lines) // 2
    return "\n".join(lines[:middle]) + page_break + "\n".join(lines[middle:]) + "\n"


def first_fixture() -> str:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "truth.json").exists())[0]


@pytest.mark.parametrize("width", [78, 92])
def test_paragraphs_without_blank_lines_are_found(width: int) -> None:
    body = paragraphs(first_fixture())
    text = extractor_text(body, width=width)
    assert sniff_kind(text.encode()) is CaptureKind.TEXT
    article = extract(text)
    assert article.title == "Republicans Are Following Trump to Nowhere"
    assert [a.name for a in article.authors] == ["Jamelle Bouie"]
    assert article.published == datetime(2019, 11, 19)
    found = [b.text for b in article.blocks]
    # a paragraph whose last line happens to fill the width cannot be told apart
    assert abs(len(found) - len(body)) <= 0.1 * len(body)
    assert " ".join(found) == " ".join(body)


def test_ligatures_are_spelled_out() -> None:
    body = ["The ﬁrst ﬂight was a signiﬁcant eﬀort, and everyone knew it at once.",
            *paragraphs(first_fixture())]
    article: Article = extract(extractor_text(body, width=85))
    assert article.blocks[0].text.startswith("The first flight was a significant effort")


def test_a_page_glued_to_the_next_by_a_form_feed_is_still_a_dump() -> None:
    body = paragraphs(first_fixture())
    text = extractor_text(body, width=85).replace("\n", " ", 1)  # one overlong line
    assert sniff_kind(text.encode()) is CaptureKind.TEXT


def test_short_list_lines_do_not_set_the_wrap_width() -> None:
    # pypdf's text of a deals page: two prose paragraphs, then spec lists of short lines that
    # would make the "typical" line 40 characters wide, so no prose line would look short.
    article = extract(Path(__file__).parent / "fixtures" / "tools" / "pypdf-list-page.txt")
    texts = [b.text for b in article.blocks]
    assert texts[0].startswith("Black Friday 2019 is going to be huge")
    assert texts[0].endswith("available now!")
    assert texts[1].startswith("AirPods 2 dropped to an all-time low")
    assert texts[3:5] == ["Apple AirPods", "Automatically on, automatically connected"]
