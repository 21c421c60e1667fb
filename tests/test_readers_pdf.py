"""PDF print reader on real prints (tests/fixtures/pdf, copied from ../shared/captures)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from tearsheet.models import BlockKind, Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.pdf import reader as pdf
from tearsheet.readers.pdf.head import byline_authors, find_date
from tearsheet.readers.pdf.join import Vocabulary, join_lines
from tearsheet.readers.pdf.layout import Line, PageLines
from tearsheet.readers.pdf.paragraphs import split_page
from tearsheet.readers.pdf.running import strip_running

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"


def load(name: str) -> tuple[object, dict[str, object]]:
    data = (FIXTURES / f"{name}.pdf").read_bytes()
    truth = json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))
    return pdf.read(Capture(id=name, kind=CaptureKind.PDF, data=data), DEFAULT_OPTIONS), truth


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def paragraphs(body: str) -> list[str]:
    return [norm(p) for p in body.split("\n\n") if p.strip()]


def test_clean_print_body_head_and_pages() -> None:
    article, truth = load("clean-nyt")
    assert [norm(b.text) for b in article.blocks] == paragraphs(str(truth["body"]))
    assert article.title == truth["title"]
    assert [a.name for a in article.authors] == truth["authors"]
    assert article.published and article.published.date().isoformat() == truth["published"]
    assert {b.page for b in article.blocks} == {1, 2}
    assert article.url is None  # a clean print does not show its URL


def test_clean_print_links_inline_on_their_words() -> None:
    article, truth = load("clean-nyt")
    placed = [(link.text, link.href) for link in article.links]
    assert placed == [(link["text"], link["href"]) for link in truth["links"]]  # type: ignore[index]
    for block in article.blocks:
        for link in block.links:
            assert link.start is not None and block.text[link.start:link.end] == link.text


def test_page_break_paragraph_rejoined_and_real_compounds_kept() -> None:
    article, _ = load("clean-nyt")
    text = article.text
    assert "A similarly fresh Reuters poll" in text  # the paragraph ran from page 1 onto page 2
    assert "re-elected" in text and "re-election" in text


def test_japanese_print_keeps_its_text_without_spaces() -> None:
    article, truth = load("clean-japanese")
    body = paragraphs(str(truth["body"]))
    joined = norm(article.text.replace("\n\n", " "))
    for paragraph in body:
        assert paragraph in joined
    assert article.title == truth["title"]


def test_full_page_print_frame_and_main_content() -> None:
    article, truth = load("fullpage-nbc")
    assert article.url == truth["url"]  # from the running footer
    assert article.published is None or article.published.date().isoformat() == truth["published"]
    text = article.text
    first = paragraphs(str(truth["body"]))[0]
    assert first in norm(text)
    assert truth["url"] not in text and "1/2" not in text.split()
    assert "PM" not in (article.blocks[0].text.split()[:3])


def line(text: str, baseline: float = 700.0) -> Line:
    return Line(text=text, page=1, x0=72.0, x1=500.0, baseline=baseline, size=12.0, bold=False,
                family="serif", first_word=30.0)


@pytest.mark.parametrize(("lines", "expected"), [
    (["the re-", "election campaign"], "the re-election campaign"),
    (["an elec-", "tion was held"], "an election was held"),  # "election" is used elsewhere
    (["anti-", "American views"], "anti-American views"),
    (["東京都", "の天気"], "東京都の天気"),
    (["서울의", "날씨"], "서울의 날씨"),  # both pieces are words elsewhere
    (["그 여주인", "공은 웃었다"], "그 여주인공은 웃었다"),  # 여주인공 is a word elsewhere
    (["드라마에", "서 본"], "드라마에서 본"),  # browsers break Korean between any syllables
])
def test_wrapped_lines_join(lines: list[str], expected: str) -> None:
    vocabulary = Vocabulary.of(["the election result", "a re-run", "서울의 날씨 서울의 날씨", "여주인공의"])
    assert join_lines([line(t, 700 - 14 * i) for i, t in enumerate(lines)], vocabulary).text == expected


def test_heading_blocks_from_font_size() -> None:
    article, _ = load("clean-japanese")
    headings = [b for b in article.blocks if b.kind is BlockKind.HEADING]
    assert any("KeePass" in b.text for b in headings)


@pytest.mark.parametrize(("text", "expected"), [
    ("November 19, 2019", "2019-11-19"),
    ("Updated Nov. 19, 2019", "2019-11-19"),
    ("Published 19 November 2019", "2019-11-19"),
    ("PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:43, Tue, Nov 19, 2019", "2019-11-19"),
    ("21/06/2014 Tony Carter", "2014-06-21"),
    ("Mon 18 Nov 2019 18.54 GMT", "2019-11-18"),
    ("By Matthew Digby, Minh Do on Monday, November 18th, 2019 at 11:08 a.m.", "2019-11-18"),
    ("05/06/2019", None),  # day-month or month-day: not guessed
    ("He said on November 19, 2019 that it would rain", None),  # a sentence, not a dateline
])
def test_datelines(text: str, expected: str | None) -> None:
    found = find_date(text)
    assert (found.date().isoformat() if found else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("By Jamelle Bouie", ["Jamelle Bouie"]),
    ("By BILL HOPPE | Special to the Pioneer Press", ["Bill Hoppe"]),
    ("By Kevin Johnson and Kevin McCoy", ["Kevin Johnson", "Kevin McCoy"]),
    ("By the time the polls closed, nobody knew", []),
    ("By Jill Disis, CNN Business", ["Jill Disis"]),
    ("Posted by Vortex", ["Vortex"]),
])
def test_bylines(text: str, expected: list[str]) -> None:
    assert [a.name for a in byline_authors(text)] == expected


def page(number: int, texts: list[str]) -> PageLines:
    lines = tuple(replace(line(text, 800 - 40 * i), page=number) for i, text in enumerate(texts))
    return PageLines(number=number, width=612, height=842, lines=lines)


def test_browser_print_frame_is_read_and_removed() -> None:
    body = {1: ["The house will become a police station.", "Officials said on Tuesday."],
            2: ["The decision ends years of debate.", "Neighbours welcomed it."]}
    pages = [page(n, ["11/22/26, 10:41 PM Hitler house to become police station - NBC News", *body[n],
                      f"https://www.example.com/news/hitler-house-police-station {n}/2"]) for n in (1, 2)]
    stripped = strip_running(pages)
    assert stripped.removed == 4
    assert all(len(p.lines) == 2 for p in stripped.pages)
    frame = stripped.frame
    assert frame.full_page and frame.url == "https://www.example.com/news/hitler-house-police-station"
    assert frame.printed is not None and frame.printed.date().isoformat() == "2026-11-22"  # not published
    assert frame.page_title == "Hitler house to become police station - NBC News"


def test_other_running_lines_removed_without_full_page_evidence() -> None:
    body = {1: ["It rained.", "Then it stopped."], 2: ["Step 2 of the plan.", "The end of it."],
            3: ["Step 3 of the plan.", "Nothing more."]}  # alike but not at the same place as on page 2
    pages = [page(n, ["The Daily Example — Weekend edition", *body[n], f"Page {n} of 3"]) for n in (1, 2, 3)]
    pages[2] = replace(pages[2], lines=(pages[2].lines[0], replace(pages[2].lines[1], baseline=700.0),
                                        *pages[2].lines[2:]))
    stripped = strip_running(pages)
    assert stripped.removed == 6 and not stripped.frame.full_page
    assert [ln.text for ln in stripped.pages[1].lines] == body[2]


def test_hanging_indent_keeps_a_numbered_item_whole_and_indent_starts_a_paragraph() -> None:
    def at(text: str, x0: float, baseline: float, x1: float = 540.0) -> Line:
        return replace(line(text, baseline), x0=x0, x1=x1)

    lines = [at("1. The attorney general is investigating the company amid", 52, 700),
             at("layoffs, the company confirmed on Monday.", 64, 686, 300),
             at("2. The chief executive is stepping down in May and will", 52, 672),
             at("hand over to the president.", 64, 658, 250)]
    assert [len(p.lines) for p in split_page(lines, {12: 14.0})] == [2, 2]
    prose = [at("The first paragraph runs over a full line of text and", 52, 700),
             at("on to a second full line that ends the paragraph here", 52, 686),
             at("The next one is indented by two em.", 76, 672, 300)]
    assert [len(p.lines) for p in split_page(prose, {12: 14.0})] == [2, 1]
