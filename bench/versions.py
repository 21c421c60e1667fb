"""Versions (issue 16): captures of articles edited between captures, mixed with damaged ones.

    PYTHONPATH=src python -m bench.versions            # measure, print, update BENCHMARKS.md
    PYTHONPATH=src python -m bench.versions --no-write --limit 200

The set is generated from the 30 shared capture groups (../shared/captures: truth.json and
page.html) and the 711 WCXB development pages (../shared/bench/wcxb-dev-articles). Each
article gets 1–3 versions (30 / 50 / 20 %); each update makes 1–3 sentence-level edits
(a number or a name changed, words added to a sentence, a sentence added or cut, now and
then a paragraph cut or moved), rewrites the headline in 30 % of updates and adds a
correction or update note in 30 %. Every version is captured as several kinds, read with
the real readers (``tearsheet.extract``):

- a web page: the article's own page.html with the edits applied to its text nodes (only
  sentences the HTML holds verbatim are edited), its capture time (WARC-Date) as ``fetched``
  and, for half the pages, the version's time as the stated ``modified``;
- a Markdown clip rendered as ../shared/captures/README.md describes (``fetched``: its time);
- a text dump rendered as README.md describes (hard-wrapped, URLs at page ends), half of
  them damaged: header lost, cut off inside a line at 55–95 % of the text;
- in 30 % of versions one more damaged dump (cut off) of the same version.

Damaged captures must never count as versions. Articles are split by site (stable hash of
the domain) into a tuning half and a checking half; both are reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import importlib
import json
import random
import re
import subprocess
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from bench.captures_common import load_truths
from bench.halves import HALVES, half_of, site_of
from bench.metric import SHARED, score_page
from bench.report import machine, replace_section
from tearsheet import extract
from tearsheet.models import Article, EditAction
from tearsheet.reconcile import group, reconcile
from tearsheet.reconcile.edits import note_kind, sentences
from tearsheet.reconcile.keys import letters
from tearsheet.reconcile.versions import sentences_of

SECTION = "## Versions"
COMMAND = "PYTHONPATH=src python -m bench.versions"
WCXB = SHARED / "bench" / "wcxb-dev-articles"
SEED = 16
VERSION_COUNTS = ((1, 0.3), (2, 0.5), (3, 0.2))
EDITS_PER_UPDATE = ((1, 0.5), (2, 0.3), (3, 0.2))
ACTIONS = {"change": 0.55, "add": 0.2, "cut": 0.15, "cut-paragraph": 0.05, "move": 0.05}
HEADLINE_RATE = 0.3
NOTE_RATE = 0.3
FAITHFUL = 0.95  # share of the truth's sentences the page (as read) must hold word for word
MIN_SENTENCES = 4  # articles with fewer sentences are left out (too little to edit)
ENDS = ".!?\"'”’)"  # edits touch whole sentences (headings and list labels have no full stop)
NAMES = ("Harrington", "Okafor", "Lindqvist", "Moreau", "Takahashi", "Castellanos", "Novak", "Adeyemi")
CORRECTIONS = (
    "Correction: An earlier version of this article misstated {what}.",
    "Correction: This article has been corrected to show {what}.",
    "An earlier version of this article incorrectly stated {what}.",
    "CORRECTION: A previous version of this story gave the wrong {what}.",
)
UPDATES = (
    "Update: This article has been updated with {what}.",
    "Updated at {time} to include {what}.",
    "This story has been updated with {what}.",
    "UPDATE, {time}: {what} was added to this report.",
)
WHATS = ("the figure in the third paragraph", "the name of a spokesperson", "a date",
         "comment from officials", "new details", "the number of people involved")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    site: str
    url: str
    title: str
    authors: tuple[str, ...]
    published: dt.date | None
    paragraphs: tuple[str, ...]
    page: str | None  # the page's HTML


@dataclass(slots=True)
class Version:
    paragraphs: list[str]
    title: str
    page: str | None
    time: dt.datetime
    body: frozenset[str] = frozenset()  # sentence keys of the original page's body
    edits: list[tuple[str, str, str]] = field(default_factory=list)  # (action, old key, new key)
    note: str | None = None
    note_top: bool = False


@dataclass(frozen=True, slots=True)
class Capture:
    article: Article
    version: int  # index into the article's versions
    damaged: bool


# --------------------------------------------------------------------------- sources


def sources() -> Iterator[Source]:
    for truth in load_truths():
        page = (truth.folder / "page.html").read_bytes().decode("utf-8", "replace")
        yield Source(truth.id[:12], site_of(truth.url), truth.url, truth.title, truth.authors,
                     truth.published, tuple(truth.paragraphs), page)
    data = json.loads((WCXB / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in sorted(data.items()):
        path = WCXB / "html" / f"{key}.html.gz"
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace") if path.exists() else None
        paragraphs = tuple(p.strip() for p in (entry.get("main_content") or "").split("\n\n") if p.strip())
        published = _date(entry.get("publish_date"))
        author = entry.get("author")
        yield Source(f"wcxb-{key}", site_of(entry["url"]), entry["url"], entry.get("title") or "",
                     (author,) if isinstance(author, str) and author else (), published, paragraphs, page)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def faithful(source: Source) -> bool:
    """The truth is the page's own text: clips and dumps rendered from it are the same version
    as the page (WCXB truths are cleaned: typos fixed, lists renumbered, on some pages much more)."""
    body = page_body(source.page)
    found = [s.key in body for p in source.paragraphs for s in sentences_of(p) if len(s.text.split()) >= 4]
    return bool(found) and sum(found) / len(found) >= FAITHFUL


# --------------------------------------------------------------------------- versions and edits


def _weighted(rng: random.Random, table: tuple[tuple[int, float], ...]) -> int:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def _sentences(paragraph: str) -> list[str]:
    return [s.text for s in sentences_of(paragraph)]


def _in_page(page: str | None, text: str, body: frozenset[str] = frozenset()) -> bool:
    """The page holds the text once, and its body (as the reader reads it) holds it: an edit
    there changes the article, not a copy in its JSON-LD or meta description."""
    if page is None:
        return True
    return page.count(html.escape(text, quote=False)) == 1 and all(
        s.key in body for s in sentences_of(text))


def page_body(page: str | None) -> frozenset[str]:
    if page is None:
        return frozenset()
    try:
        return frozenset(s.key for s in sentences(extract(page.encode("utf-8")).blocks))
    except Exception:  # an unreadable page takes no edits
        return frozenset()


def make_versions(source: Source, rng: random.Random, others: list[str]) -> list[Version]:
    base = dt.datetime.combine(source.published or dt.date(2024, 5, 14), dt.time(8, 0))
    versions = [Version(list(source.paragraphs), source.title, source.page, base, page_body(source.page))]
    for _ in range(_weighted(rng, VERSION_COUNTS) - 1):
        update = _update(versions[-1], rng, others)
        if update.edits:  # an update that found nothing to edit is no version
            versions.append(update)
    return versions


def _update(old: Version, rng: random.Random, others: list[str]) -> Version:
    new = Version(list(old.paragraphs), old.title, old.page,
                  old.time + dt.timedelta(hours=rng.randint(2, 40)), old.body)
    touched: set[str] = set()
    wanted = _weighted(rng, EDITS_PER_UPDATE)
    for _ in range(4 * wanted):  # an edit that finds no target is drawn again
        if len({e[1] or e[2] for e in new.edits}) >= wanted and new.edits:
            break
        action = rng.choices(list(ACTIONS), list(ACTIONS.values()))[0]
        saved = (list(new.paragraphs), new.page, len(new.edits))
        {"change": _change, "add": _add, "cut": _cut, "cut-paragraph": _cut_paragraph,
         "move": _move}[action](new, rng, touched, others)
        if new.page is not None and len(new.edits) > saved[2] and not _shows(new, new.edits[saved[2]:]):
            new.paragraphs, new.page, new.edits = saved[0], saved[1], new.edits[:saved[2]]
    if rng.random() < HEADLINE_RATE and new.title:
        title = _rewrite_title(new.title, rng)
        if new.page is not None:
            new.page = _retitled(new.page, new.title, title)
        new.title = title
    if rng.random() < NOTE_RATE:
        _note(new, rng)
    return new


def _shows(version: Version, edits: list[tuple[str, str, str]]) -> bool:
    """The edited page, as the reader reads it, shows the edits (not a copy in its metadata)."""
    body = page_body(version.page)
    for action, old, new in edits:
        if action in ("changed", "added") and new not in body:
            return False
        if action in ("changed", "removed") and old in body:
            return False
    return True


_TITLE_PLACES = re.compile(r"(<title[^>]*>|<h1[^>]*>|content=\")(.*?)(</title>|</h1>|\")", re.S | re.I)


def _retitled(page: str, old: str, new: str) -> str:
    """The headline changed where a page states it (title, h1, meta), never inside the body."""
    before, after = html.escape(old, quote=False), html.escape(new, quote=False)
    return _TITLE_PLACES.sub(lambda m: m.group(1) + m.group(2).replace(before, after) + m.group(3), page)


def _targets(version: Version, touched: set[str]) -> list[tuple[int, str]]:
    found = []
    for n, paragraph in enumerate(version.paragraphs):
        if version.note is not None and paragraph == version.note:
            continue
        for sentence in _sentences(paragraph):
            if (len(sentence.split()) >= 6 and letters(sentence) not in touched and sentence[-1:] in ENDS
                    and _in_page(version.page, sentence, version.body) and paragraph.count(sentence) == 1):
                found.append((n, sentence))
    return found


def _replace(version: Version, n: int, old: str, new: str) -> None:
    version.paragraphs[n] = version.paragraphs[n].replace(old, new, 1)
    if version.page is not None:
        version.page = version.page.replace(html.escape(old, quote=False), html.escape(new, quote=False), 1)


def _change(version: Version, rng: random.Random, touched: set[str], others: list[str]) -> None:
    targets = _targets(version, touched)
    if not targets:
        return
    n, sentence = rng.choice(targets)
    numbers = list(re.finditer(r"\d+", sentence))
    names = [m for m in re.finditer(r"(?<=\s)[A-Z][a-z]{3,}\b", sentence)]
    if numbers and rng.random() < 0.6:
        m = rng.choice(numbers)
        value = str(int(m.group()) + rng.randint(1, 9)) if len(m.group()) < 9 else m.group()[::-1]
        changed = sentence[:m.start()] + value + sentence[m.end():]
    elif names:
        m = rng.choice(names)
        changed = sentence[:m.start()] + rng.choice([x for x in NAMES if x != m.group()]) + sentence[m.end():]
    else:
        end = len(sentence.rstrip(".!?\"'”’"))
        changed = sentence[:end] + ", officials said on " + rng.choice(["Tuesday", "Friday", "Sunday"]) \
            + sentence[end:]
    if letters(changed) == letters(sentence):
        return
    _replace(version, n, sentence, changed)
    touched.update({letters(sentence), letters(changed)})
    version.edits.append(("changed", letters(sentence), letters(changed)))


def _add(version: Version, rng: random.Random, touched: set[str], others: list[str]) -> None:
    targets = _targets(version, touched)
    if not targets or not others:
        return
    n, sentence = rng.choice(targets)
    added = rng.choice(others)
    if letters(added) in {letters(s) for p in version.paragraphs for s in _sentences(p)}:
        return
    _replace(version, n, sentence, f"{sentence} {added}")
    touched.update({letters(sentence), letters(added)})
    version.edits.append(("added", "", letters(added)))


def _cut(version: Version, rng: random.Random, touched: set[str], others: list[str]) -> None:
    targets = [(n, s) for n, s in _targets(version, touched) if len(_sentences(version.paragraphs[n])) >= 2]
    if not targets:
        return
    n, sentence = rng.choice(targets)
    rest = version.paragraphs[n].replace(sentence, "", 1)
    _replace(version, n, sentence, "")
    version.paragraphs[n] = " ".join(rest.split())
    touched.add(letters(sentence))
    version.edits.append(("removed", letters(sentence), ""))


def _whole_paragraphs(version: Version, touched: set[str]) -> list[int]:
    keys = {letters(s) for _, s in _targets(version, touched)}
    return [n for n, p in enumerate(version.paragraphs)
            if _sentences(p) and all(letters(s) in keys for s in _sentences(p))
            and _in_page(version.page, p, version.body)
            and n not in (0, len(version.paragraphs) - 1)]


def _cut_paragraph(version: Version, rng: random.Random, touched: set[str], others: list[str]) -> None:
    candidates = _whole_paragraphs(version, touched)
    if not candidates or len(version.paragraphs) < 4:
        return
    n = rng.choice(candidates)
    paragraph = version.paragraphs.pop(n)
    if version.page is not None:
        version.page = version.page.replace(html.escape(paragraph, quote=False), "", 1)
    for sentence in _sentences(paragraph):
        touched.add(letters(sentence))
        version.edits.append(("removed", letters(sentence), ""))


def _move(version: Version, rng: random.Random, touched: set[str], others: list[str]) -> None:
    """Swap a paragraph with the longer one after it: the shorter one's sentences moved."""
    whole = set(_whole_paragraphs(version, touched))
    pairs = [n for n in whole if n + 1 in whole
             and len(_sentences(version.paragraphs[n])) < len(_sentences(version.paragraphs[n + 1]))]
    if not pairs:
        return
    n = rng.choice(pairs)
    first, second = version.paragraphs[n], version.paragraphs[n + 1]
    version.paragraphs[n], version.paragraphs[n + 1] = second, first
    if version.page is not None:
        a, b = html.escape(first, quote=False), html.escape(second, quote=False)
        version.page = version.page.replace(a, "\x00").replace(b, a).replace("\x00", b)
    for sentence in _sentences(first):
        touched.add(letters(sentence))
        version.edits.append(("moved", letters(sentence), letters(sentence)))
    touched.update(letters(s) for s in _sentences(second))


def _rewrite_title(title: str, rng: random.Random) -> str:
    return rng.choice([f"{title}: what we know", f"{title} as officials respond", f"{title}, report says",
                       f"What to know: {title}"])


def _note(version: Version, rng: random.Random) -> None:
    correction = rng.random() < 0.5
    template = rng.choice(CORRECTIONS if correction else UPDATES)
    note = template.format(what=rng.choice(WHATS), time=f"{rng.randint(1, 11)}:{rng.randint(10, 59)} p.m. ET")
    note = note[0].upper() + note[1:]
    top = not correction and rng.random() < 0.5
    if version.page is not None:
        edge = _sentences(version.paragraphs[0])[:1] if top else _sentences(version.paragraphs[-1])[-1:]
        if not edge or not _in_page(version.page, edge[0], version.body):
            return
        at = version.page.find(html.escape(edge[0], quote=False))
        if top:
            start = version.page.rfind("<p", 0, at)
            if start < 0:
                return
            version.page = version.page[:start] + f"<p>{html.escape(note)}</p>" + version.page[start:]
        else:
            end = version.page.find("</p>", at)
            if end < 0:
                return
            end += 4
            version.page = version.page[:end] + f"<p>{html.escape(note)}</p>" + version.page[end:]
    version.paragraphs = [note, *version.paragraphs] if top else [*version.paragraphs, note]
    version.note, version.note_top = note, top


# --------------------------------------------------------------------------- captures


def clip(source: Source, version: Version) -> str:
    lines = ["", "", f"# {version.title}", ""]
    if source.authors:
        lines += [f"By {' and '.join(f'[{a}](#)' for a in source.authors)}", ""]
    if source.published:
        lines += [source.published.strftime("%B %-d, %Y"), ""]
    for paragraph in version.paragraphs:  # a list's items stay lines; spaces collapse within a line
        straight = paragraph.replace("\u2019", "'").replace("\u2018", "'")
        lines += [" ".join(line.split()) for line in straight.split("\n") if line.strip()] + [""]
    return "\n".join(lines) + f"\nOriginal url:\n\n{source.url}"


def dump(source: Source, version: Version, rng: random.Random, *, damaged: bool) -> str:
    width = rng.randint(85, 100)
    lines: list[str] = []
    if not damaged:
        lines += [version.title, ""]
        if source.authors:
            lines += ["By " + " and ".join(source.authors), ""]
        if source.published:
            lines += [source.published.strftime("%b. %-d, %Y"), ""]
    for paragraph in version.paragraphs:
        for line in paragraph.split("\n"):
            lines += textwrap.wrap(" ".join(line.split()), width=width, break_long_words=False)
        lines.append("")
    pages: list[str] = []
    per_page = rng.randint(40, 55)
    for start in range(0, len(lines), per_page):
        pages.append("\n".join(lines[start:start + per_page]).rstrip("\n") + f"\n\n{source.url}\n\n\n")
    text = "".join(pages)
    if damaged:
        body = text.rstrip()
        cut = int(len(body) * rng.uniform(0.55, 0.95))
        line_end = body.find("\n", cut)
        cut = min(cut, line_end - 3) if line_end > cut + 3 else cut
        while cut > 0 and not body[cut - 1].isalnum():
            cut -= 1
        text = " " + body[:cut]
    return text


def read(data: str, **fields: object) -> Article | None:
    try:
        article = extract(data.encode("utf-8"))
    except Exception:  # a reader failure drops the capture, as a real run would
        return None
    return replace(article, **fields)  # type: ignore[arg-type]


def captures(source: Source, versions: list[Version], rng: random.Random) -> list[Capture]:
    result: list[Capture] = []
    for index, version in enumerate(versions):
        mine: list[Capture] = []
        seen = version.time + dt.timedelta(minutes=rng.randint(5, 90))
        if version.page is not None and rng.random() < 0.85:
            stated = version.time if rng.random() < 0.5 else None
            page = read(version.page, fetched=seen, modified=stated, url=source.url)
            if page is not None and page.blocks:
                mine.append(Capture(page, index, False))
        if rng.random() < 0.6 or not mine:
            made = read(clip(source, version), fetched=seen + dt.timedelta(minutes=rng.randint(1, 30)))
            if made is not None:
                mine.append(Capture(made, index, False))
        if rng.random() < 0.7:
            damaged = rng.random() < 0.5
            made = read(dump(source, version, rng, damaged=damaged))
            if made is not None:
                mine.append(Capture(made, index, damaged))
        if rng.random() < 0.3:
            made = read(dump(source, version, rng, damaged=True))
            if made is not None:
                mine.append(Capture(made, index, True))
        result += mine
    return result


# --------------------------------------------------------------------------- measuring


@dataclass(slots=True)
class Tally:
    articles: int = 0
    multi: int = 0
    exact: int = 0
    damaged_version: int = 0
    captures: int = 0
    assigned: int = 0
    assigned_or_same_text: int = 0
    edits_tp: int = 0
    edits_fp: int = 0
    edits_fn: int = 0
    notes: int = 0
    notes_found: int = 0
    bodies: int = 0
    body_f1: float = 0.0
    bodies_099: int = 0
    leaks: int = 0
    single: int = 0  # one-version articles: the body F1 today's reconcile reaches on such captures
    single_f1: float = 0.0
    groups_split: int = 0
    seconds: float = 0.0
    reconcile_calls: int = 0


def measure(source: Source, versions: list[Version], caps: list[Capture], tally: Tally) -> None:
    tally.articles += 1
    tally.multi += len(versions) > 1
    articles = [c.article for c in caps]
    start = time.perf_counter()
    groups = group(articles)
    biggest = max(groups, key=lambda g: len(g.captures))
    result = reconcile(biggest)
    tally.seconds += time.perf_counter() - start
    tally.reconcile_calls += 1
    tally.groups_split += len(groups) > 1
    truth_of = {c.article.capture_id: c for c in caps}
    found = result.versions or ()
    everything = result.provenance.captures if result.provenance else ()
    predicted = [v.captures for v in found] if found else [everything]
    bodies = [v.article for v in found] if found else [result]
    labels = [Counter(truth_of[c].version for c in ids if c in truth_of).most_common(1)[0][0]
              for ids in predicted]
    exact = len(predicted) == len(versions) and labels == list(range(len(versions)))
    tally.exact += exact
    if not exact and MISSES is not None and half_of(source.site) == "tune":
        MISSES.append(_miss(source, versions, caps, predicted, truth_of))
    only_damaged = any(all(truth_of[c].damaged for c in ids if c in truth_of) for ids in predicted)
    if only_damaged and len(predicted) > 1:
        tally.damaged_version += 1
    keys = [{letters(s) for p in v.paragraphs for s in _sentences(p)} for v in versions]
    for ids, label in zip(predicted, labels, strict=True):
        for cid in ids:
            capture = truth_of[cid]
            tally.captures += 1
            tally.assigned += capture.version == label
            own = {s.key for s in sentences(capture.article.blocks)}
            same_text = own <= keys[label] | _furniture(own, keys)
            tally.assigned_or_same_text += capture.version == label or same_text
    _edits(versions, found if exact else (), tally)
    _notes(versions, found, labels, tally)
    for article, label in zip(bodies, labels, strict=True):
        text = "\n\n".join(b.text for b in article.blocks if b.text and not note_kind(b.text))
        truth = "\n\n".join(p for p in versions[label].paragraphs if p != versions[label].note)
        f1 = score_page(truth, text).f1
        tally.bodies += 1
        tally.body_f1 += f1
        if len(versions) == 1:
            tally.single += 1
            tally.single_f1 += f1
        tally.bodies_099 += f1 >= 0.99
        others = set().union(*(k for n, k in enumerate(keys) if n != label)) - keys[label]
        tally.leaks += any(s.key in others for s in sentences(article.blocks))


MISSES: list[str] | None = None  # --misses: tune-half articles whose versions were not found exactly


def _miss(source: Source, versions: list[Version], caps: list[Capture], predicted: list[tuple[str, ...]],
          truth_of: dict[str, Capture]) -> str:
    """One line per article: the truth's versions, then each found version's captures as
    ``kind:true version`` (``!`` marks a damaged capture)."""
    def tag(cid: str) -> str:
        c = truth_of[cid]
        return f"{c.article.kind.value if c.article.kind else '?'}:{c.version}{'!' if c.damaged else ''}"
    edits = " / ".join(",".join(a for a, _, _ in v.edits) or "-" for v in versions[1:])
    found = " | ".join(" ".join(tag(c) for c in ids if c in truth_of) for ids in predicted)
    return f"{source.id} truth={len(versions)} edits=[{edits}] found={len(predicted)}: {found}"


def _furniture(own: set[str], keys: list[set[str]]) -> set[str]:
    """A capture's sentences no version has (a page's furniture): no evidence either way."""
    every = set().union(*keys)
    return {k for k in own if k not in every}


def _edits(versions: list[Version], found: tuple[object, ...], tally: Tally) -> None:
    for index, version in enumerate(versions[1:], start=1):
        truth = Counter(version.edits)
        got: Counter[tuple[str, str, str]] = Counter()
        if found:
            got = Counter((e.action.value, letters(e.old or "") if e.action is not EditAction.ADDED else "",
                           letters(e.new or "") if e.action is not EditAction.REMOVED else "")
                          for e in found[index].edits)  # type: ignore[attr-defined]
        tally.edits_tp += sum((truth & got).values())
        tally.edits_fp += sum((got - truth).values())
        tally.edits_fn += sum((truth - got).values())


def _notes(versions: list[Version], found: tuple[object, ...], labels: list[int], tally: Tally) -> None:
    for index, version in enumerate(versions):
        if version.note is None or (index and version.note == versions[index - 1].note):
            continue
        tally.notes += 1
        where = [n for n, label in enumerate(labels) if label == index]
        held = {letters(note.text) for n in where if found for note in found[n].notes}  # type: ignore[attr-defined]
        tally.notes_found += letters(version.note) in held


# --------------------------------------------------------------------------- report


def run(limit: int | None) -> dict[str, Tally]:
    everything = list(sources())
    usable = [s for s in everything if s.page is not None
              and sum(len(_sentences(p)) for p in s.paragraphs) >= MIN_SENTENCES and faithful(s)]
    if limit:
        usable = random.Random(SEED).sample(usable, min(limit, len(usable)))
    pool = [s for src in usable[:200] for p in src.paragraphs[:2] for s in _sentences(p)
            if len(s.split()) >= 8]
    tallies = {half: Tally() for half in HALVES}
    piles: list[list[Article]] = []
    for source in usable:
        local = random.Random(f"{SEED}:{source.id}")
        others = [s for s in local.sample(pool, min(30, len(pool))) if s not in source.paragraphs]
        versions = make_versions(source, local, others)
        caps = captures(source, versions, local)
        if len({c.version for c in caps}) < len(versions) or not caps:
            continue
        measure(source, versions, caps, tallies[half_of(source.site)])
        piles.append([c.article for c in caps])
    global SPEED
    SPEED = speed(piles)
    return tallies


SPEED: tuple[float, float, int] = (0.0, 0.0, 0)


def speed(piles: list[list[Article]]) -> tuple[float, float, int]:
    """CPU seconds to group and reconcile every article's captures, with versions and as
    before them (``split`` patched to call every group one version), and the captures."""
    reconciler = importlib.import_module("tearsheet.reconcile.reconciler")

    def once() -> float:
        start = time.process_time()
        for pile in piles:
            for g in group(pile):
                reconcile(g)
        return time.process_time() - start

    def as_before() -> float:
        real = reconciler.split
        reconciler.split = lambda articles, ids: [list(range(len(articles)))]
        try:
            return once()
        finally:
            reconciler.split = real

    # Alternating, best of two each: the 2 cores are shared, and caches warm on the first run.
    runs = [(once(), as_before()) for _ in range(2)]
    return min(r[0] for r in runs), min(r[1] for r in runs), sum(map(len, piles))


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} = {100 * n / d:.1f} %" if d else "–"


ROWS = (
    ("articles (with 2–3 versions)", lambda t: f"{t.articles} ({t.multi})", "–"),
    ("versions found exactly (count and order)", lambda t: _pct(t.exact, t.articles), "≥ 95 %"),
    ("damaged captures taken for a version (articles)", lambda t: _pct(t.damaged_version, t.articles),
     "≤ 1 %"),
    ("captures assigned to their version", lambda t: _pct(t.assigned, t.captures), "≥ 98 %"),
    ("… or to a version whose text holds all of theirs",
     lambda t: _pct(t.assigned_or_same_text, t.captures), "–"),
    ("edit actions vs truth, F1 (P / R)", lambda t: _f1(t), "≥ 0.90"),
    ("correction and update notes found", lambda t: _pct(t.notes_found, t.notes), "≥ 95 %"),
    ("body of each version vs that version: mean F1; share ≥ 0.99",
     lambda t: f"{t.body_f1 / max(t.bodies, 1):.4f}; {_pct(t.bodies_099, t.bodies)}", "≥ 0.99"),
    ("… the same, articles with one version (the readers' and reconciler's own floor)",
     lambda t: f"{t.single_f1 / max(t.single, 1):.4f} ({t.single})", "–"),
    ("versions holding a sentence only another version has", lambda t: _pct(t.leaks, t.bodies), "0"),
    ("articles whose captures group() split", lambda t: _pct(t.groups_split, t.articles), "0"),
    ("group + reconcile, ms per article",
     lambda t: f"{1000 * t.seconds / max(t.reconcile_calls, 1):.1f}", "–"),
)
ABOUT = """\
Captures of articles edited between captures (issue 16), generated from the 30 shared capture groups and \
the 711 WCXB development pages{scope} as `bench/versions.py` describes: 1–3 versions per article, 1–3 \
sentence edits per update (numbers and names changed, words and sentences added, sentences and \
paragraphs cut, paragraphs moved), headlines rewritten (30 %), correction and update notes (30 %); each \
version captured as a web page (its page.html with the edits in the text nodes the reader reads), a \
Markdown clip and text dumps rendered as ../shared/captures/README.md describes, all read with the real \
readers, with damaged dumps of the same version (header lost, cut off inside a line) mixed in. Pages \
whose ground truth is not their own text (under 95 % of its sentences in the page as read: WCXB truths \
are cleaned) are left out, as their clips would differ from their page without any edit. Halves split \
by a stable hash of the site."""
NOTES = """\
Capture assignment: a dump cut off before the first edit holds nothing that tells two versions apart; \
the second assignment row also counts a capture right when the version it joined holds all its text. \
Edits compare (action, old sentence, new sentence) by letter key, for the articles whose versions were \
found exactly; the others count all their truth edits as missed. Body F1 leaves notes out on both \
sides; its floor row is what the same readers and reconciler reach on articles never edited, so the \
gap to 0.99 is the readers' (web pages read with furniture, clips and dumps of them), not versions'. \
`group()` is unchanged (`split` runs inside `reconcile` only), so `bench.reconcile`'s scale run stands."""


def report(tallies: dict[str, Tally], seconds: float, limit: int | None) -> str:
    lines = ["| measure | tuning half | checking half | target |", "|---|---|---|---|"]
    lines += [f"| {name} | {get(tallies['tune'])} | {get(tallies['check'])} | {target} |"
              for name, get, target in ROWS]
    date = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True,
                          text=True).stdout.strip()
    with_versions, before, count = SPEED
    return "\n".join([
        SECTION, "", ABOUT.format(scope=f" (a random {limit})" if limit else ""), "",
        f"Command: `{COMMAND}`  ", f"Machine: {machine()}  ", f"Date: {date}", "",
        f"Generated, read, grouped and reconciled in {seconds:.0f} s. Speed: grouping and reconciling "
        f"all {count:,} captures article by article takes {with_versions:.1f} CPU s with versions, "
        f"{before:.1f} CPU s as before them (every group one version).", "",
        *lines, "", NOTES,
    ]) + "\n"


def _f1(t: Tally) -> str:
    p = t.edits_tp / max(t.edits_tp + t.edits_fp, 1)
    r = t.edits_tp / max(t.edits_tp + t.edits_fn, 1)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{f:.3f} ({p:.3f} / {r:.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    parser.add_argument("--limit", type=int, default=None, help="a random sample of this many articles")
    parser.add_argument("--misses", action="store_true",
                        help="also list the tuning half's articles whose versions were not found exactly")
    args = parser.parse_args()
    global MISSES
    MISSES = [] if args.misses else None
    start = time.perf_counter()
    tallies = run(args.limit)
    text = report(tallies, time.perf_counter() - start, args.limit)
    print(text)
    for line in MISSES or ():
        print(line)
    if not args.no_write:
        replace_section(SECTION, text)


if __name__ == "__main__":
    main()
