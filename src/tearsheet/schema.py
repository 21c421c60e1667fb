"""Article ⇄ JSON: the versioned, documented interchange form (docs/schema.md).

``to_dict`` is what ``--format json``, the archive and the web API emit;
``from_dict`` reads it back, so an archived article round-trips exactly.
Bump ``SCHEMA_VERSION`` (semver) whenever a key changes meaning or disappears;
adding a key is a minor bump.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tearsheet.models import (
    Article,
    ArticleVersion,
    Author,
    Block,
    BlockKind,
    CaptureKind,
    Conflict,
    Edit,
    EditAction,
    Image,
    Link,
    NoteKind,
    Provenance,
    Related,
    Source,
    UpdateNote,
    install_renderer,
)

SCHEMA_VERSION = "1.3"
DERIVED_KEYS = ("text", "links")  # recomputed from the blocks by from_dict: not stored twice


def to_dict(article: Article) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": [{"name": a.name, "url": a.url} for a in article.authors],
        "published": _iso(article.published),
        "modified": _iso(article.modified),
        "url": article.url,
        "site_name": article.site_name,
        "language": article.language,
        "section": article.section,
        "tags": list(article.tags),
        "image": _image_dict(article.image),
        "text": article.text,
        "links": [{"text": link.text, "href": link.href} for link in article.links],
        "unplaced_links": [_unplaced_dict(link) for link in article.unplaced_links],
        "blocks": [_block_dict(b) for b in article.blocks],
        "related": [{"title": r.title, "href": r.href, **({"page": r.page} if r.page is not None else {})}
                    for r in article.related],
        "notes": list(article.notes),
        "truncated": article.truncated,
        "confidence": article.confidence,
        "warnings": list(article.warnings),
        "kind": article.kind.value if article.kind else None,
        "capture_id": article.capture_id,
    }
    if article.provenance is not None:
        data["provenance"] = _provenance_dict(article.provenance)
        data["conflicts"] = [
            {"field": c.field, "chosen": c.chosen,
             "values": [{"value": v, "captures": list(ids)} for v, ids in c.values]}
            for c in article.conflicts
        ]
    # Keys added in 1.1, present only when they say something (so 1.0 output stays as it was).
    if article.fetched is not None:
        data["fetched"] = _iso(article.fetched)
    if article.versions:
        data["versions"] = [version_to_dict(v) for v in article.versions]
    return data


def version_to_dict(version: ArticleVersion) -> dict[str, Any]:
    """One version as ``to_dict`` lists it under ``versions`` (its article without ``schema_version``)."""
    article = {k: v for k, v in to_dict(version.article).items() if k != "schema_version"}
    return {
        "number": version.number,
        "captures": list(version.captures),
        "time": _iso(version.time),
        "time_source": version.time_source,
        "title": version.article.title,
        "edits": [{"action": e.action.value, "old": e.old, "new": e.new} for e in version.edits],
        "notes": [{"kind": n.kind.value, "text": n.text} for n in version.notes],
        "article": article,
    }


def _version_from_dict(data: dict[str, Any]) -> ArticleVersion:
    return ArticleVersion(
        number=data["number"], captures=tuple(data["captures"]), article=from_dict(data["article"]),
        time=_parse_iso(data.get("time")), time_source=data.get("time_source"),
        edits=tuple(Edit(action=EditAction(e["action"]), old=e.get("old"), new=e.get("new"))
                    for e in data.get("edits", ())),
        notes=tuple(UpdateNote(kind=NoteKind(n["kind"]), text=n["text"]) for n in data.get("notes", ())),
    )


def from_dict(data: dict[str, Any]) -> Article:
    """Inverse of ``to_dict`` (derived keys such as ``text`` and ``links`` are ignored)."""
    image = data.get("image")
    provenance = data.get("provenance")
    return Article(
        title=data.get("title"),
        subtitle=data.get("subtitle"),
        authors=tuple(Author(name=a["name"], url=a.get("url")) for a in data.get("authors", ())),
        published=_parse_iso(data.get("published")),
        modified=_parse_iso(data.get("modified")),
        site_name=data.get("site_name"),
        url=data.get("url"),
        language=data.get("language"),
        section=data.get("section"),
        tags=tuple(data.get("tags", ())),
        image=Image(**image) if image else None,
        blocks=tuple(_block_from_dict(b) for b in data.get("blocks", ())),
        related=tuple(Related(title=r["title"], href=r.get("href"), page=r.get("page"))
                      for r in data.get("related", ())),
        notes=tuple(data.get("notes", ())),
        unplaced_links=tuple(Link(text="", href=u["href"], page=u.get("page"), listed=u.get("listed", 1))
                             for u in data.get("unplaced_links", ())),
        truncated=bool(data.get("truncated", False)),
        confidence=data.get("confidence"),
        warnings=tuple(data.get("warnings", ())),
        kind=CaptureKind(data["kind"]) if data.get("kind") else None,
        capture_id=data.get("capture_id"),
        provenance=_provenance_from_dict(provenance) if provenance else None,
        conflicts=tuple(
            Conflict(field=c["field"], chosen=c["chosen"],
                     values=tuple((v["value"], tuple(v["captures"])) for v in c["values"]))
            for c in data.get("conflicts", ())
        ),
        fetched=_parse_iso(data.get("fetched")),
        versions=tuple(_version_from_dict(v) for v in data.get("versions", ())),
    )


def to_compact_json(article: Article) -> str:
    """The stored form (the archive's ``article_json``, what batch workers send back):
    compact JSON of ``to_dict`` without the derived keys, which ``from_dict`` rebuilds."""
    data = {key: value for key, value in to_dict(article).items() if key not in DERIVED_KEYS}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def from_compact_json(text: str) -> Article:
    return from_dict(json.loads(text))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _image_dict(image: Image | None) -> dict[str, Any] | None:
    if image is None:
        return None
    return {"src": image.src, "caption": image.caption, "credit": image.credit}


def _unplaced_dict(link: Link) -> dict[str, Any]:
    data: dict[str, Any] = {"href": link.href, "page": link.page}
    if link.listed != 1:
        data["listed"] = link.listed
    return data


def _block_dict(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": block.kind.value,
        "text": block.text,
        "links": [{"text": ln.text, "href": ln.href, "start": ln.start, "page": ln.page}
                  for ln in block.links],
    }
    if block.kind is BlockKind.HEADING:
        data["level"] = block.level
    if block.kind is BlockKind.LIST:
        data["ordered"] = block.ordered
        data["items"] = list(block.items)
    if block.kind is BlockKind.IMAGE:
        data["src"] = block.src
    if block.kind is BlockKind.TABLE:
        data["rows"] = [list(row) for row in block.rows]
    if block.truncated:
        data["truncated"] = True
    if block.page is not None:
        data["page"] = block.page
    if block.page_breaks:
        data["page_breaks"] = list(block.page_breaks)
    if block.line_breaks:
        data["line_breaks"] = list(block.line_breaks)
    return data


def _block_from_dict(data: dict[str, Any]) -> Block:
    return Block(
        kind=BlockKind(data["type"]),
        text=data["text"],
        links=tuple(Link(text=ln["text"], href=ln["href"], start=ln.get("start"), page=ln.get("page"))
                    for ln in data.get("links", ())),
        level=data.get("level", 0),
        ordered=data.get("ordered", False),
        src=data.get("src"),
        rows=tuple(tuple(row) for row in data.get("rows", ())),
        truncated=data.get("truncated", False),
        page=data.get("page"),
        page_breaks=tuple(data.get("page_breaks", ())),
        line_breaks=tuple(data.get("line_breaks", ())),
    )


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [{"capture": s.capture, "how": s.how, **({"score": s.score} if s.score is not None else {})}
            for s in sources]


def _sources_from(items: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(Source(capture=s["capture"], how=s["how"], score=s.get("score")) for s in items)


def _provenance_dict(provenance: Provenance) -> dict[str, Any]:
    return {
        "captures": list(provenance.captures),
        "fields": {name: _sources(sources) for name, sources in provenance.fields},
        "blocks": [_sources(sources) for sources in provenance.blocks],
        "links": [_sources(sources) for sources in provenance.links],
    }


def _provenance_from_dict(data: dict[str, Any]) -> Provenance:
    return Provenance(
        captures=tuple(data["captures"]),
        fields=tuple((name, _sources_from(items)) for name, items in data["fields"].items()),
        blocks=tuple(_sources_from(items) for items in data["blocks"]),
        links=tuple(_sources_from(items) for items in data["links"]),
    )


install_renderer("dict", to_dict)
