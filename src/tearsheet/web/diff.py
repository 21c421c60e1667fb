"""Side-by-side diff of two captures' article text: paragraphs aligned, changed words marked.

Captures of one article differ in small ways — a hyphenation, a dropped caption, a
paragraph the print cut off — so the diff aligns paragraphs first (difflib on
whitespace-normalised paragraphs) and only then marks words inside paragraphs
that changed, which reads far better than a character diff of the whole text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

# Paragraph pairs less similar than this are shown as a deletion plus an insertion
# rather than a word diff: marking 90% of the words of a pair says nothing.
MIN_PAIR_SIMILARITY = 0.4
# SequenceMatcher's junk heuristic drops frequent words ("the") in long inputs,
# which misaligns prose; it is switched off and inputs are capped instead.
MAX_DIFF_PARAGRAPHS = 2000  # paragraphs per side; a capture longer than this is cut for the diff

Segment = tuple[str, bool]  # (text, changed)


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffRow:
    tag: str  # equal | replace | delete | insert
    left: tuple[Segment, ...]
    right: tuple[Segment, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TextDiff:
    rows: tuple[DiffRow, ...]
    same: int  # paragraphs identical on both sides
    changed: int
    only_left: int
    only_right: int


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()][:MAX_DIFF_PARAGRAPHS]


def diff_texts(left: str, right: str) -> TextDiff:
    a, b = paragraphs(left), paragraphs(right)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [DiffRow(tag="equal", left=((p, False),), right=((p, False),)) for p in a[i1:i2]]
        else:
            rows += _changed_rows(a[i1:i2], b[j1:j2])
    return TextDiff(
        rows=tuple(rows),
        same=sum(1 for r in rows if r.tag == "equal"),
        changed=sum(1 for r in rows if r.tag == "replace"),
        only_left=sum(1 for r in rows if r.tag == "delete"),
        only_right=sum(1 for r in rows if r.tag == "insert"),
    )


def _changed_rows(left: list[str], right: list[str]) -> list[DiffRow]:
    """Pair each left paragraph with its most similar right one, in order; the rest stand alone."""
    rows: list[DiffRow] = []
    j = 0
    for para in left:
        match = _best_match(para, right, j)
        if match is None:
            rows.append(DiffRow(tag="delete", left=((para, True),), right=()))
            continue
        rows += [DiffRow(tag="insert", left=(), right=((p, True),)) for p in right[j:match]]
        left_words, right_words = word_diff(para, right[match])
        rows.append(DiffRow(tag="replace", left=left_words, right=right_words))
        j = match + 1
    rows += [DiffRow(tag="insert", left=(), right=((p, True),)) for p in right[j:]]
    return rows


def _best_match(para: str, candidates: list[str], start: int) -> int | None:
    best, best_ratio = None, MIN_PAIR_SIMILARITY
    for k in range(start, len(candidates)):
        ratio = difflib.SequenceMatcher(None, para, candidates[k], autojunk=False).quick_ratio()
        if ratio >= best_ratio:
            best, best_ratio = k, ratio
    return best


def word_diff(left: str, right: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Both paragraphs as runs of unchanged and changed words."""
    a, b = left.split(" "), right.split(" ")
    out_a: list[Segment] = []
    out_b: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            _append(out_a, " ".join(a[i1:i2]), changed)
        if j2 > j1:
            _append(out_b, " ".join(b[j1:j2]), changed)
    return tuple(out_a), tuple(out_b)


def _append(out: list[Segment], words: str, changed: bool) -> None:
    # Runs are joined with a space; the space belongs to the unchanged side so that
    # a highlighted change never starts or ends with a blank.
    if out:
        out.append((" ", False))
    out.append((words, changed))
