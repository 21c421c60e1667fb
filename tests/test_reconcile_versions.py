"""Versions (issue 16): captures of an edited article are never mixed; damage is not an edit."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tearsheet import Article, Block, BlockKind, CaptureKind, group, reconcile
from tearsheet.errors import InputError
from tearsheet.models import EditAction, NoteKind
from tearsheet.reconcile.edits import diff, note_kind, sentences
from tearsheet.schema import from_dict, to_dict

P = BlockKind.PARAGRAPH
URL = "https://www.example-news.com/2024/05/city/night-buses-expand"
BODY = [
    "The city council voted on Tuesday to expand the night bus network to four new districts. "
    "Shift workers had complained for a year that they had no way home after midnight.",
    "The plan costs about twelve million a year and adds six routes. Buses will run every twenty "
    "minutes between one and five in the morning, the transport office said in a statement.",
    "Opponents argued that the money would be better spent on road repairs. The measure passed by "
    "nine votes to four after a debate that lasted most of the afternoon session.",
    "The first routes are expected to open in March, with the rest following before the summer. "
    "Tickets will cost the same as on day buses, the council said.",
]
CORRECTION = ("Correction: An earlier version of this article misstated the cost of the plan. "
              "It is about fifteen million a year.")
FETCHED = datetime(2024, 5, 14, 9, 0)


def page(paragraphs: list[str], *, cid: str, title: str, fetched: datetime | None = FETCHED,
         kind: CaptureKind = CaptureKind.HTML, truncated: bool = False) -> Article:
    return Article(title=title, url=URL, blocks=tuple(Block(kind=P, text=t) for t in paragraphs),
                   kind=kind, capture_id=cid, fetched=fetched, truncated=truncated)


def updated() -> list[str]:
    edited = list(BODY)
    edited[1] = edited[1].replace("twelve million", "fifteen million")
    del edited[2]
    return [*edited, CORRECTION]


def issue_pair() -> tuple[Article, Article]:
    first = page(BODY, cid="first", title="Night buses to run in four more districts")
    second = page(updated(), cid="second", title="Night buses to run in four more districts from March",
                  fetched=FETCHED + timedelta(days=1))
    return first, second


def test_the_issue_scenario_keeps_both_versions_whole():
    first, second = issue_pair()
    groups = group([second, first])
    assert len(groups) == 1
    result = reconcile(groups[0])
    assert len(result.versions) == 2
    old, new = result.versions
    assert (old.number, new.number) == (1, 2) and old.captures == ("first",) and new.captures == ("second",)
    assert [b.text for b in old.blocks] == BODY and old.title == first.title
    assert [b.text for b in new.blocks] == updated() and new.title == second.title
    assert old.time == FETCHED and old.time_source == "first-seen"
    # The record is the latest version, with its own provenance only.
    assert [b.text for b in result.blocks] == updated() and result.title == second.title
    assert result.provenance is not None and result.provenance.captures == ("second",)
    assert not any(c.field.startswith("block") for c in result.conflicts)
    assert [(n.kind, n.text) for n in new.notes] == [(NoteKind.CORRECTION, CORRECTION)]
    actions = {(e.action, e.old, e.new) for e in new.edits}
    changed = BODY[1].split(". ")[0] + "."
    assert (EditAction.CHANGED, changed, changed.replace("twelve", "fifteen")) in actions
    removed = {e.old for e in new.edits if e.action is EditAction.REMOVED}
    assert removed == {s.text for s in sentences([Block(kind=P, text=BODY[2])])}
    assert not any(e.new and "Correction" in e.new for e in new.edits)


def test_another_version_can_be_picked_and_round_trips_through_json():
    first, second = issue_pair()
    older = reconcile([first, second], version=1)
    assert [b.text for b in older.blocks] == BODY and len(older.versions) == 2
    assert reconcile([first, second], version=-1).to_dict() == reconcile([first, second]).to_dict()
    with pytest.raises(InputError):
        reconcile([first, second], version=3)
    data = to_dict(reconcile([first, second]))
    assert data["versions"][1]["notes"] == [{"kind": "correction", "text": CORRECTION}]
    assert to_dict(from_dict(data)) == data
    schema = json.loads((Path(__file__).parents[1] / "docs" / "article.schema.json").read_text())
    jsonschema.validate(data, schema)
    jsonschema.validate(data["versions"][0]["article"] | {"schema_version": data["schema_version"]}, schema)


def test_a_stated_modification_time_orders_versions_when_given_in_any_order():
    first, second = issue_pair()
    first = replace(first, fetched=None, modified=datetime(2024, 5, 14, 8))
    second = replace(second, fetched=None, modified=datetime(2024, 5, 15, 8))
    for items in ([first, second], [second, first]):
        result = reconcile(items)
        assert [v.captures for v in result.versions] == [("first",), ("second",)]
        assert result.versions[1].time_source == "stated"


def test_a_cut_dump_and_a_full_page_are_one_version():
    full = page(BODY, cid="page", title="Night buses")
    dump = Article(blocks=(Block(kind=P, text=BODY[0]), Block(kind=P, text=BODY[1][:120], truncated=True)),
                   truncated=True, kind=CaptureKind.TEXT, capture_id="dump")
    result = reconcile([full, dump])
    assert result.versions == ()
    assert set(result.provenance.captures) == {"page", "dump"}


def test_damage_of_every_kind_is_one_version():
    full = page(BODY, cid="page", title="Night buses")
    clip = page(["Buses at the depot. Photo: A. Person", *BODY], cid="clip", title="Night buses",
                kind=CaptureKind.MARKDOWN)
    wrapped = Article(blocks=tuple(Block(kind=P, text=t, page=1) for t in
                                   [BODY[0], BODY[1][:70], BODY[1][70:], *BODY[2:]]),
                      kind=CaptureKind.TEXT, capture_id="dump")
    raw_print = page(["Home News Sport Business Culture", *BODY, "Follow us on social media today."],
                     cid="raw", title="Night buses | Example News", kind=CaptureKind.PDF)
    result = reconcile([full, clip, wrapped, raw_print])
    assert result.versions == ()


def test_notes_are_recognised_by_their_wording():
    for text in ("Correction: The vote was nine to four.",
                 "CORRECTION (May 15): an earlier figure was wrong.",
                 "An earlier version of this article misstated the cost.",
                 "*This story has been corrected to show the right date.*"):
        assert note_kind(text) is NoteKind.CORRECTION, text
    for text in ("Update: The council has published the routes.", "Updated at 3:15 p.m. with the vote.",
                 "This article has been updated with comment from the mayor.",
                 "UPDATE 2-Council expands night buses",
                 "Updated at 3:15 p.m. ET with the final vote count."):
        assert note_kind(text) is NoteKind.UPDATE, text
    for text in ("The council updated its plans on Tuesday.", "An earlier plan was dropped.", BODY[0],
                 "Last updated May 15, 2024", "Updated: Tuesday, May 14, 2024 at 3:40 p.m. ET",
                 "Updated: December 9, 2024 " + " ".join(BODY)):  # datelines, not notes
        assert note_kind(text) is None, text
        assert note_kind(text) is None, text


def test_diff_reports_moved_sentences():
    old = [Block(kind=P, text=t) for t in BODY]
    new = [Block(kind=P, text=t) for t in [BODY[1], BODY[0], *BODY[2:]]]
    edits = diff(old, new)
    assert edits and all(e.action is EditAction.MOVED for e in edits)


# --------------------------------------------------------------------------- Hypothesis

WORDS = ["council", "transport", "night", "buses", "district", "workers", "route", "morning",
         "budget", "vote", "debate", "repair", "road", "summer", "march", "orchid", "plant", "seed",
         "spring", "teacher"]
sentence_st = st.lists(st.sampled_from(WORDS), min_size=6, max_size=14).map(
    lambda ws: " ".join(ws).capitalize() + ".")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def edited_groups(draw: st.DrawFn) -> tuple[list[Article], dict[str, int]]:
    # Distinct sentences, as in a real article (a repeated one has no single place to align).
    pool = draw(st.lists(sentence_st, min_size=3, max_size=12, unique=True))
    cuts = sorted(draw(st.sets(st.integers(1, len(pool) - 1), min_size=2, max_size=5)))
    paragraphs = [" ".join(pool[a:b]) for a, b in zip([0, *cuts], [*cuts, len(pool)], strict=True)]
    versions = [paragraphs]
    for _ in range(draw(st.integers(1, 2))):
        edited = list(versions[-1])
        n = draw(st.integers(0, len(edited) - 1))
        number = f"{draw(st.sampled_from(['seven', 'nine']))} {len(versions)}{draw(st.integers(10, 99))}"
        word = draw(st.sampled_from(edited[n].lower().rstrip(".").split()))
        if draw(st.booleans()):  # a word replaced (a number, a name) …
            edited[n] = re.sub(rf"\b{word}\b", number, edited[n], count=1, flags=re.IGNORECASE)
        else:  # … or words added to the end of a sentence
            edited[n] = edited[n].replace(".", f" {number}.", 1)
        assume(edited != versions[-1])  # a replacement that changed nothing is no edit
        versions.append(edited)
    articles, truth = [], {}
    for number, body in enumerate(versions):
        for kind in draw(st.lists(st.sampled_from([CaptureKind.HTML, CaptureKind.MARKDOWN, CaptureKind.TEXT]),
                                  min_size=1, max_size=3, unique=True)):
            cid = f"v{number}-{kind.value}"
            articles.append(page(body, cid=cid, title="T", kind=kind,
                                 fetched=FETCHED + timedelta(days=number)))
            truth[cid] = number
    return articles, truth


@SETTINGS
@given(edited_groups())
def test_reconciling_never_mixes_versions(case: tuple[list[Article], dict[str, int]]) -> None:
    articles, truth = case
    result = reconcile(articles)
    versions = result.versions or ()
    for version in versions:
        assert len({truth[c] for c in version.captures}) == 1
        assert version.article.provenance is not None
        for sources in version.article.provenance.blocks:
            assert {truth[s.capture] for s in sources} == {truth[version.captures[0]]}
    latest = versions[-1].captures if versions else tuple(truth)
    assert result.provenance is not None and set(result.provenance.captures) == set(latest)


def test_a_word_spelt_two_ways_between_kinds_is_no_edit():
    # A typo one renderer fixed, and a transliteration: between a page and a dump of the same
    # version neither is an edit (a changed number still is).
    from tearsheet.reconcile.versions import substituted

    assert not substituted("You need acces to coding tools.", "You need access to coding tools.")
    assert not substituted("prohibited by the Qurʾān, many", "prohibited by the Quran, many", True)
    assert not substituted("the Qurʾān and the Qurʾān again", "the Quran and the Quran again")
    assert substituted("The toll rose to 41 people.", "The toll rose to 45 people.")


def test_a_pull_quote_repeated_by_the_page_is_no_edit_against_a_clip():
    quote = "Precision is what we do, and we cannot afford vague improvements in this work."
    web = page([BODY[0], quote, *BODY[1:3], quote, BODY[3]], cid="page", title="Night buses")
    clip = page([BODY[0], quote, *BODY[1:]], cid="clip", title="Night buses", kind=CaptureKind.MARKDOWN)
    assert reconcile([web, clip]).versions == ()


def test_a_sentence_written_into_a_paragraph_between_a_page_and_a_clip_is_an_edit():
    # Readers lose whole blocks, never a sentence inside a paragraph whose ends they keep.
    added = "The transport office expects about two thousand riders a night in the first year."
    first, second = BODY[1].split(". ", 1)
    web = page(BODY, cid="page", title="Night buses")
    clip = page([BODY[0], f"{first}. {added} {second}", *BODY[2:]], cid="clip", title="Night buses",
                kind=CaptureKind.MARKDOWN, fetched=FETCHED + timedelta(days=1))
    result = reconcile([web, clip])
    assert [v.captures for v in result.versions] == [("page",), ("clip",)]
    # The same sentence as a paragraph of its own (a box the page's reader left out) is not.
    boxed = page([BODY[0], BODY[1], added, *BODY[2:]], cid="clip", title="Night buses",
                 kind=CaptureKind.MARKDOWN, fetched=FETCHED + timedelta(days=1))
    assert reconcile([web, boxed]).versions == ()
