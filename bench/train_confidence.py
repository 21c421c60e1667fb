"""Fit the web-page reader's confidence model (``readers/html/confidence_model.json``).

The reader's confidence is a logistic model over the named signals ``confidence.signals``
computes (the body's length, links and sentences, its share of the page, how it compares
with the page's landmarks and its JSON-LD ``articleBody``, the rule warnings as 0/1). It is
fitted here on the pages rules are designed on — the 181 ScrapingHub pages and the tuning
half of the WCXB development articles (``bench.halves``) — never on the checking half, which
``bench.web_pages`` measures. The target is each page's word F1 (a soft label): the model
estimates how much of the real article the body is.

Then the scale is set so that ``LOW_CONFIDENCE`` (0.5) means something: the logit is shifted
so that the least-trusted ``FLAG_SHARE`` of the tuning pages (by site-fold predictions, so
as a new site would be scored) fall below 0.5, and stretched — by one factor below that
point, another above — by the factors that best fit those predictions to the pages' F1 again.

The model judges the body the vote chose (``read_with_evidence(widen=False)``): the reader
then widens a doubted body to a landmark the model trusts more, so the shipped model must not
depend on its own widening.

Deterministic: pages in sorted order, Newton's method from zero, no randomness; folds for the
choice of the L2 penalty are by site. Refused pages (no article) are left out.

    PYTHONPATH=src python -m bench.train_confidence [--no-write]
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.halves import site_of
from bench.web_pages import LOW_CONFIDENCE, LOW_F1, Page, load_pages, word_f1
from tearsheet.readers.html.confidence import CAPPED

MODEL = Path(__file__).resolve().parents[1] / "src/tearsheet/readers/html/confidence_model.json"
PENALTIES = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0)  # L2 on standardised weights, chosen by site folds
FOLDS = 5
FLAG_SHARE = 0.05  # of the tuning pages, the least trusted: below LOW_CONFIDENCE (the target: ≤ 10 %)
STRETCHES = tuple(round(0.05 * k, 2) for k in range(1, 201))  # 0.05 … 10: the logit's scale factor


@dataclass(frozen=True, slots=True)
class Row:
    group: str  # "181" or "tune"
    site: str
    signals: dict[str, float]
    f1: float


def training_pages() -> list[Page]:
    """The 181 and the tuning half only: no checking page is read by the reader or scored here."""
    return [p for p in load_pages() if p.set == "181" or p.half == "tune"]


def collect(pages: Sequence[Page]) -> list[Row]:
    from tearsheet.api import to_capture
    from tearsheet.errors import TearsheetError
    from tearsheet.models import CaptureKind
    from tearsheet.options import DEFAULT_OPTIONS
    from tearsheet.readers.html.confidence import signals
    from tearsheet.readers.html.reader import read_with_evidence

    rows = []
    for page in pages:
        try:
            capture = to_capture(page.html, url=page.url)
            if capture.kind is not CaptureKind.HTML:
                continue
            article, evidence = read_with_evidence(capture, DEFAULT_OPTIONS, widen=False)
        except TearsheetError:
            continue
        group, site = ("181" if page.set == "181" else "tune"), site_of(page.url)
        f1 = word_f1(page.truth, article.text)
        rows.append(Row(group=group, site=site, signals=signals(evidence), f1=f1))
    return rows


def fit(x: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    """Logistic regression with soft labels (cross-entropy against ``y`` in 0–1) by Newton's
    method; the last column of ``x`` is the intercept, not penalised."""
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], penalty)
    ridge[-1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (p - y) + ridge * w
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(ridge + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def design(rows: Sequence[Row], names: Sequence[str], centre: np.ndarray, scale: np.ndarray) -> np.ndarray:
    raw = np.array([[r.signals[n] for n in names] for r in rows], dtype=float)
    return np.hstack([(raw - centre) / scale, np.ones((len(rows), 1))])


def standardise(rows: Sequence[Row], names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    raw = np.array([[r.signals[n] for n in names] for r in rows], dtype=float)
    scale = raw.std(axis=0)
    return raw.mean(axis=0), np.where(scale > 0, scale, 1.0)


def predict(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))


def folds(rows: Sequence[Row]) -> list[int]:
    """A fold per row by site (sites sorted, dealt round-robin): one site never in two folds."""
    sites = sorted({r.site for r in rows})
    index = {s: i % FOLDS for i, s in enumerate(sites)}
    return [index[r.site] for r in rows]


def logits(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.clip(x @ w, -50, 50)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -50, 50)))


def cross_entropy(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def cross_predict(rows: Sequence[Row], names: Sequence[str], penalty: float) -> np.ndarray:
    """Each row's logit from a model fitted without its site's fold."""
    fold_of = np.array(folds(rows))
    out = np.zeros(len(rows))
    for k in range(FOLDS):
        train = [r for r, f in zip(rows, fold_of, strict=True) if f != k]
        held = [r for r, f in zip(rows, fold_of, strict=True) if f == k]
        w = fitted(train, names, penalty)
        out[fold_of == k] = logits(design(held, names, *standardise(train, names)), w)
    return out


def fitted(rows: Sequence[Row], names: Sequence[str], penalty: float) -> np.ndarray:
    """The weights (intercept last) on ``rows`` standardised as ``standardise`` does."""
    x = design(rows, names, *standardise(rows, names))
    return fit(x, np.array([r.f1 for r in rows]), penalty)


def report(label: str, rows: Sequence[Row], confidence: np.ndarray) -> str:
    lines = [label]
    for group in ("181", "tune"):
        idx = [i for i, r in enumerate(rows) if r.group == group]
        flagged = [i for i in idx if confidence[i] < LOW_CONFIDENCE]
        bad = [i for i in idx if rows[i].f1 < LOW_F1]
        caught = sum(confidence[i] < LOW_CONFIDENCE for i in bad)
        error = float(np.mean([abs(confidence[i] - rows[i].f1) for i in idx]))
        lines.append(f"  {group}: flagged {len(flagged)}/{len(idx)} ({len(flagged) / len(idx):.3f}), "
                     f"caught {caught}/{len(bad)}, mean |confidence − F1| {error:.3f}")
    return "\n".join(lines)


# The confidence the rules alone gave before the model (a base times a factor per warning),
# kept here to compare against.
RULES_BASE = 0.95
RULES_FACTORS = {"short_body": 0.45, "small_share_of_page": 0.5, "candidates_disagree": 0.6,
                 "shorter_than_alternative": 0.5, "stated_body": 0.8, "prose_fallback": 0.3, "no_title": 0.85}


def rules_confidence(row: Row) -> float:
    return RULES_BASE * math.prod(f for name, f in RULES_FACTORS.items() if row.signals[name])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="report only; leave the model file alone")
    args = parser.parse_args()
    rows = collect(training_pages())
    names = sorted(set(rows[0].signals) - set(CAPPED))
    print(f"{len(rows)} pages, {len(names)} signals")
    print(report("rules", rows, np.array([rules_confidence(r) for r in rows])))
    y = np.array([r.f1 for r in rows])
    tune = np.array([r.group == "tune" for r in rows])
    penalty, cv = min(((p, cross_predict(rows, names, p)) for p in PENALTIES),
                      key=lambda t: cross_entropy(y, _sigmoid(t[1])))
    shift = float(np.quantile(cv[tune], FLAG_SHARE))
    below, above = (min(STRETCHES, key=lambda a: cross_entropy(y[side], _sigmoid(a * (cv[side] - shift))))
                    for side in (cv < shift, cv >= shift))
    print(report(f"model, L2 {penalty}, shift {shift:.3f}, stretch {below} / {above}: site folds", rows,
                 np.where(cv < shift, _sigmoid(below * (cv - shift)), _sigmoid(above * (cv - shift)))))
    centre, scale = standardise(rows, names)
    w = fitted(rows, names, penalty)
    w[-1] -= shift
    z = logits(design(rows, names, centre, scale), w)
    print(report("… fitted on all the training pages", rows, _sigmoid(np.where(z < 0, below, above) * z)))
    for name, weight in sorted(zip(names, w[:-1], strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:28s} {weight:+.3f}")
    model = {"features": names, "centre": [round(float(v), 6) for v in centre],
             "scale": [round(float(v), 6) for v in scale], "weights": [round(float(v), 6) for v in w[:-1]],
             "intercept": round(float(w[-1]), 6), "stretch_below": below, "stretch_above": above,
             "penalty": penalty, "shift": round(shift, 6), "flag_share": FLAG_SHARE,
             "pages": len(rows),
             "trained_on": "bench/train_confidence.py: the 181 ScrapingHub pages + the WCXB tuning half"}
    if not args.no_write:
        MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
