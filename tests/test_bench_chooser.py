"""The candidate chooser's measurement (``bench/train_chooser``): its switching rule and rows."""

from __future__ import annotations

import math

import numpy as np
from bench.train_chooser import SCHEMES, Candidate, PageRows, best_candidate, chosen_f1, train

NAMES = ("size",)


def _row(confidence: float, *f1s_and_sizes: tuple[float, float]) -> PageRows:
    return PageRows(group="tune", site="example.com", confidence=confidence, candidates=tuple(
        Candidate(kind="current" if i == 0 else "leader", features={"size": size}, f1=f1)
        for i, (f1, size) in enumerate(f1s_and_sizes)))


def test_switches_only_when_doubted_and_preferred() -> None:
    row = _row(0.4, (0.2, 1.0), (0.9, 3.0))
    assert chosen_f1(row, (1, 0.5), gate=0.5, threshold=0.1) == 0.9
    assert chosen_f1(row, (1, 0.05), gate=0.5, threshold=0.1) == 0.2  # not preferred enough
    assert chosen_f1(row, (1, 0.5), gate=0.3, threshold=0.1) == 0.2  # the reader trusts its body


def test_both_schemes_learn_to_prefer_what_scored_better() -> None:
    rows = [_row(0.4, (0.2, 1.0), (0.9, 3.0)), _row(0.4, (0.3, 1.5), (0.95, 4.0)),
            _row(0.4, (0.9, 3.0), (0.1, 0.5))]
    for scheme in SCHEMES:
        model = train(scheme, rows, NAMES, 1.0)
        index, strength = best_candidate(scheme, _row(0.4, (0.0, 1.0), (0.0, 3.5)), NAMES, model)
        assert index == 1 and strength > (0.5 if scheme.name == "pairwise" else 0.0)
        assert all(np.isfinite(part).all() for part in model)


def test_a_page_with_one_candidate_never_switches() -> None:
    scheme = next(s for s in SCHEMES if s.name == "pairwise")
    model = train(scheme, [_row(0.4, (0.2, 1.0), (0.9, 3.0))], NAMES, 1.0)
    assert best_candidate(scheme, _row(0.4, (0.5, 1.0)), NAMES, model) == (0, -math.inf)
