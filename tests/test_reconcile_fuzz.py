"""Fuzzing grouping and reconciliation with real captures (issue 13, point 3).

Real capture sets are cut, dropped, repeated and reordered, and their blocks mutated
(dropped, repeated, swapped, emptied, cut short, links removed or repeated): ``group``
and ``reconcile`` either return or raise a ``TearsheetError`` — never anything else —
and reconciling the same captures gives the same article whatever their order.

The fuzzing calls the functions under the API's safety net (``__wrapped__``, see
``tearsheet.reconcile.boundary``), so a bug shows as its own exception, not as the
``ReconcileError`` the net would make of it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearsheet import Article, Block, BlockKind, TearsheetError, extract, group, reconcile

unguarded_group = group.__wrapped__  # type: ignore[attr-defined]
unguarded_reconcile = reconcile.__wrapped__  # type: ignore[attr-defined]

FIXTURES = Path(__file__).parent / "fixtures"
# One article's captures per set (see fixtures/capture_set/README.md).
SETS = {
    "detroitnews": ["html/detroitnews.html", "capture_set/print.pdf", "capture_set/print-raw.pdf",
                    "capture_set/print.txt", "capture_set/clip.md"],
    "nyt": ["pdf/clean-nyt.pdf", "reconcile/print.txt", "reconcile/clip.md"],  # a cut-off dump
    "korean": ["html/entermedia-ko.html", "text/9da36a/print.txt", "text/9da36a/clip.md"],
}
# Reconciling a handful of real captures takes milliseconds: 150 examples a test take a few
# seconds. TEARSHEET_FUZZ_EXAMPLES=5000 fuzzes longer by hand.
EXAMPLES = int(os.environ.get("TEARSHEET_FUZZ_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
T = TypeVar("T")


@pytest.fixture(scope="module")
def capture_sets() -> dict[str, list[Article]]:
    return {name: [extract(FIXTURES / path) for path in paths] for name, paths in SETS.items()}


def outcome(call: Callable[[list[Article]], T], items: list[Article]) -> T | TearsheetError:
    """What ``call`` returns, or the TearsheetError it raises; any other exception fails the test."""
    try:
        return call(items)
    except TearsheetError as exc:
        return exc


def cut(article: Article, blocks: int, chars: int, marked: bool) -> Article:
    """The capture cut off ``chars`` characters into its block number ``blocks`` (a length limit)."""
    kept = list(article.blocks[:blocks + 1])
    if kept:
        last = kept[-1]
        text = last.text[:chars]
        links = tuple(ln for ln in last.links if ln.end is None or ln.end <= len(text))
        kept[-1] = dataclasses.replace(last, text=text, links=links, truncated=marked or last.truncated)
    return dataclasses.replace(article, blocks=tuple(kept), truncated=marked)


def mutate(blocks: tuple[Block, ...], op: str, i: int, j: int, n: int) -> tuple[Block, ...]:
    """One edit of a capture's blocks; ``i``, ``j`` are taken modulo the block count."""
    if not blocks:
        return blocks
    out = list(blocks)
    i, j = i % len(out), j % len(out)
    block = out[i]
    if op == "drop":
        del out[i]
    elif op == "duplicate":
        out.insert(j, block)
    elif op == "swap":
        out[i], out[j] = out[j], out[i]
    elif op == "empty":
        out[i] = dataclasses.replace(block, text="", links=())
    elif op == "cut":
        text = block.text[:n]
        out[i] = dataclasses.replace(block, text=text,
                                     links=tuple(ln for ln in block.links if ln.end is None or ln.end <= n))
    elif op == "split":  # a page break inside the paragraph
        head = tuple(ln for ln in block.links if ln.end is not None and ln.end <= n)
        tail = tuple(dataclasses.replace(ln, start=ln.start - n) for ln in block.links
                     if ln.start is not None and ln.start >= n)
        out[i:i + 1] = [dataclasses.replace(block, text=block.text[:n], links=head),
                        dataclasses.replace(block, text=block.text[n:], links=tail)]
    elif op == "repage":  # another print page, or none
        out[i] = dataclasses.replace(block, page=n % 4 or None)
    elif op == "picture":
        out[i] = dataclasses.replace(block, kind=BlockKind.IMAGE, src=f"https://img.example/{n}.jpg")
    elif op == "unlink":
        out[i] = dataclasses.replace(block, links=())
    elif op == "relink":
        out[i] = dataclasses.replace(block, links=block.links + block.links)
    elif op == "join":
        other = out[j]
        if i != j:
            shift = len(block.text) + 1
            moved = tuple(dataclasses.replace(ln, start=None if ln.start is None else ln.start + shift)
                          for ln in other.links)
            out[i] = dataclasses.replace(block, text=f"{block.text} {other.text}", links=block.links + moved)
            del out[j]
    return tuple(out)


OPS = ["drop", "duplicate", "swap", "empty", "cut", "split", "repage", "picture", "unlink", "relink", "join"]
edits = st.tuples(st.sampled_from(OPS), st.integers(0, 200), st.integers(0, 200), st.integers(0, 400))


Edit = tuple[str, int, int, int]


@dataclass(frozen=True)
class Step:
    """What happens to one capture of a set (plain data, so Hypothesis shrinks and prints it)."""

    capture: int  # index in the set
    cut: tuple[int, int, bool] | None  # ``cut``'s arguments, or None for the whole capture
    repeat: int  # 0: once; 1: the same file twice; 2: plus an identical copy saved apart
    edits: tuple[Edit, ...]
    unplaced: int = 0  # a dump's page URLs: 0 kept, 1 dropped, 2 listed twice, 3 reversed


@dataclass(frozen=True)
class Plan:
    name: str  # of the set
    steps: tuple[Step, ...]
    order: tuple[int, ...]  # another order of the resulting captures


cuts = st.none() | st.tuples(st.integers(0, 60), st.integers(0, 600), st.booleans())
repeats = st.sampled_from([0, 0, 0, 1, 2])


@st.composite
def plans(draw: st.DrawFn, edit: bool) -> Plan:
    name = draw(st.sampled_from(sorted(SETS)))
    chosen = draw(st.lists(st.integers(0, len(SETS[name]) - 1), min_size=1, unique=True))
    steps = tuple(Step(capture=i, cut=draw(cuts), repeat=draw(repeats),
                       edits=tuple(draw(st.lists(edits, max_size=6))) if edit else (),
                       unplaced=draw(st.integers(0, 3)) if edit else 0) for i in chosen)
    count = len(steps) + sum(1 for step in steps if step.repeat)
    return Plan(name=name, steps=steps, order=tuple(draw(st.permutations(range(count)))))


def damaged(sets: dict[str, list[Article]], plan: Plan) -> list[Article]:
    """The captures of the plan's set, cut, edited (then under a new id) and repeated."""
    result = []
    for n, step in enumerate(plan.steps):
        article = sets[plan.name][step.capture]
        if step.cut is not None:
            article = cut(article, *step.cut)
        if step.edits or step.unplaced:
            blocks = article.blocks
            for change in step.edits:
                blocks = mutate(blocks, *change)
            urls = article.unplaced_links
            article = dataclasses.replace(article, blocks=blocks, capture_id=f"edited-{n}",
                                          unplaced_links=[urls, (), urls + urls, urls[::-1]][step.unplaced])
        result.append(article)
        if step.repeat:
            copy = dataclasses.replace(article, capture_id=f"copy-{n}")
            result.append(article if step.repeat == 1 else copy)
    return result


def check(articles: list[Article], shuffled: list[Article]) -> None:
    """Grouping and reconciling return or raise a TearsheetError; reconciling is deterministic."""
    groups = outcome(unguarded_group, articles)
    if not isinstance(groups, TearsheetError):
        for one in groups:
            outcome(unguarded_reconcile, list(one.articles))
    first = outcome(unguarded_reconcile, articles)
    again = outcome(unguarded_reconcile, shuffled)
    if isinstance(first, TearsheetError):
        assert type(again) is type(first) and str(again) == str(first)
    else:
        assert not isinstance(again, TearsheetError)
        assert again.to_dict() == first.to_dict()


def test_every_subset_of_a_real_set_reconciles(capture_sets: dict[str, list[Article]]) -> None:
    for captures in capture_sets.values():
        for mask in range(1, 2 ** len(captures)):
            subset = [a for bit, a in enumerate(captures) if mask >> bit & 1]
            assert unguarded_reconcile(subset).blocks
            assert len(unguarded_group(subset)) >= 1


@SETTINGS
@given(plans(edit=False))
def test_damaged_real_sets_never_crash(capture_sets: dict[str, list[Article]], plan: Plan) -> None:
    articles = damaged(capture_sets, plan)
    check(articles, [articles[i] for i in plan.order])


@SETTINGS
@given(plans(edit=True))
def test_mutated_blocks_never_crash(capture_sets: dict[str, list[Article]], plan: Plan) -> None:
    articles = damaged(capture_sets, plan)
    check(articles, [articles[i] for i in plan.order])
