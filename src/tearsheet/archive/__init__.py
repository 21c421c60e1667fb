"""EDGE: the SQLite archive — the only package that speaks SQL.

``Archive`` stores captures (bytes, the Article read from each, grouping keys),
groups them into articles and keeps each article reconciled, with an FTS5 index
for ``search``. See ``tearsheet.archive.migrations`` for the tables.
"""

from tearsheet.archive.archive import Archive
from tearsheet.archive.checks import RefreshTarget, UrlCheck
from tearsheet.archive.export import FORMATS as EXPORT_FORMATS
from tearsheet.archive.filters import ArticleFilter
from tearsheet.archive.grouping import Grouping, ReconcileGrouping
from tearsheet.archive.location import default_path
from tearsheet.archive.records import (
    ADDED,
    DUPLICATE,
    FAILED,
    MERGED,
    ArchiveStats,
    ArticleSummary,
    CaptureRecord,
    Failure,
    ListPage,
    SearchHit,
    SearchPage,
)

__all__ = [
    "ADDED",
    "DUPLICATE",
    "EXPORT_FORMATS",
    "FAILED",
    "MERGED",
    "Archive",
    "ArchiveStats",
    "ArticleFilter",
    "ArticleSummary",
    "CaptureRecord",
    "Failure",
    "Grouping",
    "ListPage",
    "ReconcileGrouping",
    "RefreshTarget",
    "SearchHit",
    "SearchPage",
    "UrlCheck",
    "default_path",
]
