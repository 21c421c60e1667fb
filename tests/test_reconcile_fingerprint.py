"""Fingerprints are persisted in archives: their bytes and LSH keys must never change.

The expected digests were recorded from the first implementation (per-block ``words``,
one CRC-32 per token, ``numpy.unique``, shift before the minimum); the faster code must
give the same bytes for the same article, whatever the script, ligature or case.
"""

from __future__ import annotations

import hashlib

import pytest

from tearsheet import Article, Block, BlockKind
from tearsheet.reconcile import fingerprint, lsh_keys
from tearsheet.reconcile.keys import words

P = BlockKind.PARAGRAPH
CASES = {
    "prose": ["The city council voted on Tuesday to expand the night bus network.",
              "Café owners — and “night owls” — welcomed the plan; ﬁve routes open in March."],
    "unspaced": ["東京都は火曜日、夜行バスを拡充すると発表した。", "Ｔｏｋｙｏ ｂｕｓｅｓ run at night."],
    "mixed_blocks": ["Ελληνικά ΣΟΦΙΑ and straße", "e\u0301te\u0301 ﬁnal"],
    "short": ["two words"],
    "empty": [],
}
# name → (distinct shingles, sha256 of to_bytes()[:16 hex], sha256 of the joined LSH keys)
EXPECTED = {
    "prose": (23, "107de5bd475f3156", "8727f6f38c0d112b"),
    "unspaced": (24, "b71c6922ee75ade9", "49f29a2e38e0104e"),
    "mixed_blocks": (4, "d3d6026281404bc8", "fc88082599c8cf08"),
    "short": (1, "080d3a764a6a4e44", "ad28b75aa0375f33"),
    "empty": (0, "f3c0f31137704005", "e3b0c44298fc1c14"),
}


def _article(texts: list[str]) -> Article:
    blocks = [Block(kind=P, text=t) for t in texts]
    blocks.append(Block(kind=BlockKind.IMAGE, text="a caption here ignored"))
    return Article(title="Night Buses", url="https://www.example.com/a/b?utm_source=x", blocks=tuple(blocks))


@pytest.mark.parametrize("name", sorted(CASES))
def test_fingerprint_bytes_and_lsh_keys_are_stable(name: str) -> None:
    fp = fingerprint(_article(CASES[name]))
    keys = lsh_keys(fp)
    got = (fp.size, hashlib.sha256(fp.to_bytes()).hexdigest()[:16],
           hashlib.sha256("".join(keys).encode()).hexdigest()[:16])
    assert got == EXPECTED[name]


def test_words_of_joined_blocks_are_the_words_of_each_block() -> None:
    texts = [t for case in CASES.values() for t in case] + ["\u0301leading mark", "trailing e", "_x_"]
    assert words("\n".join(texts)) == [w for t in texts for w in words(t)]


def test_the_word_hash_memory_stays_bounded_and_forgets_nothing_it_needs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    module = importlib.import_module("tearsheet.reconcile.fingerprint")
    monkeypatch.setattr(module, "WORD_HASH_CACHE", 5)
    module._word_hash.__self__.clear()
    fp = fingerprint(_article(CASES["prose"]))
    assert hashlib.sha256(fp.to_bytes()).hexdigest()[:16] == EXPECTED["prose"][1]
    assert len(module._word_hash.__self__) <= 5
