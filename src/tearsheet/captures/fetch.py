"""EDGE: fetch an http(s) URL into a ``Capture`` with httpx.

Redirects are followed, compressed bodies decoded, the body is read as a stream so
an oversized response is cut off at ``options.max_bytes`` instead of filling memory.
``transport`` is injectable so tests can swap the network for a mock.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tearsheet.captures.load import capture_from_bytes
from tearsheet.errors import FetchError, InputTooLargeError
from tearsheet.models import Capture
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

MAX_REDIRECTS = 10
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"  # pages and prints


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, options: ReadOptions = DEFAULT_OPTIONS,
          transport: httpx.BaseTransport | None = None) -> Capture:
    headers = {"User-Agent": options.user_agent, "Accept": ACCEPT}
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=options.fetch_timeout,
                         headers=headers, transport=transport) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            data = _read_capped(response, options.max_bytes, url)
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


def _read_capped(response: httpx.Response, limit: int, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise InputTooLargeError(f"{url}: the response is over the {limit:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)
