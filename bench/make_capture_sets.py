"""Make clip + text-dump capture sets from the 892 benchmark pages, after the recipe of
../shared/captures/README.md, as a development set for link placement and metadata.

    PYTHONPATH=src python -m bench.make_capture_sets          # writes bench/data/capture-sets/

Sources: the 711 pages of ``../shared/bench/wcxb-dev-articles`` and the 181 of
``../shared/bench/article-extraction``. Per page, in ``<source>-<id>/``:

* ``truth.json`` as in the recipe: url, title, authors, published, body (the benchmark's
  ground-truth paragraphs, whitespace collapsed) and links — every ``<a href>`` of the page
  whose enclosing element's text *is* a ground-truth paragraph and whose anchor text occurs
  in it, href made absolute; fragment-only and ``javascript:`` links are not links of a
  print. Plus ``site`` (the domain) and ``damage`` (what was done to the captures).
* ``clip.md``: the recipe's Markdown clip (title, ``By [A](#)``, date line, sometimes a
  photo credit linked to a real URL, body with ``[anchor](#)``; in about 1 in 5 clips the
  first two links keep their real href; ``Original url:`` at the end).
* ``print.txt``: the text an extraction server returns for a print of the clean article —
  **synthesised in Python, not printed with Chromium** (printing ~900 pages did not fit the
  time): a header (title wrapped short as an h1 is, byline, date line), body lines
  wrapped at 85–100 characters, pages of about 3,000–4,000 characters (a paragraph runs
  over a page break where the page fills), after each page the URL of every link
  annotation on it in order — a link whose words wrap is listed once per line, so twice,
  and a link wrapped over a page break is listed on both pages — with the recipe's
  whitespace quirks (a kept trailing space, a ``␠⏎␠`` paragraph break).

Damage, chosen per page from a stable hash (so reruns make the same files):

* dump ``cut`` (text cut inside its last page, that page's URL list lost) and/or
  ``noheader`` (title, byline and date lines missing, text starts with a space) — the
  recipe's damage, together in about half the files, each alone in a few more;
* clip ``real-hrefs`` (the first two links keep their href, as in the recipe);
* clip ``dropped-link`` (the clipper wrote one link as plain text: the dump has one URL
  more than the clip has anchors on that page);
* clip ``phantom-link`` (a link the print does not annotate, a ``#note`` footnote or a
  ``javascript:`` button, written ``[text](#)``: the clip has one anchor more);
* clip ``dropped-paragraph`` (the clipper lost one paragraph, an embed or pull quote);
* clip ``caption`` (a photo credit line linked to the photographer's page, outside the body).

Sites are split into two halves by a stable hash of the domain: ``tune`` and ``check``
(``half`` in truth.json).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html

from bench.halves import half_of, site_of
from bench.metric import SHARED

OUT = Path(__file__).resolve().parent / "data" / "capture-sets"
WCXB = SHARED / "bench" / "wcxb-dev-articles"
SCRAPINGHUB = SHARED / "bench" / "article-extraction"

WIDTHS = (85, 100)  # characters per printed body line (font and margins vary)
TITLE_WIDTH = 0.5  # an h1 line holds about this share of a body line
PAGE_CHARS = (3000, 4000)  # body characters per printed page
MIN_PARAGRAPH = 1  # characters
BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "td", "figcaption",
              "pre", "dd", "section", "article", "span")
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Para:
    text: str
    heading: bool = False
    links: list[tuple[int, str, str]] = field(default_factory=list)  # (start, anchor, href)
    phantoms: list[tuple[int, str]] = field(default_factory=list)  # anchors with no URI (#note)


@dataclass(slots=True)
class Page:
    id: str
    source: str
    url: str
    title: str
    authors: list[str]
    published: date | None
    paras: list[Para]

    @property
    def site(self) -> str:
        return site_of(self.url)

    @property
    def half(self) -> str:
        return half_of(self.site)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def norm(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --------------------------------------------------------------------------- truth from the page


def pages() -> Iterator[Page]:
    wcxb = json.loads((WCXB / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, item in sorted(wcxb.items()):
        html = gzip.decompress((WCXB / "html" / f"{page_id}.html.gz").read_bytes())
        authors = _authors(item.get("author") or "")
        published = _date(item.get("publish_date"))
        page = _page(f"wcxb-{page_id}", "wcxb", item["url"], item.get("title") or "", authors, published,
                     item["main_content"], html)
        if page:
            yield page
    shub = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, item in sorted(shub.items()):
        html = gzip.decompress((SCRAPINGHUB / "html" / f"{page_id}.html.gz").read_bytes())
        doc = _parse(html)
        if doc is None:
            continue
        title, authors, published = _page_metadata(doc)
        page = _page(f"shub-{page_id[:12]}", "shub", item["url"], title, authors, published,
                     item["articleBody"], html, doc)
        if page:
            yield page


def _authors(byline: str) -> list[str]:
    parts = re.split(r"\s*(?:,\s*and\s+|\s+and\s+|&|,)\s*", byline.strip())
    return [p for p in parts if p and len(p.split()) >= 2 and not p.isupper()]


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _parse(html: bytes) -> lxml.html.HtmlElement | None:
    try:
        html.decode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8")  # undeclared UTF-8 is not Latin-1
    except UnicodeDecodeError:
        parser = None
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # an unparsable page is skipped
        return None


def _page_metadata(doc: lxml.html.HtmlElement) -> tuple[str, list[str], date | None]:
    def meta(*names: str) -> str:
        for name in names:
            for el in doc.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
                if el.get("content"):
                    return norm(el.get("content"))
        return ""
    h1 = next((norm(h.text_content()) for h in doc.iter("h1") if norm(h.text_content())), "")
    title = h1 or meta("og:title", "twitter:title")
    authors = _authors(meta("author", "article:author", "parsely-author", "sailthru.author"))
    authors = [a for a in authors if not a.startswith("http")]
    published = _date(meta("article:published_time", "datePublished", "pubdate", "date", "parsely-pub-date"))
    return title, authors, published


def _page(page_id: str, source: str, url: str, title: str, authors: list[str], published: date | None,
          body: str, html: bytes, doc: lxml.html.HtmlElement | None = None) -> Page | None:
    doc = doc if doc is not None else _parse(html)
    texts = [norm(p) for p in re.split(r"\n+", body or "") if norm(p)]
    if doc is None or not texts or not title:
        return None
    elements = _elements(doc)
    paras = [_para(text, elements.get(text), url) for text in texts]
    return Page(page_id, source, url, norm(title), authors, published, paras)


def _elements(doc: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    """The innermost block element for each distinct normalised text."""
    found: dict[str, lxml.html.HtmlElement] = {}
    for el in doc.iter(*BLOCK_TAGS):
        text = norm(el.text_content())
        if text and len(text) < 20_000:
            found[text] = el  # later (deeper) elements with the same text win
    return found


def _para(text: str, element: lxml.html.HtmlElement | None, base: str) -> Para:
    para = Para(text=text, heading=element is not None and element.tag in HEADING_TAGS)
    if element is None:
        return para
    cursor = 0
    for a in element.iter("a"):
        anchor = norm(a.text_content())
        raw = (a.get("href") or "").strip()
        if not anchor or not raw:
            continue
        at = text.find(anchor, cursor)
        if at < 0:
            continue
        cursor = at + len(anchor)
        href = urljoin(base, raw)
        if raw.startswith(("#", "javascript:")) or urlsplit(href).scheme not in ("http", "https", "mailto"):
            para.phantoms.append((at, anchor))
        else:
            para.links.append((at, anchor, href))
    return para


# --------------------------------------------------------------------------- damage


@dataclass(frozen=True, slots=True)
class Damage:
    cut: bool
    noheader: bool
    real_hrefs: bool
    dropped_link: bool
    phantom_link: bool
    dropped_paragraph: bool
    caption: bool
    quirk_break: bool

    @property
    def names(self) -> list[str]:
        return [n.replace("_", "-") for n in self.__slots__ if getattr(self, n)]  # type: ignore[attr-defined]


def damage_of(page: Page) -> Damage:
    h = _hash("damage:" + page.id)
    roll = [(h >> (7 * i)) % 100 for i in range(9)]
    both = roll[0] < 48
    return Damage(cut=both or roll[1] < 8, noheader=both or roll[2] < 8, real_hrefs=roll[3] < 20,
                  dropped_link=roll[4] < 15, phantom_link=roll[5] < 15, dropped_paragraph=roll[6] < 10,
                  caption=roll[7] < 25, quirk_break=roll[8] < 30)


# --------------------------------------------------------------------------- clip


def _date_line(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _straight(text: str) -> str:
    return " ".join(text.replace("\u2018", "'").replace("\u2019", "'").split())


def clip(page: Page, damage: Damage) -> str:
    out = ["", "", f"# {_straight(page.title)}", ""]
    if page.authors:
        out += ["By " + " and ".join(f"[{a}](#)" for a in page.authors), ""]
    if page.published:
        out += [_date_line(page.published), ""]
    if damage.caption:
        out += [f"A view of the scene. Photograph: [Staff Photographer](https://{page.site}/staff/photo-desk)",
                ""]
    kept = _clip_links(page, damage)
    dropping = damage.dropped_paragraph and len(page.paras) > 3
    drop = _hash("para:" + page.id) % len(page.paras) if dropping else -1
    for n, para in enumerate(page.paras):
        if n == drop:
            continue
        text = _marked(para, kept.get(n, []))
        out += [("## " if para.heading else "") + _straight(text), ""]
    out += ["Original url:", "", f"<{page.url}>"]
    return "\n".join(out)


def _clip_links(page: Page, damage: Damage) -> dict[int, list[tuple[int, str, str]]]:
    """Per paragraph, the links the clip writes: (start, anchor, href or "#")."""
    every = [(n, link) for n, para in enumerate(page.paras) for link in para.links]
    dropped = every[_hash("drop:" + page.id) % len(every)] if damage.dropped_link and every else None
    real = {id(link) for _, link in every[:2]} if damage.real_hrefs else set()
    kept: dict[int, list[tuple[int, str, str]]] = {}
    for n, link in every:
        if (n, link) != dropped:
            kept.setdefault(n, []).append((link[0], link[1], link[2] if id(link) in real else "#"))
    phantoms = [(n, p) for n, para in enumerate(page.paras) for p in para.phantoms]
    if damage.phantom_link and phantoms:
        n, (start, anchor) = phantoms[_hash("phantom:" + page.id) % len(phantoms)]
        kept.setdefault(n, []).append((start, anchor, "#"))
    for links in kept.values():
        links.sort()
    return kept


def _marked(para: Para, links: list[tuple[int, str, str]]) -> str:
    """The paragraph in Markdown: links as ``[anchor](href)``, brackets escaped as clippers do."""
    text, out, at = para.text, [], 0
    for start, anchor, href in links:
        if start < at:
            continue
        out += [_escaped(text[at:start]), f"[{_escaped(anchor)}]({href})"]
        at = start + len(anchor)
    return "".join([*out, _escaped(text[at:])])


def _escaped(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


# --------------------------------------------------------------------------- text dump


@dataclass(slots=True)
class _Line:
    text: str
    urls: list[str]  # one per link annotation on this line, in order
    ends_paragraph: bool = False
    gap_after: bool = False  # a blank line follows (paragraph spacing)


def dump(page: Page, damage: Damage) -> str:
    h = _hash("layout:" + page.id)
    width = WIDTHS[0] + h % (WIDTHS[1] - WIDTHS[0] + 1)
    page_chars = PAGE_CHARS[0] + (h >> 8) % (PAGE_CHARS[1] - PAGE_CHARS[0])
    lines: list[_Line] = []
    if not damage.noheader:
        lines += _header(page, width)
    for n, para in enumerate(page.paras):
        wrapped = _wrap(para, width if not para.heading else int(width * 0.8))
        wrapped[-1].ends_paragraph = True
        wrapped[-1].gap_after = True
        trailing = _hash(f"trail:{page.id}:{n}") % 10 == 0
        if trailing:
            wrapped[-1].text += " "
        lines += wrapped
    per_page = max(8, page_chars // width)
    printed = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    if damage.quirk_break:
        _quirk(printed, _hash("quirk:" + page.id))
    text_pages = ["\n".join(_page_lines(p)) for p in printed]
    url_lists = [[u for line in p for u in line.urls] for p in printed]
    if damage.cut:
        last = text_pages[-1]
        keep = max(1, int(len(last) * (0.5 + (_hash("cut:" + page.id) % 45) / 100)))
        text_pages[-1] = last[:keep].rstrip("\n")
        url_lists[-1] = []
    out = []
    for n, (text, urls) in enumerate(zip(text_pages, url_lists, strict=True)):
        last = n == len(text_pages) - 1
        if urls:
            out.append(text + "\n\n" + "\n".join(urls) + ("\n" if last else "\n\n\n"))
        else:
            out.append(text + ("" if last and damage.cut else "\n" if last else "\n\n\n"))
    result = "".join(out)
    return " " + result.lstrip() if damage.noheader else result


def _header(page: Page, width: int) -> list[_Line]:
    lines = [_Line(text=line, urls=[]) for line in _wrap_words(page.title, int(width * TITLE_WIDTH))]
    lines[-1].gap_after = True
    if page.authors:
        lines.append(_Line(text="By " + " and ".join(page.authors), urls=[], gap_after=True))
    if page.published:
        lines.append(_Line(text=_date_line(page.published), urls=[], gap_after=True))
    return lines


def _wrap_words(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines or [""]


def _wrap(para: Para, width: int) -> list[_Line]:
    """Lines of a paragraph, each with the URLs of the link pieces it holds."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", para.text)]
    spans: list[tuple[int, int]] = []
    start = end = -1
    for ws, we in words:
        if start >= 0 and we - start > width:
            spans.append((start, end))
            start = -1
        if start < 0:
            start = ws
        end = we
    spans.append((start, end))
    lines = []
    for ls, le in spans:
        urls = [href for s, anchor, href in para.links if s < le and s + len(anchor) > ls]
        lines.append(_Line(text=para.text[ls:le], urls=urls))
    return lines


def _quirk(printed: list[list[_Line]], h: int) -> None:
    """One paragraph break printed as "␠⏎␠" (no blank line)."""
    ends = [(p, i) for p, lines in enumerate(printed) for i, line in enumerate(lines[:-1]) if line.gap_after]
    if ends:
        p, i = ends[h % len(ends)]
        printed[p][i].gap_after = False
        printed[p][i].text = printed[p][i].text.rstrip() + " "
        printed[p][i + 1].text = " " + printed[p][i + 1].text


def _page_lines(lines: list[_Line]) -> list[str]:
    out = []
    for n, line in enumerate(lines):
        out.append(line.text)
        if line.gap_after and n < len(lines) - 1:
            out.append("")
    return out


# --------------------------------------------------------------------------- write


def truth_json(page: Page, damage: Damage) -> dict[str, object]:
    return {
        "url": page.url, "title": page.title, "authors": page.authors,
        "published": page.published.isoformat() if page.published else None,
        "body": "\n\n".join(p.text for p in page.paras),
        "links": [{"text": a, "href": h} for p in page.paras for _, a, h in p.links],
        "site": page.site, "half": page.half, "source": page.source, "damage": damage.names,
    }


def write(out: Path = OUT) -> dict[str, int]:
    if out.exists():
        shutil.rmtree(out)
    counts = {"pages": 0, "links": 0, "tune": 0, "check": 0}
    for page in pages():
        damage = damage_of(page)
        folder = out / page.id
        folder.mkdir(parents=True)
        (folder / "truth.json").write_text(json.dumps(truth_json(page, damage), ensure_ascii=False, indent=1),
                                           encoding="utf-8")
        (folder / "clip.md").write_text(clip(page, damage), encoding="utf-8")
        (folder / "print.txt").write_text(dump(page, damage), encoding="utf-8")
        counts["pages"] += 1
        counts["links"] += sum(len(p.links) for p in page.paras)
        counts[page.half] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts = write(args.out)
    print(f"wrote {counts['pages']} capture sets ({counts['tune']} tune, {counts['check']} check), "
          f"{counts['links']} truth links, under {args.out}")


if __name__ == "__main__":
    main()
