"""tearsheet: any capture of a news article → one clean, faithful, structured Article.

Data flow: capture → reader → Article → reconcile → archive.
"""

import tearsheet.render  # noqa: F401 — installs Article.to_markdown/to_text/to_dict (see models)
from tearsheet.api import extract
from tearsheet.errors import (
    EmptyInputError,
    FetchError,
    InputError,
    InputTooLargeError,
    NotAnArticleError,
    ReconcileError,
    TearsheetError,
    UnsupportedInputError,
)
from tearsheet.models import (
    Article,
    ArticleVersion,
    Author,
    Block,
    BlockKind,
    Capture,
    CaptureKind,
    Edit,
    Image,
    Link,
    Related,
)
from tearsheet.options import ReadOptions
from tearsheet.reconcile import Group, group, reconcile

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleVersion",
    "Author",
    "Block",
    "BlockKind",
    "Capture",
    "CaptureKind",
    "Edit",
    "EmptyInputError",
    "FetchError",
    "Group",
    "Image",
    "InputError",
    "InputTooLargeError",
    "Link",
    "NotAnArticleError",
    "ReadOptions",
    "ReconcileError",
    "Related",
    "TearsheetError",
    "UnsupportedInputError",
    "extract",
    "group",
    "reconcile",
]
