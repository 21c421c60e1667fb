"""EDGE: fetch an http(s) URL into a ``Capture`` with httpx.

Redirects are followed and compressed bodies decoded. Three bounds keep a hostile
server from holding a run: the body is read raw and decoded here (``coding``), with
the decoded size capped at ``options.max_bytes`` — httpx's own decoders have none, so a
small gzip body could inflate to gigabytes; the raw size is capped too; and
``options.fetch_timeout`` is a deadline for the whole fetch, not only for each read — a
server trickling a byte every few seconds never trips a per-read timeout.
``transport`` is injectable so tests can swap the network for a mock.
"""

from __future__ import annotations

import threading
import time
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


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, options: ReadOptions = DEFAULT_OPTIONS,
          transport: httpx.BaseTransport | None = None) -> Capture:
    """Fetch ``url``; raises ``FetchError`` (network, HTTP status, deadline) or an ``InputError``.

    The fetch runs in a daemon thread so the caller can stop waiting at the deadline even
    while the thread is blocked in a read: the abandoned thread ends at its next read.
    """
    result: list[Capture | BaseException] = []
    deadline = time.monotonic() + options.fetch_timeout
    worker = threading.Thread(target=_fetch_into, args=(result, url, options, transport, deadline),
                              name=f"fetch {url}", daemon=True)
    worker.start()
    worker.join(options.fetch_timeout + DEADLINE_GRACE_SECONDS)
    if not result:
        raise FetchError(f"{url}: timed out after {options.fetch_timeout:g} s")
    outcome = result[0]
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _fetch_into(result: list[Capture | BaseException], url: str, options: ReadOptions,
                transport: httpx.BaseTransport | None, deadline: float) -> None:
    try:
        result.append(_fetch(url, options, transport, deadline))
    except (TearsheetError, ValueError) as exc:
        result.append(exc if isinstance(exc, TearsheetError) else FetchError(f"{url}: {exc}"))
    except BaseException as exc:  # handed to the caller's thread, which raises it there
        result.append(exc)


def _fetch(url: str, options: ReadOptions, transport: httpx.BaseTransport | None,
           deadline: float) -> Capture:
    headers = {"User-Agent": options.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=options.fetch_timeout,
                         headers=headers, transport=transport) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            data = _read_capped(response, options.max_bytes, url, deadline)
            final_url = str(response.url)
            content_type = response.headers.get("content-type")
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out after {options.fetch_timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc}") from exc
    return capture_from_bytes(data, url=final_url, source=url, fetched=datetime.now(UTC),
                              content_type=content_type, options=options)


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
