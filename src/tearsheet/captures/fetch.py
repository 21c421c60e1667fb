"""EDGE: fetch an http(s) URL into a ``Capture`` with httpx.

Redirects are followed and compressed bodies decoded. Three bounds keep a hostile
server from holding a run: the body is read raw and decoded here (``coding``), with
the decoded size capped at ``options.max_bytes`` — httpx's own decoders have none, so a
small gzip body could inflate to gigabytes; the raw size is capped too; and
``options.fetch_timeout`` is a deadline for the whole fetch, not only for each read — a
server trickling a byte every few seconds never trips a per-read timeout.
``transport`` is injectable so tests can swap the network for a mock.

``fetch_if_changed`` is the polite re-fetch: it sends the validators (ETag,
Last-Modified) the last fetch of the URL returned, and a ``304 Not Modified`` comes
back as a ``Fetched`` without a capture instead of a body.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from tearsheet.captures.coding import CappedDecoder
from tearsheet.captures.load import capture_from_bytes
from tearsheet.errors import FetchError, InputTooLargeError, TearsheetError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

MAX_REDIRECTS = 10
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"  # pages and prints
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # every coding ``coding.CappedDecoder`` undoes
# After the deadline, the fetching thread is given this long to notice and return its error
# before the caller stops waiting for it (the thread then ends at its next read).
DEADLINE_GRACE_SECONDS = 0.2
NOT_MODIFIED = 304


@dataclass(frozen=True, slots=True, kw_only=True)
class Validators:
    """What a server said identifies the version it sent (HTTP's cache validators)."""

    etag: str | None = None  # the ETag header, sent back as If-None-Match
    last_modified: str | None = None  # the Last-Modified header, sent back as If-Modified-Since

    def headers(self) -> dict[str, str]:
        """The conditional request headers these validators make (none: an ordinary GET)."""
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """One fetch's answer: the capture, or None when the server said 304 Not Modified;
    and the validators it sent (a 304 may send new ones, else the ones asked with stand)."""

    capture: Capture | None
    validators: Validators


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, options: ReadOptions = DEFAULT_OPTIONS,
          transport: httpx.BaseTransport | None = None) -> Capture:
    """Fetch ``url``; raises ``FetchError`` (network, HTTP status, deadline) or an ``InputError``."""
    capture = fetch_if_changed(url, Validators(), options=options, transport=transport).capture
    if capture is None:  # a 304 nobody asked for: no validators were sent
        raise FetchError(f"{url}: HTTP 304 Not Modified to an unconditional request")
    return capture


def fetch_if_changed(url: str, validators: Validators, *, options: ReadOptions = DEFAULT_OPTIONS,
                     transport: httpx.BaseTransport | None = None) -> Fetched:
    """Fetch ``url`` unless it is unchanged since ``validators`` were sent (then the
    ``Fetched`` holds no capture); raises as ``fetch`` does.

    The fetch runs in a daemon thread so the caller can stop waiting at the deadline even
    while the thread is blocked in a read: the abandoned thread ends at its next read.
    """
    result: list[Fetched | BaseException] = []
    deadline = time.monotonic() + options.fetch_timeout
    worker = threading.Thread(target=_fetch_into, name=f"fetch {url}", daemon=True,
                              args=(result, url, validators, options, transport, deadline))
    worker.start()
    worker.join(options.fetch_timeout + DEADLINE_GRACE_SECONDS)
    if not result:
        raise FetchError(f"{url}: timed out after {options.fetch_timeout:g} s")
    outcome = result[0]
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _fetch_into(result: list[Fetched | BaseException], url: str, validators: Validators,
                options: ReadOptions, transport: httpx.BaseTransport | None, deadline: float) -> None:
    try:
        result.append(_fetch(url, validators, options, transport, deadline))
    except (TearsheetError, ValueError) as exc:
        result.append(exc if isinstance(exc, TearsheetError) else FetchError(f"{url}: {exc}"))
    except BaseException as exc:  # handed to the caller's thread, which raises it there
        result.append(exc)


def _fetch(url: str, validators: Validators, options: ReadOptions, transport: httpx.BaseTransport | None,
           deadline: float) -> Fetched:
    headers = {"User-Agent": options.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING,
               **validators.headers()}
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=options.fetch_timeout,
                         headers=headers, transport=transport) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            sent = Validators(etag=response.headers.get("etag"),
                              last_modified=response.headers.get("last-modified"))
            if response.status_code == NOT_MODIFIED:  # it may send new validators, else the old stand
                return Fetched(capture=None, validators=Validators(etag=sent.etag or validators.etag,
                               last_modified=sent.last_modified or validators.last_modified))
            data = _read_capped(response, options.max_bytes, url, deadline)
            final_url = str(response.url)
            content_type = response.headers.get("content-type")
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out after {options.fetch_timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc}") from exc
    capture = capture_from_bytes(data, url=final_url, source=url, fetched=datetime.now(UTC),
                                 content_type=content_type, options=options)
    capture = dataclasses.replace(capture, etag=sent.etag, last_modified=sent.last_modified)
    return Fetched(capture=capture, validators=sent)  # a 200 replaces the validators, even with none


def _read_capped(response: httpx.Response, limit: int, url: str, deadline: float) -> bytes:
    """The decoded body, refusing past ``limit`` bytes (raw or decoded) or past ``deadline``."""
    decoder = CappedDecoder(response.headers.get("content-encoding"), limit, what=f"{url}: the response")
    chunks: list[bytes] = []
    raw_size = 0
    for chunk in response.iter_raw():
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: the response did not arrive within the deadline")
        raw_size += len(chunk)
        if raw_size > limit:
            raise InputTooLargeError(f"{url}: the response is over the {limit:,}-byte limit")
        chunks.append(decoder.feed(chunk))
    return b"".join(chunks)
