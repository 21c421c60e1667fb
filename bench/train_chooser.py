"""Can a learned scorer over candidate containers pick a better web-page body than the reader?

Issue 12 point 2: no single vote should decide the body. For each page this builds the
candidates the reader could have chosen — its own body (after widening), the vote's body
before widening, the vote's best-scored containers, the vote body's parent and grandparent
(wider) and its heaviest child (narrower), the landmarks (``[itemprop=articleBody]``,
``<article>``, ``<main>``) and the JSON-LD ``articleBody`` — and labels each with its word F1
against the truth. Each candidate is described by the confidence model's signals computed for
it (``confidence.signals``: length, links, sentences, share of the page's prose, runner-up,
headline/description/landmark/JSON-LD overlap …) plus what only a comparison of candidates
shows: its kind, its vote against the best vote, its depth, its agreement with the other
candidates, how much of the reader's own body it holds and vice versa, its size against it,
and the reader's confidence in its own body.

A pointwise logistic regression (soft labels, L2, Newton's method, as ``train_confidence``)
scores the candidates; the chooser takes the best-scored one instead of the reader's body when
the reader's confidence is under a gate and the score beats the body's by a margin. Penalty,
gate and margin are chosen by site folds on the 181 + the tuning half only (the 181 must not
lose); the model is then fitted on all of those pages and the checking half is measured in
aggregate only (no per-page row of it is printed or written).

Deterministic: pages in sorted order, no randomness.

    PYTHONPATH=src python -m bench.train_chooser [--cache /tmp/chooser.pickle]
"""

from __future__ import annotations

import argparse
import math
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bench.halves import site_of
from bench.report import machine, replace_section
from bench.train_confidence import FOLDS, fit
from bench.web_pages import LOW_F1, Page, load_pages, word_f1

SECTION = "## Web pages: a learned chooser among candidate bodies (not shipped)"
COMMAND = "PYTHONPATH=src python -m bench.train_chooser"
FINDING = (
    "Not shipped into the reader. Held to the reader's rule that the 181 must not lose, the best "
    "setting on the training pages is one that never switches (none raises the tuning half without "
    "lowering the 181), so the chooser changes nothing. Let the 181 fall to 0.98 and both models "
    "switch a few doubted bodies (confidence < 0.5): +0.001 / +0.004 on the tuning half (site folds), "
    "+0.010 on the checking half (15 → 10 / 11 pages under 0.5) — the choice generalises — but one page "
    "of the 181 falls from 1.0 to 0.34: a short piece on a page that is a column of such pieces, where "
    "the vote's larger leader holding the body looks, by every feature here, like the pages where that "
    "leader is the story (the confidence model trusts it at 0.99). The candidates' ceiling is low on "
    "the training pages (0.965 on the tuning half, 0.956 now): on 3 of its 6 pages under 0.5 no "
    "candidate is good, so a better choice among these candidates wins at most 0.01 there.")
KINDS = ("current", "vote", "leader", "parent", "grandparent", "child", "itemprop", "article", "main",
         "stated")
LEADERS = 5  # the vote's best raw-scored containers taken as candidates
PENALTIES = (1.0, 10.0, 100.0)
GATES = (0.3, 0.5, 0.7, 0.9, 1.01)  # switch only when the reader's confidence is under this
MIN_181 = 0.98  # the 181's word F1 floor (issue 12)


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: str
    features: dict[str, float]
    f1: float


@dataclass(frozen=True, slots=True)
class PageRows:
    group: str  # "181", "tune" or "check"
    site: str
    confidence: float  # the reader's confidence in its own body
    candidates: tuple[Candidate, ...]  # the first is the reader's own body


def page_candidates(page: Page) -> PageRows | None:
    from selectolax.lexbor import LexborHTMLParser

    from tearsheet.api import to_capture
    from tearsheet.errors import TearsheetError
    from tearsheet.models import BlockKind, CaptureKind
    from tearsheet.options import DEFAULT_OPTIONS
    from tearsheet.readers.common.charset import decode
    from tearsheet.readers.html import body as vote
    from tearsheet.readers.html import reader
    from tearsheet.readers.html.confidence import landmarks, signals, word_set
    from tearsheet.readers.html.depth import limit_depth
    from tearsheet.readers.html.ld_body import ld_blocks, ld_body, ld_scripts
    from tearsheet.readers.html.metadata.reader import read_metadata

    try:
        capture = to_capture(page.html, url=page.url)
        if capture.kind is not CaptureKind.HTML:
            return None
        article, evidence = reader.read_with_evidence(capture, DEFAULT_OPTIONS)
        plain, plain_evidence = reader.read_with_evidence(capture, DEFAULT_OPTIONS, widen=False)
    except TearsheetError:
        return None
    texts: list[tuple[str, tuple, object]] = [("current", article.blocks, evidence),
                                              ("vote", plain.blocks, plain_evidence)]
    html = decode(capture.data, capture.content_type)
    shallow = limit_depth(html)
    tree = LexborHTMLParser(reader._utf8(capture.data, html) if shallow is html else shallow)
    meta = read_metadata(tree, capture.url)
    base = reader._base_url(tree, capture.url or meta.url)
    stated = ld_body(ld_scripts(tree))
    vote.clean(tree)
    found = vote.find_body(tree, meta.title)
    root = tree.body or tree.root
    scores: dict = {}
    if found is not None and root is not None:
        scores = _raw_scores(root)
        top = max(scores.values(), default=1.0) or 1.0
        nodes: list[tuple[str, object]] = [("leader", n) for n in sorted(
            scores, key=scores.__getitem__, reverse=True)[:LEADERS]]
        head = found.nodes[0]
        if head.parent is not None:
            nodes.append(("parent", head.parent))
            if head.parent.parent is not None:
                nodes.append(("grandparent", head.parent.parent))
        kids = [k for k in head.iter(include_text=False) if found.mass.get(k, 0)]
        if kids:
            nodes.append(("child", max(kids, key=lambda k: found.mass.get(k, 0))))
        for (node, _), selector in zip(landmarks(tree), _landmark_kinds(tree), strict=True):
            nodes.append((selector, node))
        page_mass = found.mass.get(root, 0)
        seen: set[int] = set()
        for kind, node in nodes:
            if node.mem_id in seen or node.tag in ("html", "-document"):
                continue
            seen.add(node.mem_id)
            chars = found.mass.get(node, 0)
            rival = found.rival.seen_from(node)
            walked = reader._walk(vote.Body(nodes=(node,), text_chars=chars, mass=found.mass, rival=rival),
                                  base, lenient=False)
            blocks = tuple(reader.filter_blocks(walked.blocks, meta.title, walked))
            share = min(1.0, chars / page_mass) if page_mass else 1.0
            extra = {"vote_share": scores.get(node, 0.0) / top, "depth": float(_depth(node))}
            judged = replace(plain_evidence, blocks=blocks, share=share, voted_chars=chars, rival=rival,
                             source="vote")
            texts.append((kind, blocks, (judged, extra)))
    if stated:
        blocks = ld_blocks(stated)
        texts.append(("stated", blocks, replace(plain_evidence, blocks=blocks, source="stated")))
    joined = ["\n\n".join(b.text for b in blocks if b.kind is not BlockKind.IMAGE and b.text)
              for _, blocks, _ in texts]
    sets = [word_set(t) for t in joined]
    current = sets[0]
    out: list[Candidate] = []
    kept_texts: set[str] = set()
    for i, ((kind, _, ev), text) in enumerate(zip(texts, joined, strict=True)):
        if not text.strip() or (i and text in kept_texts):
            continue
        kept_texts.add(text)
        extra = {"vote_share": 0.0, "depth": 0.0}
        if isinstance(ev, tuple):
            ev, extra = ev
        features = dict(signals(ev))
        features.update(extra)
        features.update({f"is_{k}": float(kind == k) for k in KINDS})
        mine = sets[i]
        others = [s for j, s in enumerate(sets) if j != i and s]
        features["agreement"] = float(np.mean([len(mine & s) / len(mine | s) for s in others])) if (
            others and mine) else 0.0
        features["holds_current"] = len(mine & current) / len(current) if current else 0.0
        features["in_current"] = len(mine & current) / len(mine) if mine else 0.0
        features["log_vs_current"] = math.log((len(mine) + 1) / (len(current) + 1))
        features["reader_confidence"] = article.confidence
        out.append(Candidate(kind=kind, features=features, f1=word_f1(page.truth, text)))
    group = "181" if page.set == "181" else (page.half or "")
    return PageRows(group=group, site=site_of(page.url), confidence=article.confidence, candidates=tuple(out))


def _raw_scores(root: object) -> dict:
    """The vote's raw scores (``body.find_body``'s first stage), to list its leaders."""
    from tearsheet.readers.html import body as vote
    from tearsheet.readers.html import rules

    links = vote._LinkChars()
    units = vote._text_units(root, rules.UNIT_MAX_LINK_DENSITY, links) or vote._text_units(root, 1.0, links)
    scores: dict = {}
    mass: dict = {}
    for node, chars, points, own in units:
        vote._vote(node, chars, points, scores, mass, own=own)
    return scores


def _landmark_kinds(tree: object) -> list[str]:
    from tearsheet.readers.html import rules

    names = {'[itemprop="articleBody"]': "itemprop", "article": "article", "main": "main"}
    return [names[s] for s in rules.LANDMARK_SELECTORS if tree.css(s)]  # type: ignore[attr-defined]


def _depth(node: object) -> int:
    depth, current = 0, node
    while current is not None:
        depth, current = depth + 1, current.parent  # type: ignore[attr-defined]
    return depth


def collect(pages: Sequence[Page]) -> list[PageRows]:
    rows = []
    for page in pages:
        row = page_candidates(page)
        if row is not None and row.candidates:
            rows.append(row)
    return rows


# --- The models -------------------------------------------------------------------------------
#
# Pointwise: one row per candidate, its features, label its F1; a page's candidates are compared
# by their scores. Pairwise: one row per other candidate, its features and their difference from
# the reader's body's, label 0.5 + (its F1 − the body's F1) / 2 (> 0.5: better); a switch needs
# the probability over a threshold.

@dataclass(frozen=True, slots=True)
class Scheme:
    name: str
    rows: Callable[[PageRows, Sequence[str]], tuple[list[list[float]], list[float], list[int]]]
    thresholds: tuple[float, ...]  # the margin over the body's score (pointwise) / probability (pairwise)


def _pointwise(row: PageRows, names: Sequence[str]) -> tuple[list[list[float]], list[float], list[int]]:
    return ([[c.features[n] for n in names] for c in row.candidates], [c.f1 for c in row.candidates],
            list(range(len(row.candidates))))


def _pairwise(row: PageRows, names: Sequence[str]) -> tuple[list[list[float]], list[float], list[int]]:
    body = row.candidates[0]
    others = list(enumerate(row.candidates))[1:]
    return ([[c.features[n] - body.features[n] for n in names] + [c.features[n] for n in names]
             for _, c in others], [0.5 + (c.f1 - body.f1) / 2 for _, c in others], [i for i, _ in others])


SCHEMES = (Scheme("pointwise", _pointwise, (0.0, 0.05, 0.1, 0.2, 0.3)),
           Scheme("pairwise", _pairwise, (0.5, 0.55, 0.6, 0.65, 0.7)))


@dataclass(frozen=True, slots=True)
class Setting:
    scheme: Scheme
    penalty: float
    gate: float
    threshold: float

    def __str__(self) -> str:
        return f"{self.scheme.name}, L2 {self.penalty}, gate {self.gate}, threshold {self.threshold}"


Fitted = tuple[np.ndarray, np.ndarray, np.ndarray]  # centre, scale, weights (intercept last)


def train(scheme: Scheme, rows: Sequence[PageRows], names: Sequence[str], penalty: float) -> Fitted:
    x_rows: list[list[float]] = []
    y: list[float] = []
    for row in rows:
        xs, ys, _ = scheme.rows(row, names)
        x_rows.extend(xs)
        y.extend(ys)
    x = np.array(x_rows, dtype=float)
    centre, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return centre, scale, fit(np.hstack([(x - centre) / scale, np.ones((len(x), 1))]), np.array(y), penalty)


def best_candidate(scheme: Scheme, row: PageRows, names: Sequence[str], model: Fitted) -> tuple[int, float]:
    """The candidate the model likes best and by how much: its score over the body's (pointwise)
    or the probability that it is better than the body (pairwise)."""
    xs, _, index = scheme.rows(row, names)
    if not xs:
        return 0, -math.inf
    centre, scale, w = model
    z = np.hstack([(np.array(xs, dtype=float) - centre) / scale, np.ones((len(xs), 1))]) @ w
    k = int(np.argmax(z))
    if scheme.name == "pointwise":
        return index[k], float(z[k] - z[0])
    return index[k], float(1 / (1 + math.exp(-max(-50.0, min(50.0, z[k])))))


def cross_picks(scheme: Scheme, rows: Sequence[PageRows], names: Sequence[str],
                penalty: float) -> list[tuple[int, float]]:
    """Each page's best candidate by a model fitted without its site's fold."""
    sites = sorted({r.site for r in rows})
    fold = {s: i % FOLDS for i, s in enumerate(sites)}
    out: list[tuple[int, float]] = [(0, -math.inf)] * len(rows)
    for k in range(FOLDS):
        model = train(scheme, [r for r in rows if fold[r.site] != k], names, penalty)
        for i, row in enumerate(rows):
            if fold[row.site] == k:
                out[i] = best_candidate(scheme, row, names, model)
    return out


def chosen_f1(row: PageRows, pick: tuple[int, float], gate: float, threshold: float) -> float:
    """The F1 of the chooser's body: the model's candidate when the reader doubts its own body
    (confidence under ``gate``) and the model prefers it by more than ``threshold``."""
    index, strength = pick
    switch = row.confidence < gate and strength > threshold
    return row.candidates[index].f1 if switch else row.candidates[0].f1


def mean(rows: Sequence[PageRows], f1s: Sequence[float], group: str) -> float:
    return float(np.mean([f for r, f in zip(rows, f1s, strict=True) if r.group == group]))


def cells(rows: Sequence[PageRows], f1s: Sequence[float], groups: Sequence[str]) -> list[str]:
    """Mean word F1 and pages under 0.5 per group, as table cells."""
    out = []
    for group in groups:
        values = [f for r, f in zip(rows, f1s, strict=True) if r.group == group]
        out.append(f"{np.mean(values):.4f} ({sum(v < LOW_F1 for v in values)})" if values else "")
    return out


def search(rows: Sequence[PageRows], names: Sequence[str]) -> dict[Setting, list[float]]:
    """Every setting's site-fold F1 per training page."""
    found: dict[Setting, list[float]] = {}
    for scheme in SCHEMES:
        for penalty in PENALTIES:
            picks = cross_picks(scheme, rows, names, penalty)
            for gate in GATES:
                for threshold in scheme.thresholds:
                    found[Setting(scheme, penalty, gate, threshold)] = [
                        chosen_f1(r, p, gate, threshold) for r, p in zip(rows, picks, strict=True)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="pickle of the candidates (built when missing)")
    parser.add_argument("--all", action="store_true", help="print every setting's site-fold scores")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    if args.cache and args.cache.exists():
        rows = pickle.loads(args.cache.read_bytes())
    else:
        rows = collect(load_pages())
        if args.cache:
            args.cache.write_bytes(pickle.dumps(rows))
    train_rows = [r for r in rows if r.group in ("181", "tune")]
    check_rows = [r for r in rows if r.group == "check"]
    names = sorted(train_rows[0].candidates[0].features)
    found = search(train_rows, names)
    if args.all:
        for setting, f1s in found.items():
            print(str(setting), *cells(train_rows, f1s, ("181", "tune")), sep="\t")
    body = [r.candidates[0].f1 for r in train_rows]
    table = [["the reader's body", *cells(train_rows, body, ("181", "tune")),
              *cells(check_rows, [r.candidates[0].f1 for r in check_rows], ("check",))],
             ["the best candidate (the ceiling)", *cells(
                 train_rows, [max(c.f1 for c in r.candidates) for r in train_rows], ("181", "tune")), "—"]]
    rules = (("the 181 not lower", mean(train_rows, body, "181") - 1e-9), (f"the 181 ≥ {MIN_181}", MIN_181))
    for scheme in SCHEMES:
        for label, least in rules:
            allowed = [(mean(train_rows, f, "tune"), s) for s, f in found.items()
                       if s.scheme is scheme and mean(train_rows, f, "181") >= least]
            setting = max(allowed, key=lambda t: t[0])[1]  # the first of equals: the most cautious
            model = train(scheme, train_rows, names, setting.penalty)
            picked = [chosen_f1(r, best_candidate(scheme, r, names, model), setting.gate, setting.threshold)
                      for r in check_rows]
            trained = cells(train_rows, found[setting], ("181", "tune"))
            table.append([f"{setting} (best with {label})", *trained, *cells(check_rows, picked, ("check",))])
    count = sum(len(r.candidates) for r in train_rows)
    text = section(table, len(train_rows), count, len(names), len(check_rows))
    print(text)
    if not args.no_write:
        replace_section(SECTION, text)


def section(table: list[list[str]], pages: int, candidates: int, features: int, checked: int) -> str:
    head = ["chooser", "181", "tuning half (site folds)", "checking half"]
    lines = [SECTION, "", f"`{COMMAND}` — {machine()}", "",
             f"{pages} training pages (the 181 + the tuning half), {candidates} distinct candidate bodies, "
             f"{features} features; {checked} checking pages measured in aggregate only. Word F1 (pages "
             "under 0.5 in brackets). A setting is chosen on the training pages alone, then fitted on all "
             "of them and measured once on the checking half.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in table)
    lines.extend(["", FINDING])
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
