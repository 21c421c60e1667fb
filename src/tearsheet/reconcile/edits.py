"""Sentences of a body, the update and correction notes among them, and the edits between two bodies.

A body is compared sentence by sentence: its blocks' texts run together (so a paragraph a
page break split, or a line wrap, is still one sentence) and split after sentence-ending
punctuation. Each sentence is keyed by its letters (``keys.letters``), so spacing, quotes,
hyphens from wrapping and letter case never count as edits.

    sentences(blocks) → [Sentence]          the body's sentences, in order, with their keys
    note_kind(text) → NoteKind | None       "Correction: …", "Updated at …", "An earlier version …"
    diff(old_blocks, new_blocks) → (Edit …) added / removed / changed / moved sentences
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from tearsheet.models import Block, BlockKind, Edit, EditAction, NoteKind
from tearsheet.reconcile.keys import _FOLDS, _LIST_MARKER, letters, words

# A sentence ends at . ! ? … (maybe followed by a closing quote or bracket) and a space,
# or at a full-width stop (Chinese, Japanese), which needs no space after it.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’»)\]]))\s+(?=\S)|(?<=[。！？])(?=\S)")
SENTENCE_CACHE = 8192  # blocks remembered: every capture of an article repeats most of them
# Two sentences are one reworded when this share of their words is common (Jaccard of counts).
CHANGED_SIMILARITY = 0.5
MIN_CHANGED_WORDS = 3  # fewer words: too little to call a rewording rather than a new sentence

# Notes saying the article changed: patterns a publisher's wording follows, kept general.
# Matched on a note's first 200 characters, case-insensitively, after leading marks (* _ [ ( —).
_NOTE_HEAD = 200
CORRECTION_NOTES = (
    r"^(?:correction|corrections|clarification|erratum|corrigendum)s?\b",
    r"^editor[’']?s note\b.{0,80}\b(?:correct|misstat|incorrect|erroneous|error)",
    r"^(?:an|the) (?:earlier|previous|prior|original) (?:version|edition) of (?:this|the) "
    r"(?:article|story|report|post|piece)",
    r"^(?:this|the) (?:article|story|report|post|piece) (?:has been|was|is) (?:corrected|amended)",
    r"\b(?:we|this article) (?:incorrectly|mistakenly|wrongly) (?:stated|said|reported|named|identified)",
)
UPDATE_NOTES = (
    r"^(?:update|updated|updates|last updated|latest update)\b",
    r"^(?:this|the) (?:article|story|report|post|piece) (?:has been|was|is being|will be) updated",
    r"^(?:this|the) (?:article|story|report|post|piece) (?:has been|was) (?:revised|expanded|changed)",
    r"^editor[’']?s note\b.{0,80}\bupdat",
    r"^(?:breaking|developing)(?: story| news)?\s*[:—–-]\s*this (?:story|article) (?:is|will be)",
)
NOTE_MAX_WORDS = 80
MIN_NOTE_WORDS = 3  # words an update note has besides "updated" and its date and time
_DATELINE_WORDS = re.compile(
    r"(?i)\b(?:last|updated?|on|at|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|[a-z]+day|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"a\.?m|p\.?m|et|edt|est|gmt|utc|bst|cet|pt|pdt|pst)\b\.?|\d+(?:[:/.-]\d+)*|[,:|·•—–-]")
_CORRECTION = re.compile("|".join(CORRECTION_NOTES), re.IGNORECASE)
_UPDATE = re.compile("|".join(UPDATE_NOTES), re.IGNORECASE)
_LEADING_MARKS = re.compile(r"^[\s*_\[\](){}<>—–\-•|#]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    key: str  # letters only, case-folded: what equality of two sentences means


def sentences(blocks: Iterable[Block]) -> list[Sentence]:
    """The body's sentences in order (pictures left out), each with its letter key.

    Block ends split too: a heading or list item has no full stop to end it. A sentence a
    page break split into two blocks becomes two pieces, each inside the whole one that
    another capture holds (``contained`` tells that apart from an edit).
    """
    result: list[Sentence] = []
    for block in blocks:
        if block.kind is not BlockKind.IMAGE and block.text:
            result += _split(block.text)
    return result


@lru_cache(maxsize=SENTENCE_CACHE)
def _split(text: str) -> tuple[Sentence, ...]:
    result = []
    for line in text.split("\n"):  # a list's items, a table's rows
        for piece in _SENTENCE_BREAK.split(" ".join(line.split())):
            key = sentence_key(piece)
            if key:
                result.append(Sentence(piece.strip(), key))
    return tuple(result)


def sentence_key(text: str) -> str:
    """``keys.letters(text)`` without the positions ``KeyedText`` keeps (sentences are many)."""
    marker = _LIST_MARKER.match(text)
    folds = _FOLDS
    return "".join([folds[ch] for ch in (text[marker.end():] if marker else text)])


@lru_cache(maxsize=SENTENCE_CACHE)
def note_kind(text: str) -> NoteKind | None:
    """Is ``text`` (a block) a publisher's correction or update note? Which kind (corrections win).

    A note is short (``NOTE_MAX_WORDS``: a paragraph that starts "Updated …" and runs on is
    a dateline a reader ran into the text), and an update note says something besides its
    date ("Updated May 15, 2024, 3:40 p.m." is a dateline).
    """
    if len(text.split()) > NOTE_MAX_WORDS:
        return None
    head = _LEADING_MARKS.sub("", text[:_NOTE_HEAD])
    if _CORRECTION.search(head):
        return NoteKind.CORRECTION
    if _UPDATE.search(head) and len(_DATELINE_WORDS.sub(" ", head).split()) >= MIN_NOTE_WORDS:
        return NoteKind.UPDATE
    return None


def similar(old: str, new: str) -> bool:
    """One sentence reworded into the other: enough words, most of them shared (as a bag of
    words, or in order: a sentence edited twice may keep only its word order)."""
    wa, wb = words(old), words(new)
    if min(len(wa), len(wb)) < MIN_CHANGED_WORDS:
        return False
    a, b = Counter(wa), Counter(wb)
    if sum((a & b).values()) / sum((a | b).values()) >= CHANGED_SIMILARITY:
        return True
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= CHANGED_SIMILARITY


def pair_changed(old: Sequence[Sentence], new: Sequence[Sentence], *,
                 whole: bool = False) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of reworded sentences, in order, first match per old one.

    A sentence inside the other is a piece of it (a cut, a page break, furniture run into
    it), not a rewording — unless ``whole``: both captures hold whole sentences, so one
    that stops where the other goes on was edited. Nor is a
    whole sentence that the other continues (``extended``): no damage ends a sentence
    with a full stop where the article goes on.
    """
    pairs: list[tuple[int, int]] = []
    start = 0
    for i, sentence in enumerate(old):
        for j in range(start, len(new)):
            if _reworded(sentence, new[j], whole):
                pairs.append((i, j))
                start = j + 1
                break
    return pairs


def _reworded(old: Sentence, new: Sentence, whole: bool) -> bool:
    contained = old.key in new.key or new.key in old.key
    if contained and (old.key == new.key or not ((whole and _prefix(old, new)) or extended(old, new))):
        return False
    return similar(old.text, new.text)


def _prefix(old: Sentence, new: Sentence) -> bool:
    return old.key.startswith(new.key) or new.key.startswith(old.key)


def extended(old: Sentence, new: Sentence) -> bool:
    """Both whole sentences, one the other with new words added at its end (not a garbled repeat)."""
    shorter, longer = (old, new) if len(old.key) < len(new.key) else (new, old)
    added = longer.key[len(shorter.key):]
    return (_ended(old, new) and longer.key.startswith(shorter.key) and bool(added)
            and added not in shorter.key)


def _ended(old: Sentence, new: Sentence) -> bool:
    return old.text[-1:] in _ENDS and new.text[-1:] in _ENDS


_ENDS = frozenset(".!?…。！？\"'”’»)")


def diff(old_blocks: Iterable[Block], new_blocks: Iterable[Block], *,
         skip: frozenset[str] = frozenset()) -> tuple[Edit, ...]:
    """Sentence-level edits turning the old body into the new (sentences keyed in ``skip`` ignored).

    Runs of sentences are matched on their keys; within a replaced run, sentences that are
    rewordings of each other are ``changed``; a removed sentence that reappears elsewhere
    in the new body (a paragraph moved) is ``moved``.
    """
    old = [s for s in sentences(old_blocks) if s.key not in skip]
    new = [s for s in sentences(new_blocks) if s.key not in skip]
    matcher = SequenceMatcher(None, [s.key for s in old], [s.key for s in new], autojunk=False)
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        pairs = pair_changed(removed, added, whole=True)
        for i, j in pairs:
            edits.append(Edit(action=EditAction.CHANGED, old=removed[i].text, new=added[j].text))
        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        edits += [Edit(action=EditAction.REMOVED, old=s.text)
                  for i, s in enumerate(removed) if i not in paired_old]
        edits += [Edit(action=EditAction.ADDED, new=s.text)
                  for j, s in enumerate(added) if j not in paired_new]
    return _moves(edits)


def _moves(edits: list[Edit]) -> tuple[Edit, ...]:
    """A sentence both removed and added (same key) was moved: one ``moved`` edit instead."""
    added = Counter(letters(e.new) for e in edits if e.action is EditAction.ADDED and e.new)
    removed = Counter(letters(e.old) for e in edits if e.action is EditAction.REMOVED and e.old)
    moved = added & removed
    if not moved:
        return tuple(edits)
    result: list[Edit] = []
    left = Counter(moved)
    dropped = Counter(moved)
    for edit in edits:
        if edit.action is EditAction.REMOVED and edit.old and left[letters(edit.old)] > 0:
            left[letters(edit.old)] -= 1
            result.append(Edit(action=EditAction.MOVED, old=edit.old, new=edit.old))
        elif edit.action is EditAction.ADDED and edit.new and dropped[letters(edit.new)] > 0:
            dropped[letters(edit.new)] -= 1
        else:
            result.append(edit)
    return tuple(result)
