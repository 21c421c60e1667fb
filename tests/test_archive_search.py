"""Search: FTS5 query syntax, filters, bm25 ranking, highlighted snippets, clear errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_control_characters_are_spaces(archive: Archive) -> None:
    assert titles(archive, "council\x00budget") == ["Council approves school budget"]
    assert titles(archive, '"glacier\x00trail"') == ["Glacier museum opens"]
    assert to_fts("a\x01b\x7f\udcff") == "a b"
    with pytest.raises(QuerySyntaxError, match="empty"):
        archive.search("\x00\x1f")


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


def test_words_are_stemmed_and_diacritics_folded() -> None:
    with Archive(":memory:", grouping=grouping()) as db:
        texts = {1: ("Following the river", "Readers kept following the café owners through the elections."),
                 2: ("A quiet day", "Nothing happened at the harbour.")}
        for i, (title, text) in texts.items():
            db.store(result_for(make_article(i, title=title, text=text), db._grouping))
        assert titles(db, "follow") == ["Following the river"]
        assert titles(db, "follows") == ["Following the river"]
        assert titles(db, "cafe") == ["Following the river"]
        assert titles(db, "CAFÉS") == ["Following the river"]
        assert titles(db, "elected") == ["Following the river"]  # elections and elected share a stem
        assert titles(db, "elect*") == ["Following the river"]
        assert titles(db, '"follow the cafe"') == ["Following the river"]
        assert titles(db, "title:follow") == ["Following the river"]
        assert titles(db, "text:follow -harbour") == ["Following the river"]
        assert titles(db, "happen") == ["A quiet day"]
        [hit] = db.search("follow").hits
        assert [hit.snippet[a:b] for a, b in hit.highlights] == ["following"]


@given(st.lists(st.from_regex(r"[a-z0-9]{1,12}(\.[a-z]{2,6}){1,2}", fullmatch=True), min_size=1, max_size=5),
       st.sampled_from(["en", "en-US", "es", "is", "as", "de-CH", "pt-BR", "zh-Hans", "es-419"]))
@settings(max_examples=60, deadline=None)
def test_facet_tokens_survive_the_stemmer(hosts: list[str], language: str) -> None:
    import sqlite3

    from tearsheet.archive.facets import facets

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(facets, tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    tokens: set[str] = set()
    for host in hosts:
        row = facets(host, host, language, "2024-03-09")
        conn.execute("INSERT INTO t VALUES (?)", (row,))
        tokens |= set(row.split())
    assert {term for (term,) in conn.execute("SELECT term FROM v")} == tokens  # none stemmed, none merged


def test_site_and_language_filters_are_exact_under_stemming() -> None:
    # site3's hashed token, without its final digit, ends in "e", which the stemmer drops;
    # "es" (as "les") and "en-US" ("lenus") would lose their "s": the final digit keeps each whole.
    import sqlite3

    from tearsheet.archive.facets import STEM_GUARD, language_token, site_token

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    unguarded = [token.removesuffix(STEM_GUARD) for token in
                 (site_token("site3.example.com"), language_token("es"), language_token("en-US"))]
    conn.execute("INSERT INTO t VALUES (?)", (" ".join(unguarded),))
    assert {term for (term,) in conn.execute("SELECT term FROM v")}.isdisjoint(unguarded)  # all stemmed
    with Archive(":memory:", grouping=grouping()) as db:
        sites = ["site3.example.com", "two.example.com", "three.example.net"]
        for i, site in enumerate(sites):
            db.store(result_for(make_article(i, site=site, language=["es", "en", "en-US"][i]), db._grouping))
        assert len(titles(db, "story", site="site3.example.com")) == 1
        assert len(titles(db, "story", site="example.com")) == 2
        assert len(titles(db, "story", lang="es")) == 1
        assert len(titles(db, "story", lang="en")) == 2
        assert len(titles(db, "story", lang="en-US")) == 1
        assert db.list(lang="es").total == 1
        assert db.list(site="site3.example.com").total == 1


def test_an_archive_from_before_stemming_is_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive at 0007 (old tokenizer, old facet tokens) comes out of 0008 with every
    row, stemmed search, and working filters."""
    import sqlite3

    from tearsheet.archive import migrations, rows
    from tearsheet.archive.facets import STEM_GUARD, facets

    def old_facets(*args: str | None) -> str:  # the tokens before 0008: no final digit on s… and l…
        return " ".join(t.removesuffix(STEM_GUARD) if t[0] in "sl" else t for t in facets(*args).split())

    path = tmp_path / "old.db"
    full = migrations.MIGRATIONS
    # every migration but 0008: the tables today's writer needs (failures, 0009) are there
    before = tuple((name, sql) for name, sql in full if name != "0008_search_stemming")
    monkeypatch.setattr(migrations, "MIGRATIONS", before)
    monkeypatch.setattr(migrations, "NAMES", tuple(name for name, _ in before))
    monkeypatch.setattr(migrations, "facets", old_facets)
    monkeypatch.setattr(rows, "facets", old_facets)
    with Archive(path, grouping=grouping()) as db:
        for i, (title, text, authors, site, published, lang) in DOCS.items():
            db.store(result_for(make_article(i, title=title, text=text, authors=authors, site=site,
                                             published=published, language=lang), db._grouping))
        db.store(result_for(make_article(9, title="Following the glaciers", site="news.example.com"),
                            db._grouping))
        assert titles(db, "follow") == []  # the old tokenizer: no stems
    counts = _counts(path)

    monkeypatch.setattr(migrations, "MIGRATIONS", full)
    monkeypatch.setattr(migrations, "NAMES", tuple(name for name, _ in full))
    monkeypatch.setattr(migrations, "facets", facets)
    monkeypatch.setattr(rows, "facets", facets)
    with Archive(path) as db:
        assert titles(db, "follow") == ["Following the glaciers"]
        assert titles(db, "glacier", site="news.example.com") == ["Following the glaciers"]
        assert titles(db, "reopened") == ["Harbour bridge reopens after storm"]
        assert len(titles(db, "the OR die", site="daily.example.org")) == 2
        assert len(titles(db, "the OR die", lang="en")) == 4
        assert titles(db, "the OR die", lang="de", since="2024-09") == ["Brücke über den Fluss"]
        assert db.list(site="example.org").total == 2
    assert _counts(path) == counts
    conn = sqlite3.connect(path)
    applied = [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert applied == list(migrations.NAMES)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    assert "porter" in sql and "content=[articles]" in sql
    triggers = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert triggers == {"articles_ai", "articles_ad", "articles_au"}
    conn.close()


def _counts(path: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(path)
    tables = ("articles", "captures", "capture_blobs", "url_keys", "lsh_bands", "articles_fts")
    counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
    conn.close()
    return counts
