"""Article → the reading view: blocks cut into runs of text and links, each with its sources.

The template only loops and escapes; every decision — which href is safe to link,
which capture supplied a paragraph, which link was only inferred — is made here,
in plain Python that tests can call without a browser.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from tearsheet.models import Article, Block, BlockKind, Link, Source
from tearsheet.render import format_date

# Only these schemes become clickable: a captured page's "javascript:" or "data:"
# href is hostile input, shown as plain words instead.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Source.how slugs that mean a capture stated the thing itself; anything else
# (inferred-by-order, slug: placed by position or by a URL's words) is a guess
# the reader should be able to see.
STATED_HOWS = frozenset({"exact", "aligned", "joined", "structured"})


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureLabel:
    """How the page names one capture: a short number and its kind."""

    id: str
    number: int
    kind: str

    @property
    def tag(self) -> str:
        return f"{self.number}·{self.kind}" if self.kind else str(self.number)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceNote:
    label: CaptureLabel
    how: str

    @property
    def inferred(self) -> bool:
        return self.how not in STATED_HOWS


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """A piece of a block's text: plain, or a link (``href`` None: target unknown)."""

    text: str
    is_link: bool = False
    href: str | None = None
    sources: tuple[SourceNote, ...] = ()

    @property
    def inferred(self) -> bool:
        return any(s.inferred for s in self.sources)

    @property
    def title(self) -> str:
        return describe(self.sources, self.href if self.is_link else None)


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockView:
    kind: str
    level: int
    ordered: bool
    lines: tuple[tuple[Run, ...], ...]  # one entry per line (list items); one line otherwise
    rows: tuple[tuple[str, ...], ...]
    src: str | None
    sources: tuple[SourceNote, ...]

    @property
    def title(self) -> str:
        return describe(self.sources)


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldView:
    name: str
    value: str
    sources: tuple[SourceNote, ...]
    conflict: bool

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.name) or self.name.replace("_", " ").capitalize()

    @property
    def title(self) -> str:
        return describe(self.sources)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictView:
    field: str
    chosen: str
    values: tuple[tuple[str, tuple[CaptureLabel, ...]], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadingView:
    title: str
    byline: tuple[tuple[str, str | None], ...]  # (name, safe profile href)
    date: str | None
    site: str | None
    url: str | None
    language: str | None
    blocks: tuple[BlockView, ...]
    captures: tuple[CaptureLabel, ...]
    fields: tuple[FieldView, ...]
    conflicts: tuple[ConflictView, ...]
    unplaced: tuple[Run, ...]
    inferred_links: int
    truncated: bool

    def field(self, name: str) -> FieldView | None:
        return next((f for f in self.fields if f.name == name), None)


def safe_href(href: str | None) -> str | None:
    """``href`` if following it cannot run code in our origin; None otherwise."""
    if not href:
        return None
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return None
    return href.strip() if scheme in SAFE_SCHEMES else None


def describe(sources: Sequence[SourceNote], href: str | None = None) -> str:
    """The hover text: which captures supplied this, and how."""
    parts = [f"capture {s.label.number} ({s.label.kind}, {s.how})" for s in sources]
    text = "from " + "; ".join(parts) if parts else "source not recorded"
    return f"{href} — {text}" if href else text


def capture_labels(article: Article, kinds: dict[str, str]) -> tuple[CaptureLabel, ...]:
    """Number the article's captures in provenance order (then any others the archive lists)."""
    ordered = list(article.provenance.captures) if article.provenance else []
    ordered += [cid for cid in kinds if cid not in ordered]
    if not ordered and article.capture_id:
        ordered = [article.capture_id]
    return tuple(CaptureLabel(id=cid, number=i, kind=kinds.get(cid, "")) for i, cid in enumerate(ordered, 1))


def reading_view(article: Article, kinds: dict[str, str]) -> ReadingView:
    labels = capture_labels(article, kinds)
    by_id = {label.id: label for label in labels}
    prov = article.provenance
    block_sources = prov.blocks if prov else ()
    link_sources = iter(prov.links if prov else ())
    blocks = tuple(
        _block_view(block, _notes(_nth(block_sources, i), by_id), link_sources, by_id)
        for i, block in enumerate(article.blocks)
    )
    inferred = sum(1 for b in blocks for line in b.lines for run in line if run.is_link and run.inferred)
    return ReadingView(
        title=article.title or "Untitled",
        byline=tuple((a.name, safe_href(a.url)) for a in article.authors),
        date=format_date(article.published) if article.published else None,
        site=article.site_name,
        url=safe_href(article.url),
        language=article.language,
        blocks=blocks,
        captures=labels,
        fields=_field_views(article, by_id),
        conflicts=tuple(_conflict_view(c.field, c.chosen, c.values, by_id) for c in article.conflicts),
        unplaced=tuple(
            Run(text=link.href or "", is_link=True, href=safe_href(link.href))
            for link in article.unplaced_links
        ),
        inferred_links=inferred,
        truncated=article.truncated,
    )


def _nth(items: Sequence[tuple[Source, ...]], index: int) -> tuple[Source, ...]:
    return items[index] if index < len(items) else ()


def _notes(sources: Sequence[Source], by_id: dict[str, CaptureLabel]) -> tuple[SourceNote, ...]:
    """The sources as marks, in capture-number order (the hover text says how each one knew)."""
    notes = (SourceNote(label=_label(s.capture, by_id), how=s.how) for s in sources)
    return tuple(sorted(notes, key=lambda note: note.label.number))


def _label(capture: str, by_id: dict[str, CaptureLabel]) -> CaptureLabel:
    return by_id.get(capture) or CaptureLabel(id=capture, number=0, kind="?")


def _block_view(
    block: Block,
    sources: tuple[SourceNote, ...],
    link_sources: Iterator[tuple[Source, ...]],
    by_id: dict[str, CaptureLabel],
) -> BlockView:
    notes = [_notes(next(link_sources, ()), by_id) for _ in block.links]
    runs = tuple(_runs(block.text, block.links, notes))
    lines = _split_lines(runs) if block.kind in (BlockKind.LIST, BlockKind.QUOTE, BlockKind.CODE) else (runs,)
    return BlockView(
        kind=block.kind.value,
        level=max(2, min(block.level or 2, 6)),
        ordered=block.ordered,
        lines=lines,
        rows=block.rows,
        src=safe_href(block.src),
        sources=sources,
    )


def _runs(text: str, links: Sequence[Link], notes: Sequence[tuple[SourceNote, ...]]) -> Iterator[Run]:
    cursor = 0
    placed = sorted(
        (pair for pair in zip(links, notes, strict=True) if pair[0].start is not None),
        key=lambda pair: pair[0].start or 0,
    )
    for link, sources in placed:
        start = link.start or 0
        if start < cursor or text[start : start + len(link.text)] != link.text:
            continue  # overlapping or stale offsets: keep the words, drop the link
        if start > cursor:
            yield Run(text=text[cursor:start])
        yield Run(text=link.text, is_link=True, href=safe_href(link.href), sources=sources)
        cursor = start + len(link.text)
    if cursor < len(text):
        yield Run(text=text[cursor:])


def _split_lines(runs: tuple[Run, ...]) -> tuple[tuple[Run, ...], ...]:
    lines: list[list[Run]] = [[]]
    for run in runs:
        pieces = run.text.split("\n") if not run.is_link else [run.text]
        for i, piece in enumerate(pieces):
            if i:
                lines.append([])
            if piece:
                lines[-1].append(Run(text=piece, is_link=run.is_link, href=run.href, sources=run.sources))
    return tuple(tuple(line) for line in lines)


FIELD_LABELS = {"site_name": "Site", "url": "URL"}
FIELD_VALUES = (
    ("title", lambda a: a.title),
    ("authors", lambda a: ", ".join(x.name for x in a.authors)),
    ("published", lambda a: a.published.strftime("%Y-%m-%d %H:%M %Z").strip() if a.published else None),
    ("site_name", lambda a: a.site_name),
    ("url", lambda a: a.url),
    ("language", lambda a: a.language),
    ("subtitle", lambda a: a.subtitle),
    ("section", lambda a: a.section),
)


def _field_views(article: Article, by_id: dict[str, CaptureLabel]) -> tuple[FieldView, ...]:
    prov = article.provenance
    conflicted = {c.field for c in article.conflicts}
    views = []
    for name, getter in FIELD_VALUES:
        value = getter(article)
        if value:
            sources = _notes(prov.field_sources(name), by_id) if prov else ()
            views.append(FieldView(name=name, value=str(value), sources=sources, conflict=name in conflicted))
    return tuple(views)


def _conflict_view(
    name: str, chosen: str, values: Sequence[tuple[str, tuple[str, ...]]], by_id: dict[str, CaptureLabel]
) -> ConflictView:
    return ConflictView(
        field=name,
        chosen=chosen,
        values=tuple((value, tuple(_label(c, by_id) for c in ids)) for value, ids in values),
    )
