"""Export downloads: one article, or every article a search finds, as Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import Response

from tearsheet.models import Article
from tearsheet.render import to_markdown
from tearsheet.schema import to_dict
from tearsheet.web.store import Store
from tearsheet.web.views import BadRequestError, parse_filters

FORMATS = {"markdown": ("text/markdown; charset=utf-8", "md"), "json": ("application/json", "json")}
MAX_EXPORT = 1000  # articles per search export; larger sets are what `tearsheet export` is for
EXPORT_BATCH = 100  # search page size while collecting an export
MARKDOWN_SEPARATOR = "\n---\n\n"  # a thematic break between articles in one Markdown file


def fmt(params: Mapping[str, str]) -> str:
    value = params.get("format", "markdown")
    if value not in FORMATS:
        raise HTTPException(400, f"format must be one of: {', '.join(FORMATS)}")
    return value


def article_download(article: Article, article_id: str, format_name: str) -> Response:
    if format_name == "json":
        body = json.dumps({"id": article_id, **to_dict(article)}, ensure_ascii=False, indent=2)
    else:
        body = to_markdown(article)
    return _download(body, format_name, f"tearsheet-{article_id}")


def search_download(store: Store, params: Mapping[str, str]) -> Response:
    format_name = fmt(params)
    try:
        filters = parse_filters(params)
    except BadRequestError as exc:
        raise HTTPException(400, str(exc)) from exc
    found = list(_articles(store, filters))
    if format_name == "json":
        payload: dict[str, Any] = {
            "query": filters.q,
            "filters": {k: str(v) for k, v in filters.as_kwargs().items()},
            "count": len(found),
            "articles": [{"id": i, **to_dict(a)} for i, a in found],
        }
        body = json.dumps(payload, ensure_ascii=False, indent=2)
    else:
        body = MARKDOWN_SEPARATOR.join(to_markdown(a) for _, a in found)
    return _download(body, format_name, "tearsheet-search")


def _articles(store: Store, filters: Any) -> Iterator[tuple[str, Article]]:
    offset = 0
    while offset < MAX_EXPORT:
        results = store.search(filters, limit=min(EXPORT_BATCH, MAX_EXPORT - offset), offset=offset)
        for hit in results.hits:
            yield hit.id, store.article(hit.id)
        offset += len(results.hits)
        if not results.hits or offset >= results.total:
            return


def _download(body: str, format_name: str, stem: str) -> Response:
    media_type, extension = FORMATS[format_name]
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{extension}"'}
    return Response(body, media_type=media_type, headers=headers)
