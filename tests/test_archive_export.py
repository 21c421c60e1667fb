"""Export formats parse back; store → get round-trips any article (Hypothesis)."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearsheet.archive import Archive
from tearsheet.errors import ArchiveError
from tearsheet.models import Article, Author, Block, BlockKind, CaptureKind, Image, Link
from tearsheet.schema import to_dict
from test_archive_support import grouping, make_article, result_for


@pytest.fixture
def archive() -> Archive:
    db = Archive(":memory:", grouping=grouping())
    for i in range(5):
        title = 'A "quoted" title: with colons' if i == 0 else None
        authors = ("Ann Writer", "Zoë O'Brien") if i == 1 else ("Ann Writer",)
        db.store(result_for(make_article(i, title=title, authors=authors), db._grouping))
    yield db
    db.close()


def test_jsonl_parses_back(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    assert archive.export("jsonl", out) == 5
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    for record in records:
        assert to_dict(archive.get(record["id"]))["text"] == record["text"]
        assert record["captures"] == 1


def test_csv_parses_back(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    archive.export("csv", out)
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5
    by_id = {row["id"]: row for row in rows}
    for row_id, row in by_id.items():
        article = archive.get(row_id)
        assert (row["title"], row["text"]) == (article.title, article.text)
    assert any(row["authors"] == "Ann Writer; Zoë O'Brien" for row in rows)


def test_parquet_parses_back(archive: Archive, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    archive.export("parquet", out)
    table = pq.read_table(out).to_pylist()
    assert len(table) == 5
    for row in table:
        assert json.loads(row["article"])["title"] == row["title"] == archive.get(row["id"]).title
        assert isinstance(row["authors"], list)


def test_markdown_files_have_front_matter(archive: Archive, tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    out = tmp_path / "notes"
    assert archive.export("markdown", out) == 5
    files = sorted(out.glob("*.md"))
    assert len(files) == 5
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        _, header, body = text.split("---\n", 2)
        meta = yaml.safe_load(header)
        article = archive.get(meta["id"])
        assert meta["title"] == article.title
        assert meta["authors"] == [a.name for a in article.authors]
        assert meta["url"] == article.url
        assert meta["date"] == article.published.isoformat()
        assert file.name.startswith(f"{article.published:%Y-%m-%d}-")
        assert article.blocks[0].text[:40] in body
        assert not body.lstrip().startswith("# ")  # the title lives in the front matter


def test_export_by_query_and_filter(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "q.jsonl"
    hits = archive.search("quoted").total
    assert archive.export("jsonl", out, query="quoted") == hits == 1
    assert archive.export("jsonl", out, since="2024-02", until="2024-03") == 2


def test_unknown_format(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="unknown export format"):
        archive.export("xml", tmp_path / "x")


# -- store → get round trip ---------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
names = st.text(st.characters(whitelist_categories=("L", "Zs")), min_size=1, max_size=20)
names = names.map(str.strip).filter(bool)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), None]))


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    body = draw(text)
    kind = draw(st.sampled_from([BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.QUOTE, BlockKind.LIST]))
    links = ()
    if draw(st.booleans()) and len(body) > 2:
        href = draw(st.one_of(st.none(), st.just("https://x.example/a")))
        links = (Link(text=body[:2], href=href, start=0),)
    return Block(kind=kind, text=body, links=links, level=2 if kind is BlockKind.HEADING else 0,
                 page=draw(st.one_of(st.none(), st.integers(1, 9))))


@st.composite
def articles(draw: st.DrawFn) -> Article:
    return Article(
        title=draw(st.one_of(st.none(), text)), subtitle=draw(st.one_of(st.none(), text)),
        authors=tuple(Author(name=n) for n in draw(st.lists(names, max_size=3))),
        published=draw(st.one_of(st.none(), moments)),
        site_name=draw(st.one_of(st.none(), names)),
        url=draw(st.one_of(st.none(), st.just("https://news.example.com/a/b?x=1"))),
        language=draw(st.sampled_from([None, "en", "de-AT"])),
        tags=tuple(draw(st.lists(names, max_size=3))),
        image=draw(st.one_of(st.none(), st.just(Image(src="https://x.example/i.jpg", caption="c")))),
        blocks=tuple(draw(st.lists(blocks(), min_size=1, max_size=5))),
        notes=tuple(draw(st.lists(text, max_size=2))), truncated=draw(st.booleans()),
        kind=CaptureKind.HTML)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles())
def test_store_then_get_round_trips(article: Article) -> None:
    with Archive(":memory:", grouping=grouping()) as archive:
        result = result_for(article, archive._grouping)
        archive.store(result)
        stored = dataclasses.replace(article, capture_id=result.capture.id)
        assert archive.capture_article(result.capture.id) == stored
        article_id = archive.resolve(result.capture.id)
        assert archive.get(article_id) == archive._grouping.reconcile([stored])
