"""Grouping and reconciliation of capture groups (../shared/captures), and grouping at scale.

    /work/venv/bin/python -m bench.reconcile            # measure, print, update BENCHMARKS.md
    /work/venv/bin/python -m bench.reconcile --no-write

Measures, with the real readers (``tearsheet.extract``) on all 150 captures of the 30
articles mixed into one pile:

- pairwise grouping precision/recall of ``tearsheet.group``;
- body F1 (official metric) of each reconciled article vs the best single capture's;
- title / authors / date / URL of each reconciled article vs ``truth.json``;
- links after reconciling each article's clip with its text dump alone;
- scale: ``group`` over 2,500 / 5,000 / 10,000 generated captures (re-wrapped, truncated,
  re-titled, re-addressed copies and unrelated articles, from the 181 benchmark pages'
  ground-truth texts), each size in a fresh process on one core: time, peak RSS and
  pairwise precision/recall, next to the anchor (datasketch ``MinHash`` + ``MinHashLSH``
  candidate search alone, in the same process) as a time ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.captures_common import CAPTURE_FILES, Truth, link_score, load_truths, same_url
from bench.metric import SHARED, score_page
from bench.report import BENCHMARKS, machine, replace_section
from tearsheet import extract
from tearsheet.models import Article, Author, Block, BlockKind, Link
from tearsheet.reconcile import group, reconcile

SECTION = "## Reconciliation"
COMMAND = "/work/venv/bin/python -m bench.reconcile"
GROUND_TRUTH = SHARED / "bench" / "article-extraction" / "ground-truth.json"
SCALE_SIZES = (2_500, 5_000, 10_000)
SCALE_SEED = 7


# --------------------------------------------------------------------------- capture groups


@dataclass(frozen=True, slots=True)
class Pile:
    truths: list[Truth]
    articles: dict[tuple[str, str], Article]  # (article id, file name) → Article
    failures: dict[tuple[str, str], str]
    seconds: float


def read_pile() -> Pile:
    truths = list(load_truths())
    articles: dict[tuple[str, str], Article] = {}
    failures: dict[tuple[str, str], str] = {}
    start = time.perf_counter()
    for truth in truths:
        for name in CAPTURE_FILES:
            try:
                articles[(truth.id, name)] = extract(truth.folder / name)
            except Exception as exc:  # a reader failure is reported, not fatal, in a benchmark
                failures[(truth.id, name)] = f"{type(exc).__name__}: {exc}"
    return Pile(truths, articles, failures, time.perf_counter() - start)


def pairwise(predicted: list[list[str]], truth_of: dict[str, str]) -> tuple[float, float, int, int]:
    """Pairwise precision and recall of a grouping against the true article of each item."""
    pred_pairs = {frozenset(p) for g in predicted for p in itertools.combinations(g, 2)}
    by_truth: dict[str, list[str]] = defaultdict(list)
    for item, article in truth_of.items():
        by_truth[article].append(item)
    true_pairs = {frozenset(p) for g in by_truth.values() for p in itertools.combinations(g, 2)}
    hit = len(pred_pairs & true_pairs)
    precision = hit / len(pred_pairs) if pred_pairs else 1.0
    recall = hit / len(true_pairs) if true_pairs else 1.0
    return precision, recall, len(pred_pairs), len(true_pairs)


def f1(truth: str, article: Article) -> float:
    return score_page(truth, article.text).f1


@dataclass(frozen=True, slots=True)
class ArticleResult:
    id: str
    f1: float
    best_single: float
    best_kind: str
    title: bool
    authors: bool
    date: bool
    url: bool
    conflicts: int


def reconcile_groups(pile: Pile) -> tuple[tuple[float, float, int, int], list[ArticleResult], float]:
    keys = list(pile.articles)
    label = {pile.articles[k].capture_id or str(k): k for k in keys}
    start = time.perf_counter()
    groups = group([pile.articles[k] for k in keys])
    predicted = [[label[c] for c in g.captures] for g in groups]
    scores = pairwise([[f"{k[0]}/{k[1]}" for k in g] for g in predicted],
                      {f"{k[0]}/{k[1]}": k[0] for k in keys})
    results = []
    truths = {t.id: t for t in pile.truths}
    for g, members in zip(groups, predicted, strict=True):
        truth = truths[Counter(k[0] for k in members).most_common(1)[0][0]]
        article = reconcile(g)
        singles = {k[1]: f1(truth.body, pile.articles[k]) for k in members}
        best = max(singles, key=lambda name: singles[name])
        results.append(ArticleResult(
            id=truth.id, f1=f1(truth.body, article), best_single=singles[best], best_kind=best,
            title=article.title == truth.title,
            authors=tuple(a.name for a in article.authors) == truth.authors,
            date=(article.published.date() if article.published else None) == truth.published,
            url=article.url == truth.url, conflicts=len(article.conflicts)))
    return scores, results, time.perf_counter() - start


@dataclass(frozen=True, slots=True)
class LinkResult:
    truth: int
    right: int
    wrong: int
    extra: int
    reachable: int  # truth links whose href the clip or the dump holds at all
    by_order: int
    by_slug: int


def clip_and_dump_links(pile: Pile) -> LinkResult:
    totals = Counter()
    for truth in pile.truths:
        pair = [pile.articles.get((truth.id, name)) for name in ("clip.md", "print.txt")]
        if any(a is None for a in pair):
            continue
        article = reconcile(pair)  # type: ignore[arg-type]
        score = link_score(truth.links, article)
        held = {same_url(ln.href) for a in pair for ln in (*a.links, *a.unplaced_links) if a and ln.href}
        totals.update(truth=score.truth, right=score.right, wrong=score.wrong, extra=score.extra,
                      reachable=sum(1 for _, href in truth.links if same_url(href) in held))
        assert article.provenance is not None
        for sources in article.provenance.links:
            totals.update(by_order=any(s.how == "inferred-by-order" for s in sources),
                          by_slug=any(s.how == "slug" for s in sources))
    return LinkResult(**{k: totals[k] for k in LinkResult.__dataclass_fields__})


# --------------------------------------------------------------------------- scale


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 20]


def generate(size: int, seed: int = SCALE_SEED) -> tuple[list[Article], list[str]]:
    """``size`` captures and the true article of each (see the module doc)."""
    rng = random.Random(seed)
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    bases = [(v["url"], v["articleBody"]) for _, v in sorted(truth.items()) if v["articleBody"].strip()]
    pool = [s for _, body in bases for s in _sentences(body)]
    articles: list[Article] = []
    labels: list[str] = []
    n = 0
    while len(articles) < size:
        if n < len(bases):
            url, body = bases[n]
            paragraphs = [p for p in body.split("\n") if p.strip()]
        else:  # an unrelated article: every page's sentences, words shuffled (no shared 3-grams), own URL
            url = f"https://news{n % 40}.example/{n}/story-{n}"
            picked = [_shuffled(rng, s) for s in rng.sample(pool, rng.randint(12, 40))]
            paragraphs = [" ".join(picked[i:i + 3]) for i in range(0, len(picked), 3)]
        title = " ".join(paragraphs[0].split()[:8])
        for variant in _variants(rng, url, title, paragraphs)[:size - len(articles)]:
            articles.append(variant)
            labels.append(str(n))
        n += 1
    return articles, labels


def _shuffled(rng: random.Random, sentence: str) -> str:
    words = [w if len(w) < 12 else "".join(rng.sample(w, len(w))) for w in sentence.split()]
    rng.shuffle(words)
    return " ".join(words)


def _amp(url: str) -> str:
    """The AMP rendering of a URL with a tracking parameter (query kept)."""
    base, _, query = url.partition("?")
    return base.rstrip("/") + "/amp?" + "&".join(q for q in (query, "utm_source=x") if q)


def _variants(rng: random.Random, url: str, title: str, paragraphs: list[str]) -> list[Article]:
    """The original page, then 0–4 damaged copies of it."""
    def art(paras: list[str], **kw: object) -> Article:
        return Article(blocks=tuple(Block(kind=BlockKind.PARAGRAPH, text=p) for p in paras if p), **kw)

    original = art(paragraphs, title=title, url=url, authors=(Author(name="A. Writer"),))
    copies = [
        # re-wrapped text dump: no URL, no title, hard-wrapped lines, one page break split
        art(_rewrap(rng, paragraphs), unplaced_links=(Link(text="", href=url, page=1),)),
        # truncated: cut somewhere in the last 40 %
        art(paragraphs[:max(1, int(len(paragraphs) * rng.uniform(0.6, 1.0)))], truncated=True),
        # re-titled copy at a tracking/AMP variant of the URL
        art(paragraphs, title=title.upper() + " | Site", url=_amp(url)),
        # a clip: straight quotes, collapsed spaces, same URL
        art([p.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"') for p in paragraphs],
            title=title, url=url),
    ]
    return [original, *rng.sample(copies, rng.randint(0, len(copies)))]


def _rewrap(rng: random.Random, paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        words = p.split()
        width = rng.randint(10, 16)
        out.append("\n".join(" ".join(words[i:i + width]) for i in range(0, len(words), width)))
    if len(out) > 2:  # a page break splits one paragraph in two
        i = rng.randrange(len(out))
        lines = out[i].split("\n")
        if len(lines) > 1:
            out[i:i + 1] = ["\n".join(lines[:len(lines) // 2]), "\n".join(lines[len(lines) // 2:])]
    return out


def scale_run(size: int) -> dict[str, float]:
    """One size, in this process: generation, then timed ``group`` and the anchor."""
    articles, labels = generate(size)
    rss_before = _current_rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    groups = group(articles)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss_after = _peak_rss_mb()
    index = {id(a): i for i, a in enumerate(articles)}
    predicted = [[str(index[id(a)]) for a in g.articles] for g in groups]
    precision, recall, _, _ = pairwise(predicted, {str(i): label for i, label in enumerate(labels)})
    anchor, anchor_cpu = _anchor_seconds(articles)
    return {"size": size, "seconds": seconds, "cpu": cpu, "anchor": anchor, "anchor_cpu": anchor_cpu,
            "rss_before": rss_before, "rss_after": rss_after, "precision": precision, "recall": recall,
            "groups": len(groups)}


def _anchor_seconds(articles: list[Article]) -> tuple[float, float]:
    """datasketch's documented path: MinHash(update_batch of word 3-grams) + MinHashLSH query."""
    from datasketch import MinHash, MinHashLSH

    start, cpu = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, article in enumerate(articles):
        words = re.findall(r"\w+", article.text.lower())
        shingles = {" ".join(words[j:j + 3]).encode() for j in range(max(1, len(words) - 2))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        lsh.query(m)
        lsh.insert(str(i), m)
    return time.perf_counter() - start, time.process_time() - cpu


def _current_rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale() -> list[dict[str, float]]:
    """Each size in a fresh single-threaded process (peak RSS is per process)."""
    results = []
    for size in SCALE_SIZES:
        code = f"import json, bench.reconcile as b; print(json.dumps(b.scale_run({size})))"
        env = {**os.environ, "PYTHONPATH": ".", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parents[1], env=env)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


# --------------------------------------------------------------------------- report


def report(pile: Pile, grouping: tuple[float, float, int, int], results: list[ArticleResult],
           group_seconds: float, links: LinkResult, scaled: list[dict[str, float]]) -> str:
    precision, recall, npred, ntrue = grouping
    n = len(results)
    mean_f1 = sum(r.f1 for r in results) / n
    mean_best = sum(r.best_single for r in results) / n
    at_least = sum(r.f1 >= r.best_single - 1e-9 for r in results)
    below = [f"`{r.id[:6]}` {r.f1:.3f} < {r.best_single:.3f} ({r.best_kind})"
             for r in results if r.f1 < r.best_single - 1e-9]
    meta = {name: sum(getattr(r, name) for r in results) for name in ("title", "authors", "date", "url")}
    lines = [
        f"Captures read: {len(pile.articles)} of {len(pile.articles) + len(pile.failures)} "
        f"({pile.seconds:.1f} s with the real readers); grouped and reconciled in {group_seconds:.1f} s.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| grouping, pairwise precision / recall (all captures in one pile) | {precision:.3f} / "
        f"{recall:.3f} ({npred} predicted pairs, {ntrue} true) | 1.0 / 1.0 |",
        f"| groups found / articles | {n} / {len(pile.truths)} | 30 / 30 |",
        f"| reconciled body F1, mean (best single capture's mean) | {mean_f1:.4f} ({mean_best:.4f}) "
        "| ≥ 0.98 |",
        f"| articles with reconciled F1 ≥ best single capture's | {at_least} / {n} | {n} / {n} |",
        f"| title / authors / date / URL equal to truth.json | {meta['title']} / {meta['authors']} / "
        f"{meta['date']} / {meta['url']} of {n} | all |",
        f"| clip + text dump alone: truth links right (href on the right anchor) | {links.right} / "
        f"{links.truth} = {links.right / max(links.truth, 1):.1%} "
        f"({links.right / max(links.reachable, 1):.1%} of the {links.reachable} whose href the two "
        "captures hold at all) | ≥ 90 % |",
        f"| clip + text dump alone: wrong hrefs | {links.wrong} (extra links off the truth: {links.extra}; "
        f"placed by order {links.by_order}, by slug {links.by_slug}) | 0 |",
    ]
    lines += ["", f"Links: {links.truth - links.reachable} of the {links.truth} truth links are in neither "
              "capture (14 of the 30 dumps are cut off and lose their last page's URL list, and most clips "
              "keep only placeholders), so the 90 % target is out of reach from these two captures alone; "
              "of the links they hold, the share placed right is the figure to watch. Hrefs compare with an "
              "empty URL path read as `/` (RFC 3986), as prints write `https://host/` for `https://host`.",
              "", "Title: the one title that differs is a truth that keeps its site-name suffix "
              "(\"… - Digg\"), which issue 2 asks titles to drop; the web page's metadata drops it and wins "
              "the vote, by the general rule."]
    if below:
        lines += ["", "Below the best single capture: " + "; ".join(below) + "."]
    lines += ["", "Scale (generated captures, `group` only, single-threaded, each size in a fresh "
              "process):", "",
              "| captures | group() CPU s (wall) | anchor CPU s (wall): datasketch MinHash+LSH only | "
              "CPU ratio | RSS MB before → peak (growth) | pairwise P / R | groups |",
              "|---|---|---|---|---|---|---|"]
    for s in scaled:
        lines.append(f"| {int(s['size']):,} | {s['cpu']:.1f} ({s['seconds']:.1f}) | "
                     f"{s['anchor_cpu']:.1f} ({s['anchor']:.1f}) | {s['cpu'] / s['anchor_cpu']:.2f}× | "
                     f"{s['rss_before']:.0f} → {s['rss_after']:.0f} "
                     f"(+{s['rss_after'] - s['rss_before']:.0f}) | "
                     f"{s['precision']:.3f} / {s['recall']:.3f} | {int(s['groups']):,} |")
    lines += ["", "CPU seconds are the process's own (the 2 cores are shared with other jobs, so wall time "
              "varies); the anchor builds the candidate index only, with no decision rule or grouping.",
              "", "Targets: 10,000 captures in < 30 s on one core; memory growing linearly."]
    return "\n".join(lines)


def section(body: str) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{SECTION}\n\nAll captures of the 30 articles of `../shared/captures` in one pile, read with "
            "the real readers (`tearsheet.extract`), grouped with `tearsheet.group` and each group "
            "reconciled with `tearsheet.reconcile`; body F1 with the official metric (`bench/metric.py`), "
            "links with `bench.captures_common.link_score`.\n\n"
            f"Command: `{COMMAND}`  \nMachine: {machine()}  \nDate: {today}\n\n{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale runs")
    args = parser.parse_args()
    pile = read_pile()
    for key, reason in pile.failures.items():
        print(f"reader failed: {key[0][:6]}/{key[1]}: {reason}", file=sys.stderr)
    grouping, results, seconds = reconcile_groups(pile)
    links = clip_and_dump_links(pile)
    scaled = [] if args.no_scale else scale()
    body = report(pile, grouping, results, seconds, links, scaled)
    print(body)
    if not args.no_write and not args.no_scale:
        replace_section(SECTION, section(body))
        print(f"updated {BENCHMARKS.name}")


if __name__ == "__main__":
    main()
