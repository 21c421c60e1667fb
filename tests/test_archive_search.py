"""Search: FTS5 query syntax, filters, bm25 ranking, highlighted snippets, clear errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tearsheet.archive import Archive
from tearsheet.archive.query import to_fts
from tearsheet.errors import QuerySyntaxError
from test_archive_support import grouping, make_article, result_for

DOCS = {
    1: ("Harbour bridge reopens after storm", "The harbour bridge reopened on Monday after the winter storm "
        "damaged its cables. Engineers from the city council inspected the structure.", ("Ann Writer",),
        "news.example.com", datetime(2023, 2, 1, tzinfo=UTC), "en"),
    2: ("Council approves school budget", "The city council approved the school budget. Teachers said the "
        "budget for covid-19 recovery was too small.", ("Bob Reporter",),
        "daily.example.org", datetime(2024, 6, 15, tzinfo=UTC), "en"),
    3: ("Glacier museum opens", "A museum about the glacier opened in the valley. Visitors walked along "
        "the glacier trail with guides.", ("Ann Writer", "Carl Smith"),
        "daily.example.org", datetime(2024, 8, 3, tzinfo=UTC), "en-GB"),
    4: ("Brücke über den Fluss", "Die neue Brücke über den Fluss wurde eröffnet. Der Stadtrat feierte.",
        ("Dora Müller",), "zeitung.example.de", datetime(2024, 9, 9, tzinfo=UTC), "de"),
}


@pytest.fixture(scope="module")
def archive() -> Archive:
    db = Archive(":memory:", grouping=grouping())
    for i, (title, text, authors, site, published, lang) in DOCS.items():
        article = make_article(i, title=title, text=text, authors=authors, site=site,
                               published=published, language=lang)
        db.store(result_for(article, db._grouping))
    yield db
    db.close()


def titles(archive: Archive, query: str, **filters: object) -> list[str]:
    return [hit.title or "" for hit in archive.search(query, **filters).hits]  # type: ignore[arg-type]


def test_words_are_anded_and_ranked(archive: Archive) -> None:
    assert titles(archive, "council budget") == ["Council approves school budget"]
    assert set(titles(archive, "council")) == {"Council approves school budget",
                                               "Harbour bridge reopens after storm"}
    # a title match outranks a body match (bm25 weights title ×10)
    assert titles(archive, "council")[0] == "Council approves school budget"


def test_phrases_prefixes_and_booleans(archive: Archive) -> None:
    assert titles(archive, '"glacier trail"') == ["Glacier museum opens"]
    assert titles(archive, '"trail glacier"') == []
    assert titles(archive, "glac*") == ["Glacier museum opens"]
    assert len(titles(archive, "glacier OR harbour")) == 2
    assert titles(archive, "council NOT school") == ["Harbour bridge reopens after storm"]
    assert titles(archive, "council -school") == ["Harbour bridge reopens after storm"]
    assert titles(archive, "(glacier OR storm) AND museum") == ["Glacier museum opens"]


def test_columns_authors_and_diacritics(archive: Archive) -> None:
    assert titles(archive, "title:glacier") == ["Glacier museum opens"]
    assert set(titles(archive, "authors:writer")) == {"Harbour bridge reopens after storm",
                                                       "Glacier museum opens"}
    assert titles(archive, "brucke") == ["Brücke über den Fluss"]  # diacritics folded
    assert titles(archive, "MÜLLER") == ["Brücke über den Fluss"]


def test_punctuated_words_are_phrases_not_errors(archive: Archive) -> None:
    assert titles(archive, "covid-19") == ["Council approves school budget"]
    assert to_fts("U.S. covid-19* o'brien") == '"U.S." "covid-19"* "o\'brien"'


def test_filters(archive: Archive) -> None:
    everything = "the OR die"
    assert len(titles(archive, everything)) == 4
    assert len(titles(archive, everything, site="daily.example.org")) == 2
    assert len(titles(archive, everything, site="example.org")) == 2
    assert titles(archive, everything, author="smith") == ["Glacier museum opens"]
    assert len(titles(archive, everything, since="2024")) == 3
    assert titles(archive, everything, until="2023-12-31") == ["Harbour bridge reopens after storm"]
    assert titles(archive, everything, since="2024-08", until="2024-08") == ["Glacier museum opens"]
    assert len(titles(archive, everything, lang="en")) == 3  # en-GB included
    assert titles(archive, everything, lang="de") == ["Brücke über den Fluss"]


def test_snippets_highlight_the_matches(archive: Archive) -> None:
    [hit] = archive.search("cables").hits
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["cables"]
    assert "[cables]" in hit.marked()
    assert hit.published == datetime(2023, 2, 1, tzinfo=UTC)
    assert hit.authors == ("Ann Writer",)
    assert hit.rank < 0


def test_total_and_paging(archive: Archive) -> None:
    page = archive.search("the OR die", limit=2, offset=0)
    rest = archive.search("the OR die", limit=2, offset=2)
    assert (page.total, len(page.hits), len(rest.hits)) == (4, 2, 2)
    assert {h.id for h in page.hits}.isdisjoint(h.id for h in rest.hits)


@pytest.mark.parametrize("query", ["council AND", '"unclosed phrase', "(council", "AND", "   ", "NOT"])
def test_malformed_queries_are_typed_errors(archive: Archive, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        archive.search(query)
    assert "sqlite" not in str(info.value).lower()


def test_bad_dates_are_typed_errors(archive: Archive) -> None:
    with pytest.raises(QuerySyntaxError, match="bad date"):
        archive.search("council", since="last tuesday")
    with pytest.raises(QuerySyntaxError, match="bad date"):
        archive.search("council", until="2024-13")


def test_broad_queries_rank_the_newest_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from tearsheet.archive import search as search_module

    monkeypatch.setattr(search_module, "RANK_WINDOW", 3)
    with Archive(":memory:", grouping=grouping()) as db:
        for i in range(8):
            title = "Zebra zebra zebra" if i == 0 else f"Zebra item {i}"
            article = make_article(i, title=title, text=f"Zebra number {i} crossed.")
            db.store(result_for(article, db._grouping))
        page = db.search("zebra", limit=2)
        assert (page.total, page.total_exact) == (3, False)  # "3+"
        # ranked among the 3 newest matches only: the oldest (best) match is outside the window
        assert {h.title for h in page.hits} <= {"Zebra item 5", "Zebra item 6", "Zebra item 7"}
        deeper = db.search("zebra", limit=2, offset=6)  # later pages widen the window
        assert (len(deeper.hits), deeper.total, deeper.total_exact) == (2, 8, True)
        narrow = db.search("crossed AND number AND 3")
        assert (narrow.total, narrow.total_exact) == (1, True)


def test_date_ranges_become_index_terms() -> None:
    from datetime import date

    from tearsheet.archive.facets import date_range_terms

    assert date_range_terms(date(2023, 12, 30), date(2025, 3, 2)) == [
        "d20231230", "d20231231", "y2024", "m202501", "m202502", "d20250301"]
    assert date_range_terms(date(2024, 1, 1), date(2024, 1, 1)) == []


def test_optimize_keeps_the_results(archive: Archive) -> None:
    before = archive.search("council OR glacier")
    archive.optimize()
    assert archive.search("council OR glacier") == before
