"""Every error tearsheet raises, under one root.

    TearsheetError
    ├── InputError                 the capture itself is unusable
    │   ├── EmptyInputError
    │   ├── InputTooLargeError
    │   ├── UnsupportedInputError  binary or of no kind tearsheet reads
    │   ├── NotAnArticleError      readable, but holds no article body
    │   └── PdfError
    │       ├── EncryptedPdfError
    │       ├── CorruptPdfError
    │       └── NoTextLayerError   image-only print (OCR is not in scope)
    ├── FetchError                 an http(s) URL could not be fetched
    ├── ReconcileError             grouping or reconciling captures failed (a bug, chained)
    ├── ArchiveError               the SQLite archive is unusable
    │   ├── ArchiveNotFoundError   no archive file where one was expected
    │   ├── NotInArchiveError      no article or capture with that id
    │   └── QuerySyntaxError       a search query FTS5 cannot parse
    ├── RecordTimeoutError         one record took longer than its time limit
    └── MissingExtraError          an optional feature's extra is not installed

Edges translate foreign exceptions (lxml, pypdfium2, httpx, sqlite3, ray) into these
with ``raise … from exc``; the CLI turns any of them into one ``tearsheet: error:``
line. Each class has a stable ``reason`` slug that batch reports count by.
"""

from __future__ import annotations


class TearsheetError(Exception):
    reason = "error"


class InputError(TearsheetError):
    reason = "bad_input"


class EmptyInputError(InputError):
    reason = "empty"


class InputTooLargeError(InputError):
    reason = "too_large"


class UnsupportedInputError(InputError):
    reason = "unsupported"


class NotAnArticleError(InputError):
    reason = "not_an_article"


class PdfError(InputError):
    reason = "bad_pdf"


class EncryptedPdfError(PdfError):
    reason = "encrypted_pdf"


class CorruptPdfError(PdfError):
    reason = "corrupt_pdf"


class NoTextLayerError(PdfError):
    reason = "no_text_layer"


class FetchError(TearsheetError):
    reason = "fetch_failed"


class ReconcileError(TearsheetError):
    """Grouping or reconciling hit an unexpected exception: a bug, chained as ``__cause__``."""

    reason = "reconcile_failed"


class ArchiveError(TearsheetError):
    reason = "archive"


class ArchiveNotFoundError(ArchiveError):
    reason = "no_archive"


class NotInArchiveError(ArchiveError):
    reason = "not_found"


class QuerySyntaxError(ArchiveError):
    reason = "bad_query"


class RecordTimeoutError(TearsheetError):
    reason = "timeout"


class MissingExtraError(TearsheetError):
    """An optional feature needs ``pip install 'tearsheet[extra]'``."""

    reason = "missing_extra"

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the '{extra}' extra: pip install 'tearsheet[{extra}]'")
        self.extra = extra
