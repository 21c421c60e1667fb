"""The article-extraction benchmark's official metric, implemented exactly as its README says.

Word 4-gram shingles (``\\w+``, Unicode) compared as multisets; per page (tp, fp, fn)
normalised to sum to 1; precision and recall are means over pages; F1 of those means;
accuracy is the share of pages whose token lists are equal; ± is the standard deviation
over 1,000 bootstrap resamples of the pages.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4
BOOTSTRAP_ROUNDS = 1000
SHARED = Path(__file__).resolve().parents[2] / "shared"


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def shingles(toks: list[str]) -> Counter[tuple[str, ...]]:
    if len(toks) < SHINGLE:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    precision: float | None  # None: denominator 0, skipped in the mean
    recall: float | None
    exact: bool

    @property
    def f1(self) -> float:
        """This page's own F1 (a missing precision or recall counts as 0), for per-page tables."""
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(truth: str, pred: str) -> PageScore:
    t_tok, p_tok = tokens(truth), tokens(pred)
    t, p = shingles(t_tok), shingles(p_tok)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(_ratio(tp, fp, fn), _ratio(tp, fn, fp), t_tok == p_tok)


def _ratio(tp: float, wrong: float, other: float) -> float | None:
    if wrong == 0 and other == 0:
        return 1.0
    if tp == 0 and wrong == 0:
        return 0.0
    denominator = tp + wrong
    return tp / denominator if denominator else None


@dataclass(frozen=True, slots=True)
class Summary:
    f1: float
    precision: float
    recall: float
    accuracy: float
    f1_sd: float
    precision_sd: float
    recall_sd: float
    accuracy_sd: float
    pages: int

    def row(self) -> str:
        return (f"{self.f1:.3f} ± {self.f1_sd:.3f} | {self.precision:.3f} ± {self.precision_sd:.3f} | "
                f"{self.recall:.3f} ± {self.recall_sd:.3f} | {self.accuracy:.3f} ± {self.accuracy_sd:.3f}")


def _aggregate(scores: Sequence[PageScore]) -> tuple[float, float, float, float]:
    ps = [s.precision for s in scores if s.precision is not None]
    rs = [s.recall for s in scores if s.recall is not None]
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return f1, precision, recall, accuracy


def _sd(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def summarize(scores: Sequence[PageScore], *, seed: int = 0) -> Summary:
    f1, precision, recall, accuracy = _aggregate(scores)
    rng = random.Random(seed)
    samples = [_aggregate([rng.choice(scores) for _ in scores]) for _ in range(BOOTSTRAP_ROUNDS)]
    sds = [_sd([s[i] for s in samples]) for i in range(4)]
    return Summary(f1, precision, recall, accuracy, *sds, pages=len(scores))
