"""Add a web page and two Chromium prints to some of the generated capture sets: five
captures of one article, as in ../shared/captures/README.md, for metadata across captures.

    PYTHONPATH=src python -m bench.make_capture_sets        # first: clip.md, print.txt, truth.json
    PYTHONPATH=src python -m bench.make_five_captures [--per-half 50]

For ``--per-half`` sets of each half (chosen by a stable hash of the set id), in
``bench/data/capture-sets/<id>/``:

* ``page.html``: the benchmark's page, bytes as stored;
* ``print.pdf``: a clean article page built from truth.json (h1 title, byline, date line, body
  paragraphs with their real links) printed by headless Chromium, header and footer off;
* ``print-raw.pdf``: ``page.html`` printed by headless Chromium with its header and footer
  (print date and page title at the top, URL and page number at the bottom), no network
  (scripts run: this Chromium prints nothing with them off). Unlike the recipe, the page is
  printed from its file, so the footer shows a ``file://`` path, not the article's URL.

Sets whose prints fail are left with three captures; ``bench.five_captures`` skips them.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from bench.make_capture_sets import OUT, SCRAPINGHUB, WCXB, _date_line, _hash

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND")
# (--blink-settings=scriptEnabled=false makes this Chromium print nothing: scripts run, offline.)
TIMEOUT = 60  # seconds per print; a page that takes longer is skipped
FONTS = ("Liberation Serif", "DejaVu Sans", "Liberation Sans", "DejaVu Serif")


def chosen(per_half: int) -> list[Path]:
    sets = sorted((p for p in OUT.iterdir() if (p / "truth.json").exists()),
                  key=lambda p: _hash("five:" + p.name))
    picked: dict[str, list[Path]] = {"tune": [], "check": []}
    for folder in sets:
        half = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["half"]
        if len(picked[half]) < per_half:
            picked[half].append(folder)
    return picked["tune"] + picked["check"]


def source_html(set_id: str) -> bytes:
    source, _, key = set_id.partition("-")
    if source == "wcxb":
        return gzip.decompress((WCXB / "html" / f"{key}.html.gz").read_bytes())
    path = next((SCRAPINGHUB / "html").glob(f"{key}*.html.gz"))
    return gzip.decompress(path.read_bytes())


def clean_page(truth: dict[str, object], font: str) -> str:
    """The recipe's clean article page: title, byline, date line, paragraphs with links."""
    esc = html.escape
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(str(truth['title']))}</title>"
             f"<style>body{{font-family:'{font}';font-size:11pt;margin:2cm}}</style></head><body>",
             f"<h1>{esc(str(truth['title']))}</h1>"]
    authors = list(truth["authors"])  # type: ignore[call-overload]
    if authors:
        parts.append("<p>By " + " and ".join(esc(a) for a in authors) + "</p>")
    if truth["published"]:
        parts.append(f"<p>{esc(_date_line(date.fromisoformat(str(truth['published']))))}</p>")
    links = [(ln["text"], ln["href"]) for ln in truth["links"]]  # type: ignore[attr-defined]
    for para in str(truth["body"]).split("\n\n"):
        out, at = [], 0
        while links and (found := para.find(links[0][0], at)) >= 0:
            text, href = links.pop(0)
            out += [esc(para[at:found]), f"<a href='{esc(href)}'>{esc(text)}</a>"]
            at = found + len(text)
        out.append(esc(para[at:]))
        parts.append("<p>" + "".join(out) + "</p>")
    return "".join(parts) + "</body></html>"


def print_pdf(source: Path, target: Path, header: bool) -> bool:
    flags = [*FLAGS, f"--print-to-pdf={target}"]
    if not header:
        flags.append("--no-pdf-header-footer")
    with tempfile.TemporaryDirectory() as profile:
        try:
            subprocess.run([CHROMIUM, *flags, f"--user-data-dir={profile}", source.as_uri()],
                           capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            return False
    return target.exists() and target.stat().st_size > 0


def make(folder: Path) -> bool:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    (folder / "page.html").write_bytes(source_html(folder.name))
    clean = folder / "clean.html"
    clean.write_text(clean_page(truth, FONTS[_hash(folder.name) % len(FONTS)]), encoding="utf-8")
    ok = print_pdf(clean, folder / "print.pdf", header=False)
    clean.unlink()
    return ok and print_pdf(folder / "page.html", folder / "print-raw.pdf", header=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-half", type=int, default=50)
    args = parser.parse_args()
    folders = chosen(args.per_half)
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = sum(pool.map(make, folders))
    print(f"printed {done} of {len(folders)} sets under {OUT}")


if __name__ == "__main__":
    main()
