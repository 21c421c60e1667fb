"""Blocks that show nothing: paragraphs of zero-width spaces, joiners, BOMs and other format
characters (Unicode category Cf) that pages use as spacers. Every reader's output passes here."""

from __future__ import annotations

import dataclasses
import unicodedata

from tearsheet.errors import NotAnArticleError
from tearsheet.models import Article, BlockKind

FORMAT_CATEGORY = "Cf"  # zero-width space and joiners, BOM, soft hyphen, bidi marks …


def is_invisible(text: str) -> bool:
    """Nothing a reader would see: only whitespace and format characters (also when empty)."""
    return all(char.isspace() or unicodedata.category(char) == FORMAT_CATEGORY for char in text)


def drop_invisible_blocks(article: Article) -> Article:
    """The article without its invisible blocks (pictures stay); an article that held nothing
    else is not an article."""
    kept = tuple(b for b in article.blocks if b.kind is BlockKind.IMAGE or not is_invisible(b.text))
    if len(kept) == len(article.blocks):
        return article
    if not any(b.kind is not BlockKind.IMAGE for b in kept):
        raise NotAnArticleError("the body holds only invisible characters")
    return dataclasses.replace(article, blocks=kept)
