"""Metadata and body across five captures of one article, on sites tearsheet has never seen.

    PYTHONPATH=src python -m bench.make_capture_sets
    PYTHONPATH=src python -m bench.make_five_captures --per-half 45
    PYTHONPATH=src python -m bench.five_captures [--no-write] [--list]

For every generated capture set that holds all five captures (page.html, print.pdf,
print-raw.pdf, print.txt, clip.md; see ``bench.make_five_captures``), per half of the
sites: ``tearsheet.reconcile`` of the five, and the share of articles whose title, URL,
date and authors equal truth.json (titles and names compared after NFKC, straight quotes
and one space; URLs without a final slash); and the articles whose reconciled body F1 is below the best single
capture's. Targets: ≥ 98 % per field; reconciled F1 ≥ the best single capture's on every
article. Writes the ``## Metadata across five captures`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.captures_common import norm, same_url
from bench.make_capture_sets import OUT
from bench.metric import score_page
from bench.report import machine, replace_section
from tearsheet import extract
from tearsheet.errors import TearsheetError
from tearsheet.models import Article
from tearsheet.reconcile import reconcile

SECTION = "## Metadata across five captures"
COMMAND = "PYTHONPATH=src python -m bench.five_captures"
FILES = ("page.html", "print.pdf", "print-raw.pdf", "print.txt", "clip.md")
FIELDS = ("title", "url", "date", "authors")
F1_SLACK = 0.005  # a reconciled body this close to the best single capture's is not worse


@dataclass
class Tally:
    articles: int = 0
    right: Counter[str] = field(default_factory=Counter)
    worse_body: int = 0
    f1: float = 0.0
    best_single: float = 0.0
    misses: list[str] = field(default_factory=list)


def _read(path: Path) -> Article | None:
    try:
        return extract(path)
    except TearsheetError:
        return None


def fields(article: Article, truth: dict[str, object]) -> dict[str, tuple[object, object]]:
    """Each field as (reconciled, truth), normalised for comparison."""
    published = article.published.date().isoformat() if article.published else None
    return {
        "title": (norm(article.title or ""), norm(str(truth["title"]))),
        "url": (_url(article.url), _url(str(truth["url"]))),
        "date": (published, truth["published"]),
        "authors": (tuple(norm(a.name) for a in article.authors),
                    tuple(norm(a) for a in truth["authors"])),  # type: ignore[attr-defined]
    }


def _url(url: str | None) -> str:
    """A page's canonical URL often adds the trailing slash the benchmark's URL lacks."""
    return same_url(url or "").rstrip("/")


def measure() -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for folder in sorted(OUT.iterdir()):
        if not all((folder / name).exists() for name in FILES):
            continue
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        captures = [a for a in map(_read, (folder / name for name in FILES)) if a is not None]
        tally = tallies.setdefault(truth["half"], Tally())
        tally.articles += 1
        article = reconcile(captures)
        for name, (got, want) in fields(article, truth).items():
            if got == want:
                tally.right[name] += 1
            else:
                shown = f"{str(got)[:60]!r:64} truth {str(want)[:60]!r}"
                tally.misses.append(f"{folder.name:20} {name:8} {shown}")
        f1 = score_page(truth["body"], article.text).f1
        best = max(score_page(truth["body"], c.text).f1 for c in captures)
        tally.f1 += f1
        tally.best_single += best
        if f1 < best - F1_SLACK:
            tally.worse_body += 1
            tally.misses.append(f"{folder.name:20} body     F1 {f1:.3f} < best single {best:.3f}")
    return tallies


def report(tallies: dict[str, Tally]) -> str:
    lines = ["| half | articles | " + " | ".join(FIELDS) + " | body F1 (mean) | best single (mean) | "
             "body worse than the best single |", "|---" * (len(FIELDS) + 5) + "|"]
    for half in ("tune", "check"):
        t = tallies.get(half)
        if not t or not t.articles:
            continue
        cells = [f"{t.right[f]} / {t.articles} = {t.right[f] / t.articles:.1%}" for f in FIELDS]
        lines.append(f"| {half} | {t.articles} | " + " | ".join(cells) + f" | {t.f1 / t.articles:.3f} | "
                     f"{t.best_single / t.articles:.3f} | {t.worse_body} |")
    return "\n".join(lines)


def section(body: str) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{SECTION}\n\nTitle, URL, date and authors of `tearsheet.reconcile` over five captures of one "
            "article (web page, clean print, full-page print with header and footer, synthesised text dump, "
            "clip), on generated capture sets of both halves (`bench.make_five_captures`: the prints made "
            "with headless Chromium; the full-page print from the page's file, so its footer shows a "
            "`file://` path). Targets: ≥ 98 % per field, reconciled body F1 ≥ the best single capture's on "
            f"every article.\n\nCommand: `{COMMAND}`  \nMachine: {machine()}  \nDate: {today}\n\n{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    parser.add_argument("--list", action="store_true", help="list every field that differs from truth")
    args = parser.parse_args()
    tallies = measure()
    body = report(tallies)
    print(body)
    if args.list:
        for half, tally in tallies.items():
            for miss in tally.misses:
                print(f"{half:6} {miss}")
    if not args.no_write:
        replace_section(SECTION, section(body))
        print("updated BENCHMARKS.md")


if __name__ == "__main__":
    main()
