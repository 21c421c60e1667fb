"""Minimal captures that once crashed ``reconcile``, each kept as found by reading or fuzzing."""

from __future__ import annotations

from tearsheet import Article, Block, BlockKind, reconcile
from tearsheet.reconcile.align import align, body_of

# One paragraph a page break split in the clean capture, then a closing one.
SPLIT_HEAD = "Night buses will run on every district route from March, the statement said, and"
SPLIT_TAIL = "workers on the morning shift will get a repaired road by the summer."
CLOSING = "A botanist said the rare orchid by the fence was a century old and should stay."


def paragraphs(*texts: str, capture_id: str) -> Article:
    blocks = tuple(Block(kind=BlockKind.PARAGRAPH, text=t) for t in texts)
    return Article(blocks=blocks, capture_id=capture_id)


def test_a_repeat_that_joins_blocks_behind_the_cursor_keeps_the_cursor_in_range() -> None:
    # The second capture holds the closing paragraph first, then the split one whole: that
    # joins two merged blocks behind where it had got to, and its next (short) block used to
    # look up the cursor's old index in the shorter sequence: IndexError in align._continue.
    clean = paragraphs(SPLIT_HEAD, SPLIT_TAIL, CLOSING, capture_id="clean")
    shuffled = paragraphs(CLOSING, f"{SPLIT_HEAD} {SPLIT_TAIL}", "Buy now", capture_id="shuffled")
    article = reconcile([clean, shuffled])
    assert [b.text for b in article.blocks] == [f"{SPLIT_HEAD} {SPLIT_TAIL}", CLOSING]


def test_a_join_over_the_cursor_moves_it_onto_the_joined_block() -> None:
    # The cursor sits on the split paragraph's tail when a repeat of the whole paragraph
    # joins head and tail: the next block goes after the joined one. The stale index used
    # to point one block on (at the closing paragraph), and put it after that instead.
    clean = body_of(0, paragraphs(SPLIT_HEAD, SPLIT_TAIL, CLOSING, capture_id="clean").blocks, False)
    odd = paragraphs(SPLIT_TAIL, f"{SPLIT_HEAD} {SPLIT_TAIL}", "Buy now", CLOSING, capture_id="odd")
    merged = align(clean, [body_of(1, odd.blocks, False)])
    assert [b.key[:6] for b in merged] == ["nightb", "buynow", "abotan"]
