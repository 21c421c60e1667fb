"""A capture's fingerprint: what grouping compares, small enough to persist per capture.

A ``Fingerprint`` holds the article's normalised URL key, site and title, and a MinHash
signature of its *extracted body text* (never of the page: two articles of one site
share menus and footers, their bodies do not). ``lsh_keys`` gives the band keys under
which the archive files the fingerprint, so candidates are found without comparing every
pair; ``same_article`` and ``same_story`` are the decision rules run on candidates.

Decision rule (``same_article``), in order:

1. both captures name a URL: the same URL key → same article (unless two substantial
   bodies share almost nothing: a template's wrong canonical URL); different sites → never
   (a syndicated copy is another publication: ``same_story`` links it instead); the same
   site but another URL → only the same path on another host of the site, or an alias of
   the URL (a near-identical body and a compatible title);
2. otherwise the bodies decide: the smaller body must be nearly contained in the larger
   one (a truncated text dump is contained in the full clip; a web page's extraction may
   carry a little extra). Bodies too short to judge also need equal titles.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tearsheet.errors import InputError, MissingExtraError
from tearsheet.models import Article, BlockKind
from tearsheet.reconcile.keys import title_key, words
from tearsheet.reconcile.urls import path_key, site_key, url_key

NUM_PERM = 126  # MinHash permutations: 42 LSH bands of 3 rows
LSH_BANDS = 42
LSH_ROWS = 3  # P(candidate) ≈ 1 - (1 - J³)^42: 0.996 at Jaccard 0.5, 0.0003 at 0.02 (unrelated news)
SEED = 20241122  # fixed: signatures are persisted and must stay comparable
SHINGLE_WORDS = 3  # word 3-grams: short enough to survive re-wrapping and small edits
MIN_SHINGLES = 30  # below this (≈ two sentences) a body alone is too little evidence
MIN_PIECE_SHINGLES = 15  # a short piece must still be a sentence or so to be matched at all
PIECE_CONTAINMENT = 0.95  # …and found (nearly) whole in the other body
SAME_ARTICLE_CONTAINMENT = 0.7  # smaller body's share found in the larger one
ALIAS_CONTAINMENT = 0.9  # another URL of the same site is an alias only for a near-identical body
SAME_STORY_CONTAINMENT = 0.5  # a syndicated/updated copy shares most of the text
URL_CONTRADICTION = 0.15  # below this, two bodies under one URL are different articles
WORD_HASH_CACHE = 50_000  # distinct words whose hash is remembered (~6 MB): a news vocabulary
_MAGIC = b"TSFP1"
_MASK32 = (1 << 32) - 1
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Fingerprint:
    """Grouping evidence for one capture; ``signature`` is the MinHash as uint64 bytes.

    The MinHash is computed here (numpy, multiply-shift hashing) rather than with
    datasketch's ``MinHash``: the same estimator, ~5× faster per capture, and without
    importing scipy; its parameters come from a fixed seed, so persisted signatures stay
    comparable across versions of numpy.
    """

    capture: str | None
    url: str | None  # url_key of the article URL
    site: str | None  # registered domain
    title: str | None  # title_key
    size: int  # distinct body shingles
    signature: bytes

    @property
    def hashvalues(self) -> Any:
        import numpy as np

        return np.frombuffer(self.signature, dtype=np.uint64)

    def to_bytes(self) -> bytes:
        header = json.dumps({"capture": self.capture, "url": self.url, "site": self.site,
                             "title": self.title, "size": self.size}, ensure_ascii=False).encode()
        return _MAGIC + struct.pack("<I", len(header)) + header + self.signature

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 4:
            raise InputError("not a tearsheet fingerprint")
        (length,) = struct.unpack_from("<I", data, len(_MAGIC))
        start = len(_MAGIC) + 4
        try:
            header = json.loads(data[start:start + length])
        except ValueError as exc:
            raise InputError("corrupt tearsheet fingerprint") from exc
        signature = data[start + length:]
        if len(signature) != NUM_PERM * 8:
            raise InputError("corrupt tearsheet fingerprint: wrong signature length")
        return cls(signature=signature, **header)


def fingerprint(article: Article) -> Fingerprint:
    """The grouping fingerprint of an article (its body, URL, site and title)."""
    shingles = body_shingles(article)
    key = url_key(article.url)
    # A site's home or section page is no article's address (a template's canonical tag).
    key = key if path_key(key) else None
    return Fingerprint(capture=article.capture_id, url=key, site=site_key(article.url),
                       title=title_key(article.title), size=len(shingles), signature=_minhash(shingles))


def body_shingles(article: Article) -> Any:
    """Sorted unique 32-bit hashes (a numpy array) of the body's word 3-grams, images left out."""
    np = _numpy()
    toks = text_words(article)
    hashes = np.fromiter(map(_word_hash, toks), dtype=np.uint64, count=len(toks))
    if len(toks) < SHINGLE_WORDS:
        return hashes[:1]
    # Combine the word hashes of each 3-gram, order-sensitive (uint64 arithmetic wraps).
    combined = hashes[:-2] * np.uint64(0x9E3779B1) + hashes[1:-1] * np.uint64(0x85EBCA77) + hashes[2:]
    combined &= np.uint64(_MASK32)
    return _sorted_unique(combined)


def _sorted_unique(values: Any) -> Any:
    """``numpy.unique`` of a 1-D array: sort, keep each first of a run (several times faster here)."""
    np = _numpy()
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def text_words(article: Article) -> list[str]:
    """The body's words in order, images left out: ``words`` of each block, concatenated.

    One ``words`` call over the blocks joined by a newline gives the same list for a
    fraction of the calls: a newline ends every word, and neither NFKC nor case-folding
    lets a character change across it.
    """
    return words("\n".join([b.text for b in article.blocks if b.kind is not BlockKind.IMAGE]))


class _WordHashes(dict[str, int]):
    """Word → CRC-32 of its UTF-8 bytes, filled on demand: most words of a page are common words."""

    def __missing__(self, word: str) -> int:
        if len(self) >= WORD_HASH_CACHE:
            self.clear()  # bounded: a long ingest meets an open-ended vocabulary
        value = self[word] = zlib.crc32(word.encode())
        return value


_word_hash = _WordHashes().__getitem__


def lsh_keys(fp: Fingerprint) -> list[str]:
    """The LSH band keys of a fingerprint ("band:hex"); captures sharing one are candidates."""
    if fp.size == 0:
        return []
    signature = fp.signature  # the uint64 hash values' bytes: a band is a slice of it
    width = LSH_ROWS * 8
    keys = []
    for band in range(LSH_BANDS):
        chunk = signature[band * width:(band + 1) * width]
        keys.append(f"{band:02d}:{zlib.crc32(chunk):08x}{zlib.adler32(chunk):08x}")
    return keys


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two bodies' shingle sets."""
    if a.size == 0 or b.size == 0:
        return 0.0
    return float((a.hashvalues == b.hashvalues).mean())


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller body's shingles found in the larger body."""
    j = jaccard(a, b)
    if j == 0.0:
        return 0.0
    shared = j / (1 + j) * (a.size + b.size)
    return min(1.0, shared / min(a.size, b.size))


def same_article(a: Fingerprint, b: Fingerprint) -> bool:
    """Are these two captures of the same article (the same publication of it)? See module doc."""
    if a.url and b.url:
        if a.url == b.url:
            # …unless two substantial bodies share nothing: a page template's wrong canonical URL.
            return min(a.size, b.size) < MIN_SHINGLES or containment(a, b) >= URL_CONTRADICTION
        if a.site != b.site:
            return False
        if path_key(a.url) == path_key(b.url):
            return True  # the same article on another host of the site (an edition, a mirror)
        return _titles_agree(a, b) and containment(a, b) >= ALIAS_CONTAINMENT
    if a.site and b.site and a.site != b.site:
        return False
    if min(a.size, b.size) < MIN_SHINGLES and not (a.title and a.title == b.title):
        # A short piece (a capture cut off early) joins only when it is the other's text.
        return min(a.size, b.size) >= MIN_PIECE_SHINGLES and containment(a, b) >= PIECE_CONTAINMENT
    return containment(a, b) >= SAME_ARTICLE_CONTAINMENT


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    """The same story's text, whatever the publication (syndicated or updated copies)."""
    if min(a.size, b.size) < MIN_SHINGLES:
        return False
    return containment(a, b) >= SAME_STORY_CONTAINMENT


def _titles_agree(a: Fingerprint, b: Fingerprint) -> bool:
    """Equal titles, or one holds the other (a title with the site's name appended)."""
    return a.title is None or b.title is None or a.title in b.title or b.title in a.title


def _minhash(shingles: Any) -> bytes:
    """MinHash by multiply-shift hashing: h_i(x) = (a_i·x + b_i mod 2⁶⁴) >> 32, one per permutation."""
    np = _numpy()
    if len(shingles) == 0:
        return bytes(np.full(NUM_PERM, _EMPTY, dtype=np.uint64).tobytes())
    a, b = _permutations()
    hashed = np.multiply.outer(a, shingles)
    hashed += b[:, None]
    # The shift is monotonic, so it commutes with the minimum: shift 126 minima, not every hash.
    return bytes((hashed.min(axis=1) >> np.uint64(32)).tobytes())


_EMPTY = (1 << 32) - 1  # the signature of an empty body: larger than any hash


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    """The hash parameters: odd multipliers and offsets from splitmix64, seeded, stable forever."""
    np = _numpy()
    state = SEED
    values = []
    for _ in range(2 * NUM_PERM):
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        values.append(z ^ (z >> 31))
    a = np.array([v | 1 for v in values[:NUM_PERM]], dtype=np.uint64)
    b = np.array(values[NUM_PERM:], dtype=np.uint64)
    return a, b


def _numpy() -> Any:
    try:
        import numpy
    except ImportError as exc:
        raise MissingExtraError("grouping captures", "dedup") from exc
    return numpy
