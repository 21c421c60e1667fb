"""The data model every capture is read into: frozen, typed, free of I/O.

Data flow: ``Capture`` (bytes of one capture and where they came from) → a reader →
``Article`` → reconcile (several Articles of one story → one Article with
``Provenance``) → archive.

Body text is kept as ``Block`` objects. A block's ``text`` is plain text; its
``links`` point into that text by character offsets, so a renderer can put each
anchor back where it was and a merge can move links between captures of the same
paragraph without re-parsing markup.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class CaptureKind(enum.StrEnum):
    """What a capture is, sniffed from its bytes (see ``tearsheet.captures.sniff``)."""

    HTML = "html"
    PDF = "pdf"
    TEXT = "text"  # text a PDF extraction server returned: hard-wrapped, URLs at page ends
    MARKDOWN = "markdown"  # a web clipper's Markdown (or plain-text) clip


class BlockKind(enum.StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST = "list"  # items are the lines of ``text``
    QUOTE = "quote"
    IMAGE = "image"  # ``src`` plus the caption as ``text``
    TABLE = "table"  # cells in ``rows``; ``text`` is the rows joined for search
    CODE = "code"


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """An inline link: ``text`` is the anchor, found at ``start`` in its block's text.

    ``href`` is None when the capture only had a placeholder ("#", "", "javascript:")
    — the link is known to exist but its target is unknown. ``start`` is None for an
    *unplaced* link: a URL the capture holds without knowing which words it sat on
    (a text dump lists every page's URLs at the page end). ``listed`` is how many times in
    a row the dump listed an unplaced URL: 2 is one link wrapped over two lines (one
    annotation per line) or two links to one URL in a row — the dump cannot tell which.
    """

    text: str
    href: str | None
    start: int | None = None
    page: int | None = None  # print page (1-based) the link or unplaced URL came from
    listed: int = 1

    @property
    def end(self) -> int | None:
        return None if self.start is None else self.start + len(self.text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    kind: BlockKind
    text: str
    links: tuple[Link, ...] = ()
    level: int = 0  # heading level 1-6; 0 for other kinds
    ordered: bool = False  # list: numbered or bulleted
    src: str | None = None  # image: absolute URL of the picture
    rows: tuple[tuple[str, ...], ...] = ()  # table cells, header row first
    truncated: bool = False  # the capture cut this block off mid-sentence
    page: int | None = None  # print page (1-based) where the block starts, for PDF and text dumps
    # Offsets in ``text`` where a later print page begins: a text dump's paragraph that a page
    # break split, rejoined (each link's page is then known, not only the block's first).
    page_breaks: tuple[int, ...] = ()
    # … and where another printed line begins on the same page: a link whose words cross one
    # has an annotation per line, so the dump lists its URL twice.
    line_breaks: tuple[int, ...] = ()

    @property
    def items(self) -> tuple[str, ...]:
        """List items (one per line of ``text``)."""
        return tuple(self.text.split("\n")) if self.kind is BlockKind.LIST else ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    name: str
    url: str | None = None  # profile page, when the capture links a real one


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    src: str | None = None  # None: a clip names the photo (caption/credit) but not its file
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Related:
    """An entry of a related-article box ("Read more: …"), kept out of the body."""

    title: str
    href: str | None = None
    page: int | None = None  # print page of a text dump's related line (its URL is in that page's list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where one piece of a reconciled article came from.

    ``how`` is a stable slug: ``exact`` (the capture states it), ``aligned`` (matched
    across captures on the same text), ``inferred-by-order`` (placed by position only),
    ``slug`` (a URL placed by matching its slug to the anchor's words), ``structured``
    (JSON-LD / meta tags) … ``score`` says how sure an inferred placement is, from 0 to
    1 (None: the capture states it, or the rule gives no measure).
    """

    capture: str  # Capture.id
    how: str = "exact"
    score: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """Captures disagree on a field; every value is kept with its sources."""

    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]  # (value, capture ids)
    chosen: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Per-field, per-block and per-link sources of a reconciled Article."""

    captures: tuple[str, ...]  # every capture that went into the article
    fields: tuple[tuple[str, tuple[Source, ...]], ...] = ()
    blocks: tuple[tuple[Source, ...], ...] = ()  # parallel to Article.blocks
    links: tuple[tuple[Source, ...], ...] = ()  # parallel to Article.links

    def field_sources(self, name: str) -> tuple[Source, ...]:
        return next((sources for key, sources in self.fields if key == name), ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One capture's bytes and what is known about where they came from.

    ``id`` is the SHA-256 of ``data``, so the same bytes are always the same capture.
    """

    id: str
    kind: CaptureKind
    data: bytes = field(repr=False)
    source: str | None = None  # a path, URL or "warc-file#offset"
    url: str | None = None  # the article URL, when the capture's origin says it
    fetched: datetime | None = None
    content_type: str | None = None  # the HTTP Content-Type header, when known
    etag: str | None = None  # the HTTP ETag header, when fetched (a refresh sends it back)
    last_modified: str | None = None  # the HTTP Last-Modified header, when fetched


# Below this ``Article.confidence`` an article's body is doubtful: on the development pages the
# articles under it held most of the bodies that were wrong (F1 < 0.5) while being a few per
# cent of all (BENCHMARKS.md, "Web pages never seen"). ``tearsheet extract`` warns, and
# ``tearsheet list --low-confidence`` and the reading room single them out.
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[Author, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    site_name: str | None = None
    url: str | None = None
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    blocks: tuple[Block, ...] = ()
    related: tuple[Related, ...] = ()
    notes: tuple[str, ...] = ()  # editor's notes and disclaimers, kept out of the body
    unplaced_links: tuple[Link, ...] = ()  # URLs the capture holds without an anchor
    truncated: bool = False  # the capture ends mid-sentence
    kind: CaptureKind | None = None  # the capture kind this was read from
    capture_id: str | None = None
    provenance: Provenance | None = None  # only on reconciled articles
    conflicts: tuple[Conflict, ...] = ()
    # How far the reader trusts its own body (0–1; None: the reader does not say) and why not
    # more: short reason slugs such as "short_body", "candidates_disagree", "no_title".
    confidence: float | None = None
    warnings: tuple[str, ...] = ()
    # When the capture was taken, as it states (WARC-Date, fetch time, a clip's ``created``,
    # a print's running-header date): what tells versions of an edited article apart in time.
    fetched: datetime | None = None
    # Reconciled articles whose captures show the article edited: every version, oldest
    # first, each reconciled from its own captures only (see ``tearsheet.reconcile.versions``).
    # Empty when all captures are one version (the article itself is that version).
    versions: tuple[ArticleVersion, ...] = ()

    @property
    def text(self) -> str:
        """The body as plain text, blocks separated by blank lines (images left out)."""
        return "\n\n".join(b.text for b in self.blocks if b.kind is not BlockKind.IMAGE and b.text)

    @property
    def links(self) -> tuple[Link, ...]:
        """Every inline body link in reading order."""
        return tuple(link for block in self.blocks for link in block.links)

    def to_markdown(self) -> str:
        """``tearsheet.render.to_markdown(self)``."""
        return str(_RENDERERS["markdown"](self))

    def to_text(self) -> str:
        """``tearsheet.render.to_text(self)``."""
        return str(_RENDERERS["text"](self))

    def to_dict(self) -> dict[str, object]:
        """``tearsheet.schema.to_dict(self)``."""
        return dict(_RENDERERS["dict"](self))


class EditAction(enum.StrEnum):
    """What one sentence-level edit between two versions did."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"  # reworded in place: ``old`` became ``new``
    MOVED = "moved"  # the same sentence, elsewhere in the body


@dataclass(frozen=True, slots=True, kw_only=True)
class Edit:
    """One sentence-level change from the version before: ``old`` is None when added, ``new`` when removed."""

    action: EditAction
    old: str | None = None
    new: str | None = None


class NoteKind(enum.StrEnum):
    CORRECTION = "correction"  # "Correction: …", "An earlier version of this article misstated …"
    UPDATE = "update"  # "Update: …", "Updated at 3 p.m.", "This article has been updated …"


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateNote:
    """A note a publisher adds to say the article changed."""

    kind: NoteKind
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleVersion:
    """One version of an edited article: its captures, when it stood, and how it differs.

    ``article`` is reconciled from this version's captures alone (its own provenance and
    conflicts; its ``versions`` empty). ``edits`` and ``notes`` are relative to the version
    before (the first version's are empty). ``time`` is the version's stated modification
    time when a capture states one (``time_source`` ``"stated"``), else the earliest capture
    time (``"first-seen"``), else None.
    """

    number: int  # 1 = the oldest
    captures: tuple[str, ...]
    article: Article
    time: datetime | None = None
    time_source: str | None = None  # "stated" or "first-seen"
    edits: tuple[Edit, ...] = ()
    notes: tuple[UpdateNote, ...] = ()  # update and correction notes this version adds

    @property
    def title(self) -> str | None:
        return self.article.title

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.article.blocks


# The model sits below its renderers: ``tearsheet.render`` and ``tearsheet.schema`` import
# it, and it imports neither back. Each installs its functions here when it loads, and the
# package's ``__init__`` loads both, so ``Article.to_markdown()`` and friends work from the
# first import of anything in ``tearsheet``.
_RENDERERS: dict[str, Callable[[Article], Any]] = {}


def install_renderer(name: str, render: Callable[[Article], Any]) -> None:
    """Make ``Article.to_<name>()`` call ``render`` (``markdown``, ``text`` or ``dict``)."""
    _RENDERERS[name] = render
