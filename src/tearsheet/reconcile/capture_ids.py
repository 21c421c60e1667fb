"""A stable id for every Article that goes into grouping or reconciliation."""

from __future__ import annotations

import hashlib
import json

from tearsheet.models import Article

DERIVED_PREFIX = "article:"  # marks an id derived from the Article, not from capture bytes


def capture_id(article: Article) -> str:
    """``Article.capture_id`` (SHA-256 of the capture's bytes), or one derived from the content.

    Hand-built Articles have no bytes: their id is the SHA-256 of their JSON form, so the
    same Article always gets the same id, whatever the order it comes in.
    """
    if article.capture_id:
        return article.capture_id
    from tearsheet.schema import to_dict

    data = json.dumps(to_dict(article), sort_keys=True, ensure_ascii=False, default=str)
    return DERIVED_PREFIX + hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]
