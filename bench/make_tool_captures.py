"""Make the real-tool development set: captures of known articles, written by the tools people use.

Run from the repo root (installs the pinned tools first; generated files are gitignored)::

    PYTHONPATH=src /work/venv/bin/python -m bench.make_tool_captures [--wcxb 200] [--prints 40]

Articles: the 30 of ../shared/captures (page.html, print.pdf, truth.json) and a stable sample
of the WCXB development pages (../shared/bench/wcxb-dev-articles; the sample is the ids with
the smallest SHA-1, pages without a main content skipped). For each one, ``bench/out/tools/
<source>-<id>/`` gets ``truth.json`` (url, title, authors, published, body, links, domain, the
page's path) and, one file per tool:

=================  ====================================================================
file               tool
=================  ====================================================================
html2text.md       html2text on the whole page (its defaults: 78-column wrapping)
markdownify.md     markdownify on the whole page (ATX headings)
defuddle.md        Obsidian Web Clipper: defuddle + the clipper's default note template
markdownload.md    MarkDownload: Readability + Turndown, its default template
joplin.md          Joplin's clipper (Readability + Turndown), Markdown + Front Matter export
pdftotext.txt      poppler's pdftotext of the clean print (shared articles: print.pdf)
pypdf.txt          pypdf's ``extract_text`` of the clean print, pages joined with form feeds
pdfminer.txt       pdfminer.six's ``extract_text`` of the clean print
chromium-letter.pdf  the whole page printed by headless Chromium, Letter, no header/footer
chromium-a4.pdf    … A4 (``@page`` size added), browser header/footer on
weasyprint.pdf     the whole page printed by WeasyPrint (no browser header)
=================  ====================================================================

Prints are made for all shared articles and the first ``--prints`` WCXB ones.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.captures_common import load_truths
from bench.halves import site_of
from bench.metric import SHARED

OUT = Path(__file__).resolve().parent / "out" / "tools"
TOOLS_DIR = Path(__file__).resolve().parent / "out" / "tool-install"
WCXB = SHARED / "bench" / "wcxb-dev-articles"
NODE_SCRIPT = Path(__file__).resolve().parent / "tool_clips.mjs"

PIP_PINS = ("html2text==2025.4.15", "markdownify==1.2.3", "pypdf==7.1.1", "pdfminer.six==20260107",
            "weasyprint==70.0")
NPM_PINS = ("defuddle@0.19.4", "@mozilla/readability@0.6.0", "turndown@7.2.5",
            "turndown-plugin-gfm@1.0.2", "jsdom@29.1.1")
PRINT_TIMEOUT = 90  # seconds per print: a few pages run to hundreds of print pages
CLIP_NAMES = ("defuddle.md", "markdownload.md", "joplin.md")
NODE_BATCH = 20  # pages per node process


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # "<set>-<id>"
    html: Path  # the page (.html or .html.gz)
    print_pdf: Path | None  # a clean print, where the set has one
    truth: dict[str, Any]


def install() -> None:
    """The pinned tools: PyPI packages into TOOLS_DIR/py, npm packages into TOOLS_DIR/node,
    poppler-utils from Debian (pdftotext) when it is missing."""
    TOOLS_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(TOOLS_DIR / "py"),
                    *PIP_PINS], check=True)
    node = TOOLS_DIR / "node"
    node.mkdir(exist_ok=True)
    if not (node / "package.json").exists():
        (node / "package.json").write_text('{"name": "tool-clips", "private": true, "type": "module"}\n')
    subprocess.run(["npm", "install", "--silent", "--prefix", str(node), *NPM_PINS], check=True)
    if shutil.which("pdftotext") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "poppler-utils"], check=True)


def shared_sources() -> Iterator[Source]:
    for truth in load_truths():
        data = json.loads((truth.folder / "truth.json").read_text(encoding="utf-8"))
        data["domain"] = site_of(truth.url)
        yield Source(f"shared-{truth.id[:12]}", truth.folder / "page.html", truth.folder / "print.pdf", data)


def wcxb_sources(count: int) -> Iterator[Source]:
    ground = json.loads((WCXB / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted((i for i, g in ground.items() if (g.get("main_content") or "").strip()),
                 key=lambda i: hashlib.sha1(i.encode()).hexdigest())
    for page_id in ids[:count]:
        g = ground[page_id]
        truth = {"url": g["url"], "title": g.get("title"), "authors": _names(g.get("author")),
                 "published": g.get("publish_date"), "body": g["main_content"], "links": None,
                 "domain": g.get("domain") or site_of(g["url"])}
        yield Source(f"wcxb-{page_id}", WCXB / "html" / f"{page_id}.html.gz", None, truth)


def _names(author: str | None) -> list[str]:
    if not author:
        return []
    return [n.strip() for n in re.split(r"\s*(?:,|;|\band\b)\s*", author) if n.strip()]


def page_bytes(source: Source) -> bytes:
    data = source.html.read_bytes()
    return gzip.decompress(data) if source.html.suffix == ".gz" else data


def write_truth(source: Source) -> Path:
    folder = OUT / source.name
    folder.mkdir(parents=True, exist_ok=True)
    truth = dict(source.truth, page=str(source.html))
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def python_tools(source: Source, folder: Path) -> None:
    sys.path.insert(0, str(TOOLS_DIR / "py"))
    import html2text  # type: ignore[import-not-found]
    import markdownify  # type: ignore[import-not-found]

    html = _decode(page_bytes(source))
    url = source.truth["url"]
    converter = html2text.HTML2Text(baseurl=url)
    _write(folder / "html2text.md", lambda: converter.handle(html))
    _write(folder / "markdownify.md", lambda: markdownify.markdownify(html, heading_style="ATX"))
    if source.print_pdf is not None:
        _write(folder / "pdftotext.txt", lambda: subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(source.print_pdf), "-"], capture_output=True,
            check=True).stdout.decode("utf-8"))
        _write(folder / "pypdf.txt", lambda: _pypdf(source.print_pdf))
        _write(folder / "pdfminer.txt", lambda: _pdfminer(source.print_pdf))


def _decode(data: bytes) -> str:
    from tearsheet.readers.common.charset import decode
    return decode(data, None)


def _pypdf(path: Path | None) -> str:
    from pypdf import PdfReader  # type: ignore[import-not-found]
    return "\f".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _pdfminer(path: Path | None) -> str:
    from pdfminer.high_level import extract_text  # type: ignore[import-not-found]
    return str(extract_text(str(path)))


def _write(path: Path, make: Callable[[], str]) -> None:
    if path.exists():
        return
    try:
        path.write_text(make(), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001 — a tool that fails on one page loses that capture only
        print(f"{path}: {type(exc).__name__}: {exc}", file=sys.stderr)


def node_clips(jobs: list[tuple[Source, Path]]) -> None:
    todo = [(s, f) for s, f in jobs if not all((f / name).exists() for name in CLIP_NAMES)]
    script = TOOLS_DIR / "node" / NODE_SCRIPT.name  # next to its node_modules
    shutil.copy(NODE_SCRIPT, script)
    # A fresh node per batch: jsdom keeps memory, and one page that exhausts it costs one batch.
    for start in range(0, len(todo), NODE_BATCH):
        lines = "".join(json.dumps({"html": str(s.html), "url": s.truth["url"], "out": str(f)}) + "\n"
                        for s, f in todo[start:start + NODE_BATCH])
        done = subprocess.run(["node", "--max-old-space-size=3072", str(script)], input=lines.encode(),
                              check=False)
        if done.returncode:
            print(f"node stopped ({done.returncode}) in batch {start // NODE_BATCH}", file=sys.stderr)


def prints(source: Source, folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        data = page_bytes(source)
        page.write_bytes(data)
        a4 = Path(tmp) / "page-a4.html"
        a4.write_bytes(b"<style>@page { size: A4 }</style>\n" + data)
        _chromium(page, folder / "chromium-letter.pdf", header=False)
        _chromium(a4, folder / "chromium-a4.pdf", header=True)
        target = folder / "weasyprint.pdf"
        if not target.exists():
            env = dict(os.environ, PYTHONPATH=str(TOOLS_DIR / "py"))
            _run([sys.executable, "-m", "weasyprint", "-q", "-u", source.truth["url"], str(page),
                  str(target)], env=env)


def _chromium(page: Path, target: Path, *, header: bool) -> None:
    if target.exists():
        return
    # A timed-out Chromium may still be writing its profile when the folder is removed.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        # (Chromium 156 exits without printing when given --blink-settings=scriptEnabled=false,
        # so scripts run; with no network they mostly fail, as in the shared prints.)
        _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
              *([] if header else ["--no-pdf-header-footer"]), f"--print-to-pdf={target}", page.as_uri()])


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    try:
        subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired:
        print(f"timed out: {command[-1]}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wcxb", type=int, default=200, help="WCXB pages to capture")
    parser.add_argument("--prints", type=int, default=40, help="WCXB pages to print too")
    parser.add_argument("--no-install", action="store_true")
    args = parser.parse_args()
    if not args.no_install:
        install()
    sources = [*shared_sources(), *wcxb_sources(args.wcxb)]
    jobs = [(s, write_truth(s)) for s in sources]
    for source, folder in jobs:
        python_tools(source, folder)
    node_clips(jobs)
    printed = [(s, f) for s, f in jobs if s.print_pdf is not None][:30] + \
        [(s, f) for s, f in jobs if s.print_pdf is None][:args.prints]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda job: prints(*job), printed))
    print(f"{len(jobs)} articles in {OUT}")


if __name__ == "__main__":
    main()
