"""The web-page reader never crashes: bad bytes and mangled markup give an Article or a
typed TearsheetError. And it decodes what pages declare (or don't)."""

from __future__ import annotations

import codecs
import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tearsheet
from tearsheet.errors import TearsheetError
from tearsheet.models import Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.html import reader as html

HTML = Path(__file__).parent / "fixtures" / "html"
REAL_PAGE = (HTML / "detroitnews.html").read_bytes()

ENGLISH = ("Café owners in the old town said the new rules — announced on Monday — would cost them "
           "“thousands” of euros each season, and asked the council to think again.")
JAPANESE = ("東京都は月曜日、新しい防災計画を発表した。計画では、地震や台風に備えて避難所を増やし、"
            "高齢者の避難を手伝う人を各地区に置く。都の担当者は「住民の声を聞いて作った」と話した。")
KOREAN = ("서울시는 월요일 새로운 교통 계획을 발표했다. 계획에 따르면 버스 노선을 늘리고 지하철 배차 "
          "간격을 줄인다. 시 관계자는 시민들의 의견을 반영했다고 말했다.")


def _page(text: str, head: str = "") -> str:
    return (f"<html><head>{head}<title>Story</title></head><body><article>"
            f"<p>{text}</p><p>{text}</p></article></body></html>")


def _read(data: bytes, content_type: str | None = None) -> tearsheet.Article:
    capture = Capture(id="test", kind=CaptureKind.HTML, data=data, content_type=content_type)
    return html.read(capture, DEFAULT_OPTIONS)


def test_utf8_bom() -> None:
    assert ENGLISH in _read(codecs.BOM_UTF8 + _page(ENGLISH).encode("utf-8")).text


def test_utf16_bom() -> None:
    assert ENGLISH in _read(_page(ENGLISH).encode("utf-16")).text


def test_cp1252_declared_in_meta() -> None:
    data = _page(ENGLISH, '<meta charset="windows-1252">').encode("cp1252")
    assert ENGLISH in _read(data).text


def test_latin1_label_means_cp1252() -> None:
    data = _page(ENGLISH, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    assert ENGLISH in _read(data.encode("cp1252")).text


def test_cp1252_undeclared_is_detected() -> None:
    assert "Café owners" in _read(_page(ENGLISH).encode("cp1252")).text


def test_charset_from_the_http_header_wins() -> None:
    data = _page(JAPANESE).encode("shift_jis")
    assert JAPANESE in _read(data, "text/html; charset=Shift_JIS").text


def test_shift_jis_declared_in_meta() -> None:
    data = _page(JAPANESE, '<meta charset="Shift_JIS">').encode("shift_jis")
    assert JAPANESE in _read(data).text


def test_euc_kr_declared_in_meta() -> None:
    data = _page(KOREAN, '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">')
    assert KOREAN in _read(data.encode("euc-kr")).text


def test_undecodable_bytes_do_not_crash() -> None:
    data = _page(ENGLISH, '<meta charset="utf-8">').encode("utf-8").replace(b"Caf\xc3\xa9", b"Caf\xff")
    assert "owners in the old town" in _read(data).text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(TearsheetError):
        tearsheet.extract(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_straight_into_the_html_reader_never_crash(data: bytes) -> None:
    with contextlib.suppress(TearsheetError):
        _read(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_page_never_crashes(data: st.DataObject) -> None:
    page = bytearray(REAL_PAGE)
    for _ in range(data.draw(st.integers(1, 12))):
        kind = data.draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        at = data.draw(st.integers(0, len(page)))
        if kind == "cut":
            del page[at:]
        elif kind == "flip" and at < len(page):
            page[at] = data.draw(st.integers(0, 255))
        elif kind == "insert":
            page[at:at] = data.draw(st.sampled_from(
                [b"<div>", b"</div>", b"<p>", b"<a href='#'>", b"</a>", b"<table><tr><td>", b"<br>",
                 b"<!--", b"<script>", b"\x00", b"<ul><li>", b"<figure><img src=x>", b"&#xD800;"]))
        else:
            del page[at:at + data.draw(st.integers(0, 2000))]
    try:
        article = tearsheet.extract(bytes(page), url="https://www.example.com/a/b")
    except TearsheetError:
        return
    for block in article.blocks:
        for link in block.links:
            assert link.start is not None and block.text[link.start:link.end] == link.text


@pytest.mark.parametrize("markup", [
    "<div>" * 5000 + "<p>" + ENGLISH + "</p>" + "</div>" * 5000,
    "<p>" + "<b>" * 3000 + ENGLISH + "</b>" * 3000 + "</p>",
    "<table>" * 300 + "<tr><td>" + ENGLISH,
    "<ul>" + "<li><ul>" * 3000 + ENGLISH,
    "<blockquote>" * 3000 + ENGLISH,
    "<ol><li><p><a href=z>" * 2000 + ENGLISH,
    "<figure>" * 3000 + ENGLISH,
    "<a href='http://[::1'>" + ENGLISH + "</a>" + "<p>" + ENGLISH + "</p>",
    "<script type='application/ld+json'>" + "[" * 50000 + "]" * 50000 + "</script><p>" + ENGLISH,
    "<script type='application/ld+json'>{\"articleBody\": 5}</script><p>" + ENGLISH,
])
def test_pathological_markup_is_read_or_rejected(markup: str) -> None:
    try:
        article = _read(("<html><body>" + markup).encode("utf-8"))
    except TearsheetError:
        return
    assert article.text.count("Café owners") in (1, 2)


def test_paragraphs_of_only_zero_width_characters_are_dropped() -> None:
    import tearsheet

    spacer = "\u200b\u200c\u200d\ufeff \u2060"
    story = " ".join(["The harbour bridge reopened on Monday after a storm closed it for a week."] * 3)
    page = (f"<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
            f"<p>{story}</p><p>{spacer}</p><p>{story} Traffic is back.</p><p>&#8203;</p></article>"
            f"</body></html>").encode()
    article = tearsheet.extract(page)
    assert len(article.blocks) == 2 and all(b.text.strip("\u200b\ufeff ") for b in article.blocks)


def test_a_description_that_is_the_whole_story_flattened_is_no_subtitle() -> None:
    import tearsheet

    paragraphs = [f"Paragraph {i}: the council met again and argued about the harbour budget for hours."
                  for i in range(6)]
    flattened = " ".join(paragraphs)
    page = (f'<html><head><title>Budget</title><meta name="description" content="{flattened}"></head>'
            f"<body><article><h1>Budget</h1>{''.join(f'<p>{p}</p>' for p in paragraphs)}</article>"
            f"</body></html>").encode()
    assert tearsheet.extract(page).subtitle is None
    real_dek = page.replace(flattened.encode(), b"A long night at the town hall ends without a deal.")
    assert tearsheet.extract(real_dek).subtitle == "A long night at the town hall ends without a deal."
