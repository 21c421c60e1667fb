"""The API's OpenAPI 3.1 description, served at /api/openapi.json and shown at /api.

Written by hand (Starlette has no schema generator without extra dependencies);
``tests/test_web_api.py`` checks every /api route is described here and vice versa.
"""

from __future__ import annotations

from typing import Any

_ID = {
    "name": "article_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
}
_CAPTURE = {"type": "string", "pattern": "^[0-9a-f]{8,64}$"}
_FILTERS = [
    {
        "name": "q",
        "in": "query",
        "description": 'FTS5 query: words, "phrases", prefix*, AND/OR/NOT',
        "schema": {"type": "string"},
    },
    {"name": "site", "in": "query", "schema": {"type": "string"}},
    {"name": "author", "in": "query", "schema": {"type": "string"}},
    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "lang", "in": "query", "schema": {"type": "string"}},
]
_JSON: dict[str, Any] = {"content": {"application/json": {}}}


def _get(
    summary: str, parameters: list[dict[str, Any]], *, errors: tuple[str, ...] = ("404",)
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", **_JSON}}
    responses.update({code: {"description": _REASONS[code]} for code in errors})
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


_REASONS = {
    "400": "bad parameter or query syntax",
    "403": "read-only (start with --allow-add)",
    "404": "no such article or capture (ids are checked against a strict pattern)",
}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "tearsheet reading room",
        "version": "1",
        "description": "Each page at /path has its twin at /api/path (the search page / at /api/search). "
        "Articles use tearsheet's JSON schema (docs/schema.md), with provenance and conflicts.",
    },
    "paths": {
        "/api/search": _get(
            "Search the archive: hits with highlighted snippets (20 a page), total count",
            [*_FILTERS, {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
            errors=("400",),
        ),
        "/api/articles/{article_id}": _get("One reconciled article, its captures and provenance", [_ID]),
        "/api/articles/{article_id}/captures": _get(
            "An article's captures and a paragraph-aligned diff of two of them",
            [
                _ID,
                {"name": "left", "in": "query", "schema": _CAPTURE},
                {"name": "right", "in": "query", "schema": _CAPTURE},
            ],
        ),
        "/api/stats": _get(
            "The archive's statistics (counts, kinds, sites, failures; scans everything)", [], errors=()
        ),
        "/api/captures": {
            "post": {
                "summary": "Add captures (only with --allow-add): multipart field 'file' (repeatable) and "
                "optional 'url', or one capture as the raw body with ?url=",
                "responses": {
                    "201": {"description": "added", **_JSON},
                    "400": {"description": _REASONS["400"]},
                    "403": {"description": _REASONS["403"]},
                },
            }
        },
        "/api/openapi.json": _get("This document", [], errors=()),
    },
}

# Downloads and raw captures are pages, not JSON, but API users want them too.
DOWNLOADS = (
    ("/articles/{article_id}/export?format=markdown|json", "one article as a Markdown or JSON file"),
    ("/export?q=…&format=markdown|json", "every article a search finds (up to 1,000) in one file"),
    ("/articles/{article_id}/captures/{capture_id}/raw", "a capture's own bytes, sandboxed"),
)
