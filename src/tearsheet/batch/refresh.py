"""EDGE: ``tearsheet add --refresh`` — re-fetch archived articles' URLs, politely, and keep
what changed as a new capture (which the archive's reconciliation turns into a new version).

Polite: each request is conditional (``If-None-Match`` / ``If-Modified-Since`` from the
validators the URL's last answer carried, see ``tearsheet.archive.checks``), and requests
to one host — its name and port — are ``delay`` seconds apart, while other hosts proceed
meanwhile: a few fetching threads each take one host at a time, its URLs in order. This
thread reads each answer and is the only one that writes, one URL per transaction.

Each URL ends as one outcome slug:

- ``unchanged``: a 304, the same bytes as a stored capture, or a page whose article reads
  the same as the last capture of that URL (a rotated advert changes the bytes, not the
  article): nothing is stored, the check and the new validators are noted;
- ``new_version``: the article was edited: the capture is stored and the article now has
  one more version (``tearsheet history`` shows the edits);
- ``new_capture``: the page changed in a way reconciliation judges no edit (furniture,
  a caption): the capture is stored as one more capture of the same version;
- ``new_article``: the URL now holds another article, stored as such;
- ``skipped:no_url``: the article has no http(s) URL to re-fetch;
- ``failed:<reason>``: the fetch failed (HTTP error, timeout, refused) or the page is not
  an article; named in ``failures`` (stage ``refresh``), never the end of the run.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from tearsheet.archive import ADDED, DUPLICATE, FAILED, Archive
from tearsheet.archive.checks import RefreshTarget, UrlCheck
from tearsheet.batch.inline import read_step
from tearsheet.captures.fetch import Fetched, fetch_if_changed
from tearsheet.errors import TearsheetError
from tearsheet.models import Article
from tearsheet.options import DEFAULT_OPTIONS, ReadOptions

UNCHANGED = "unchanged"
NEW_VERSION = "new_version"
NEW_CAPTURE = "new_capture"
NEW_ARTICLE = "new_article"
NO_URL = "skipped:no_url"
INTERNAL_ERROR = "internal_error"
DEFAULT_DELAY_SECONDS = 1.0  # between two requests to one host: a reader's pace, not a crawler's
HOSTS_AT_ONCE = 4  # hosts fetched at the same time (each host still one request at a time)


@dataclass(frozen=True, slots=True, kw_only=True)
class Refresh:
    """How to refresh: the pause between requests to one host, how many hosts at once, how
    to fetch and read (``options.fetch_timeout`` is each fetch's deadline)."""

    delay: float = DEFAULT_DELAY_SECONDS
    hosts_at_once: int = HOSTS_AT_ONCE
    options: ReadOptions = field(default=DEFAULT_OPTIONS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Checked:
    """One article's URL checked: the outcome slug (see the module doc), the versions the
    article has afterwards (0: one, never seen edited), and a failure's message."""

    article_id: str
    url: str | None
    outcome: str
    versions: int = 0
    message: str | None = None


def refresh(archive: Archive, targets: Sequence[RefreshTarget], settings: Refresh = Refresh(), *,
            transport: httpx.BaseTransport | None = None) -> Iterator[Checked]:
    """Re-fetch every target's URL and store what changed; yield each outcome as it is
    noted (hosts interleave, so not in the targets' order). ``transport``: as ``fetch``'s."""
    for target in targets:
        if target.url is None:
            yield Checked(article_id=target.article_id, url=None, outcome=NO_URL)
    fetchers = _Fetchers([t for t in targets if t.url is not None], settings, transport)
    try:
        for target, answer in fetchers:
            check = _judge(archive, target, answer, settings.options)
            archive.record_check(check)
            yield Checked(article_id=target.article_id, url=check.url, outcome=check.outcome,
                          versions=_versions(archive, target.article_id), message=check.message)
    finally:
        fetchers.stop()


def host(url: str) -> str:
    """The host a delay applies to: the URL's name and port (``example.com``, ``127.0.0.1:8001``)."""
    return urlsplit(url).netloc.lower().rpartition("@")[2]


def _judge(archive: Archive, target: RefreshTarget, answer: Fetched | Exception,
           options: ReadOptions) -> UrlCheck:
    """What one answer means for the archive, the new capture stored when it changed."""
    url = target.url or ""
    if isinstance(answer, Exception):
        reason = answer.reason if isinstance(answer, TearsheetError) else INTERNAL_ERROR
        return UrlCheck(url=url, article_id=target.article_id, outcome=f"{FAILED}:{reason}",
                        validators=target.validators, message=_one_line(answer))
    capture = answer.capture
    unchanged = UrlCheck(url=url, article_id=target.article_id, outcome=UNCHANGED,
                         validators=answer.validators)
    if capture is None or archive.known([capture.id]):
        return unchanged
    result = read_step(archive, capture, options)
    article = result.article()
    if article is None:  # not an article (any more): the old validators stand, so it is re-read next time
        return UrlCheck(url=url, article_id=target.article_id, outcome=f"{FAILED}:{result.error}",
                        validators=target.validators, message=result.message)
    if _reads_as_last(archive, target, article):
        return unchanged
    before = _versions(archive, target.article_id)
    stored = archive.store(result)  # a merge is reconciled at once: its versions are known next
    if stored == DUPLICATE:
        return unchanged
    outcome = NEW_ARTICLE if stored == ADDED else \
        NEW_VERSION if _versions(archive, target.article_id) > max(before, 1) else NEW_CAPTURE
    return UrlCheck(url=url, article_id=target.article_id, outcome=outcome, validators=answer.validators,
                    changed=True)


def _reads_as_last(archive: Archive, target: RefreshTarget, article: Article) -> bool:
    """Does ``article`` read as the one from the article's last capture of this URL (else its
    last capture of the same kind) — the same title and text?"""
    records = [r for r in archive.captures(target.article_id) if r.status == "ok"]
    same_url = [r for r in records if target.url in (r.source, r.url)]
    same_kind = [r for r in records if r.kind == (article.kind.value if article.kind else None)]
    last = (same_url or same_kind)[-1:]
    if not last:
        return False
    before = archive.capture_article(last[0].id)
    return (before.title, before.text) == (article.title, article.text)


def _versions(archive: Archive, article_id: str) -> int:
    return len(archive.get(article_id).versions)


def _one_line(exc: Exception) -> str:
    text = str(exc) if isinstance(exc, TearsheetError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())


class _Fetchers:
    """Threads that fetch the targets, each taking one host at a time and its URLs in order,
    ``delay`` seconds between the end of one request and the start of the next; iterating
    gives ``(target, Fetched or the exception)`` as the answers arrive."""

    def __init__(self, targets: Sequence[RefreshTarget], settings: Refresh,
                 transport: httpx.BaseTransport | None) -> None:
        by_host: dict[str, list[RefreshTarget]] = {}
        for target in targets:
            by_host.setdefault(host(target.url or ""), []).append(target)
        self._hosts: queue.SimpleQueue[list[RefreshTarget]] = queue.SimpleQueue()
        for group in by_host.values():
            self._hosts.put(group)
        self._answers: queue.Queue[tuple[RefreshTarget, Fetched | BaseException]] = queue.Queue()
        self._stopping = threading.Event()
        self._settings, self._transport, self._count = settings, transport, len(targets)
        for number in range(min(settings.hosts_at_once, len(by_host))):
            threading.Thread(target=self._work, name=f"refresh {number}", daemon=True).start()

    def __iter__(self) -> Iterator[tuple[RefreshTarget, Fetched | Exception]]:
        for _ in range(self._count):
            target, answer = self._answers.get()  # a blocked get still lets Ctrl-C through
            if isinstance(answer, BaseException) and not isinstance(answer, Exception):
                raise answer  # Ctrl-C or an exit inside a fetch is this thread's too
            yield target, answer

    def stop(self) -> None:
        """Start no more requests (one under way ends by its deadline; the threads are daemons)."""
        self._stopping.set()

    def _work(self) -> None:
        while not self._stopping.is_set():
            try:
                group = self._hosts.get_nowait()
            except queue.Empty:
                return
            for index, target in enumerate(group):
                if index and self._stopping.wait(self._settings.delay):
                    return
                self._answers.put((target, self._fetch(target)))

    def _fetch(self, target: RefreshTarget) -> Fetched | BaseException:
        """The answer, or what the fetch raised: handed over, so every target gets an answer
        (a thread that died would leave the writer waiting for one)."""
        try:
            return fetch_if_changed(target.url or "", target.validators, options=self._settings.options,
                                    transport=self._transport)
        except BaseException as exc:  # noqa: BLE001 — every target gets an answer (see above)
            return exc

