"""Hypothesis invariants of grouping and reconciliation (issue 4, section 4)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearsheet import Article, Author, Block, BlockKind, CaptureKind, Link, group, reconcile

WORDS = [
    "council", "transport", "night", "buses", "district", "workers", "route", "morning",
    "statement", "budget", "vote", "debate", "repair", "road", "summer", "march", "orchid",
    "herbarium", "plant", "seed", "nursery", "spring", "teacher", "dog", "photo", "society",
    "capital", "expert", "site", "fence", "wild", "rare", "century", "verge", "north", "botanist",
]
KINDS = [CaptureKind.HTML, CaptureKind.PDF, CaptureKind.TEXT, CaptureKind.MARKDOWN, None]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

sentences = st.lists(st.sampled_from(WORDS), min_size=12, max_size=30).map(lambda ws: " ".join(ws) + ".")
paragraph_lists = st.lists(sentences, min_size=2, max_size=5)


@st.composite
def captures(draw: st.DrawFn, paragraphs: list[str] | None = None, tag: str = "a") -> Article:
    """One capture of an article: maybe truncated, maybe with links and metadata."""
    paras = paragraphs if paragraphs is not None else draw(paragraph_lists)
    keep = draw(st.integers(min_value=1, max_value=len(paras)))
    blocks = []
    for n, text in enumerate(paras[:keep]):
        links: tuple[Link, ...] = ()
        if draw(st.booleans()):
            word = text.split()[0]
            href = draw(st.sampled_from([None, f"https://ex.org/{tag}/{n}"]))
            links = (Link(text=word, href=href, start=0),)
        blocks.append(Block(kind=BlockKind.PARAGRAPH, text=text, links=links))
    return Article(
        title=draw(st.sampled_from([None, f"Title {tag}", f"Other title {tag}"])),
        authors=tuple(Author(name=n) for n in draw(st.lists(st.sampled_from(["Ann", "Bo"]), max_size=2))),
        published=draw(st.sampled_from([None, datetime(2024, 5, 14), datetime(2024, 5, 15, 9, 30)])),
        url=draw(st.sampled_from([None, f"https://news.example/{tag}"])),
        blocks=tuple(blocks), kind=draw(st.sampled_from(KINDS)),
        capture_id=f"{tag}-{draw(st.integers(0, 10**9))}",
    )


@st.composite
def capture_sets(draw: st.DrawFn) -> list[Article]:
    paras = draw(paragraph_lists)
    return draw(st.lists(captures(paras), min_size=1, max_size=4, unique_by=lambda a: a.capture_id))


@SETTINGS
@given(captures())
def test_reconciling_one_capture_gives_that_capture(article: Article) -> None:
    result = reconcile([article])
    assert dataclasses.replace(result, provenance=None) == article
    assert result.provenance is not None and result.provenance.captures == (article.capture_id,)


@SETTINGS
@given(capture_sets(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_capture_order(articles: list[Article], rng) -> None:
    shuffled = list(articles)
    rng.shuffle(shuffled)
    assert reconcile(articles).to_dict() == reconcile(shuffled).to_dict()


@SETTINGS
@given(capture_sets())
def test_reconciling_never_invents_a_link_date_or_author(articles: list[Article]) -> None:
    result = reconcile(articles)
    hrefs = {ln.href for a in articles for ln in (*a.links, *a.unplaced_links)}
    assert {ln.href for ln in result.links} <= hrefs | {None}
    assert result.published in {a.published for a in articles}
    assert {a.name for a in result.authors} <= {a.name for art in articles for a in art.authors}


@SETTINGS
@given(capture_sets(), paragraph_lists)
def test_adding_a_capture_of_another_article_never_changes_a_group(articles: list[Article],
                                                                    other: list[str]) -> None:
    # Another article: its own words (each reversed), whatever the draw.
    texts = [" ".join(w[::-1] + "q" for w in p.split()) for p in other]
    stranger = Article(blocks=tuple(Block(kind=BlockKind.PARAGRAPH, text=t) for t in texts),
                       url="https://elsewhere.example/other", capture_id="stranger")
    before = {frozenset(g.captures) for g in group(articles)}
    after = {frozenset(g.captures) for g in group([*articles, stranger])}
    assert before <= after


@SETTINGS
@given(capture_sets(), capture_sets(), st.randoms(use_true_random=False))
def test_grouping_does_not_depend_on_input_order(first: list[Article], second: list[Article], rng) -> None:
    items = [*first, *second]
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert {frozenset(g.captures) for g in group(items)} == {frozenset(g.captures) for g in group(shuffled)}
