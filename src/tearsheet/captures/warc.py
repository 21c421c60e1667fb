"""EDGE: WARC and WARC.gz files → ``Capture`` objects, streamed one record at a time.

Every HTML or PDF ``response`` (or ``resource``) record becomes a Capture: its
``WARC-Target-URI`` is the url, its ``WARC-Date`` the fetch time, the HTTP
``Content-Type`` is kept and the HTTP body (chunked transfer and gzip/deflate
content encodings undone) is the capture's bytes. Every other record is a
``SkippedRecord`` with a reason slug, so a batch can count what it left out.

A broken record costs one record: a body that does not decode is a failed record,
and when the WARC structure itself breaks (garbage, a corrupt gzip member) the
reader counts one failure and resumes at the next record boundary it can find.

Reading uses fastwarc (the ``warc`` extra). fastwarc is asked not to decode bodies
itself: a decoding error there poisons the rest of the stream.
"""

from __future__ import annotations

import email.message
import email.parser
import email.policy
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tearsheet.captures.coding import codings, decode_all, supported
from tearsheet.captures.load import capture_from_bytes
from tearsheet.captures.sniff import sniff_kind
from tearsheet.errors import MissingExtraError, TearsheetError
from tearsheet.models import Capture, CaptureKind
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")  # lower-cased file-name endings
WARC_MAGIC = b"WARC/1."
GZIP_MAGIC = b"\x1f\x8b\x08"
HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPES = ("application/pdf", "application/x-pdf")
CAPTURE_RECORD_TYPES = ("response", "resource")  # records that hold a fetched document
SCAN_CHUNK_BYTES = 1024 * 1024  # read size while looking for the next record after a broken one
MAX_RESYNCS = 10_000  # a file that breaks more often than this is not a WARC worth reading on


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedRecord:
    """An input item that is not (or no longer) a capture, with a stable reason slug.

    ``failed`` tells a broken item (a corrupt record, an undecodable body) from one
    that is fine but not a capture (a request record, an image).
    """

    source: str
    reason: str
    failed: bool = False
    message: str | None = None

    @property
    def outcome(self) -> str:
        """The batch outcome slug: ``skipped:<reason>`` or ``failed:<reason>``."""
        return f"{'failed' if self.failed else 'skipped'}:{self.reason}"


def is_warc(path: Path) -> bool:
    """True for a file named like a WARC, or whose (gunzipped) bytes start like one."""
    if path.name.lower().endswith(WARC_SUFFIXES):
        return True
    try:
        with path.open("rb") as stream:
            head = stream.read(len(GZIP_MAGIC))
            stream.seek(0)
            if head == GZIP_MAGIC:
                with gzip.GzipFile(fileobj=stream) as unzipped:
                    head = unzipped.read(len(WARC_MAGIC))
            else:
                head = stream.read(len(WARC_MAGIC))
    except (OSError, EOFError, zlib.error):
        return False
    return head == WARC_MAGIC


def iter_warc(stream: IO[bytes], name: str, *,
              options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Capture | SkippedRecord]:
    """Every record of an open WARC stream: a Capture, or a SkippedRecord saying why not.

    ``stream`` must be seekable (to resume after a broken record); ``name`` is used in
    each capture's ``source`` (``name#offset``). Memory stays at one record.
    """
    archive_iterator = _fastwarc()
    start = stream.tell()
    magic = GZIP_MAGIC if stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC else WARC_MAGIC
    stream.seek(start)
    broken = False  # inside a broken stretch: resyncing failures there count once
    for _ in range(MAX_RESYNCS):
        last = -1
        records = iter(archive_iterator(stream, parse_http=False))
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except OSError as exc:
                if not broken:
                    yield SkippedRecord(source=f"{name}#{max(last, start)}", reason="broken_record",
                                        failed=True, message=str(exc))
                broken = True
                break
            broken = False
            last = record.stream_pos
            yield _item(record, name, options)
        resume = _next_record_start(stream, max(last, start) + 1, magic)
        if resume is None:
            return
        start = resume
        stream.seek(resume)


def _fastwarc() -> Any:
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError as exc:
        raise MissingExtraError("reading WARC files", "warc") from exc
    return ArchiveIterator


def _item(record: Any, name: str, options: ReadOptions) -> Capture | SkippedRecord:
    source = f"{name}#{record.stream_pos}"
    record_type = _type_name(record)
    if record_type not in CAPTURE_RECORD_TYPES:
        return SkippedRecord(source=source, reason=f"{record_type}_record")
    if record.content_length > options.max_bytes:
        message = f"{record.content_length:,} bytes, over the {options.max_bytes:,}-byte limit"
        return SkippedRecord(source=source, reason="too_large", failed=True, message=message)
    try:
        return _capture(record, source, options)
    except _NotACapture as exc:
        return SkippedRecord(source=source, reason=exc.reason, failed=exc.failed, message=str(exc))
    except (OSError, zlib.error, EOFError, ValueError) as exc:
        return SkippedRecord(source=source, reason="broken_record", failed=True, message=str(exc))
    except TearsheetError as exc:
        return SkippedRecord(source=source, reason=exc.reason, failed=True, message=str(exc))


def _type_name(record: Any) -> str:
    """``response``, ``request`` … (the enum's name, however this fastwarc version prints it)."""
    kind = record.record_type
    return str(getattr(kind, "name", None) or kind).rsplit(".", 1)[-1]


class _NotACapture(Exception):
    def __init__(self, reason: str, message: str, *, failed: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.failed = failed


@dataclass(frozen=True, slots=True, kw_only=True)
class _Http:
    status: int
    headers: email.message.Message
    body: bytes


def _capture(record: Any, source: str, options: ReadOptions) -> Capture:
    block = record.reader.read()
    if len(block) < record.content_length:
        raise _NotACapture("truncated_record", f"the record ends after {len(block):,} of "
                           f"{record.content_length:,} bytes", failed=True)
    if _type_name(record) == "response":
        http = _parse_http(block)
        if not 200 <= http.status < 300:
            raise _NotACapture("http_status", f"HTTP status {http.status}")
        content_type = http.headers.get("Content-Type")
        data = _decode_body(http.body, http.headers, options.max_bytes)
    else:
        content_type, data = record.headers.get("Content-Type"), block
    kind = _kind(content_type, data)
    fetched = record.record_date if record.headers.get("WARC-Date") else None
    return capture_from_bytes(data, url=record.headers.get("WARC-Target-URI"), source=source, kind=kind,
                              fetched=fetched, content_type=content_type, options=options)


def _parse_http(block: bytes) -> _Http:
    """Split an HTTP response block into status, headers and body."""
    head, separator, body = block.partition(b"\r\n\r\n")
    if not separator:
        head, separator, body = block.partition(b"\n\n")
    status_line, _, header_lines = head.partition(b"\n")
    parts = status_line.split(None, 2)
    if not separator or len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
        raise _NotACapture("not_http", "the response record holds no HTTP response")
    headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(header_lines)
    return _Http(status=int(parts[1]), headers=headers, body=body)


def _kind(content_type: str | None, data: bytes) -> CaptureKind:
    """HTML or PDF by the declared type; with no usable type, by sniffing the bytes."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in HTML_TYPES:
        return CaptureKind.HTML
    if mime in PDF_TYPES:
        return CaptureKind.PDF
    if mime and mime not in ("application/octet-stream", "binary/octet-stream"):
        raise _NotACapture("not_html_or_pdf", f"content type {mime}")
    try:
        kind = sniff_kind(data)
    except TearsheetError as exc:
        raise _NotACapture("not_html_or_pdf", str(exc)) from exc
    if kind not in (CaptureKind.HTML, CaptureKind.PDF):
        raise _NotACapture("not_html_or_pdf", f"the body reads as {kind.value}")
    return kind


def _decode_body(data: bytes, headers: Any, limit: int) -> bytes:
    """Undo chunked transfer encoding and content codings, as a browser would, but never
    past ``limit`` bytes: a small compressed body can inflate to gigabytes."""
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        data = _dechunk(data)
    encoding = headers.get("Content-Encoding")
    unsupported = [c for c in codings(encoding) if not supported(c)]
    if unsupported:
        raise _NotACapture("content_encoding", f"unsupported content encoding {unsupported[0]}")
    return decode_all(data, encoding, limit, what="the HTTP body")


def _dechunk(data: bytes) -> bytes:
    """Join the chunks of a chunked HTTP body; bytes that are not chunked pass unchanged."""
    parts: list[bytes] = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n", pos)
        size_text = data[pos:end].split(b";", 1)[0].strip() if end >= 0 else b""
        try:
            size = int(size_text, 16)
        except ValueError:
            return data if not parts else b"".join(parts)  # not chunked after all, or cut off
        if size == 0:
            break
        parts.append(data[end + 2:end + 2 + size])
        pos = end + 2 + size + 2
    return b"".join(parts)


def _next_record_start(stream: IO[bytes], offset: int, magic: bytes) -> int | None:
    """The offset of the next record start (a gzip member or a WARC header) from ``offset`` on."""
    stream.seek(offset)
    carry = b""
    base = offset
    while chunk := stream.read(SCAN_CHUNK_BYTES):
        window = carry + chunk
        hit = window.find(magic)
        if hit >= 0:
            return base + hit
        keep = len(magic) - 1
        carry = window[-keep:]
        base += len(window) - len(carry)
    return None
