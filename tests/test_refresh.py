"""``tearsheet add --refresh`` against real HTTP servers on 127.0.0.1 (never the internet):
conditional requests, a changed page becoming a new version, failures named without ending
the run, and the delay between two requests to one host."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
from rich.console import Console

from local_server import QuietHandler, serve
from tearsheet.archive import Archive
from tearsheet.batch.refresh import Checked, Refresh, host, refresh
from tearsheet.cli import main
from tearsheet.cli import refresh as cli_refresh
from test_reconcile_versions import BODY

LAST_MODIFIED = "Tue, 14 May 2024 09:00:00 GMT"
HARBOUR = [
    "The harbour authority said on Monday that the old ferry pier will close for repairs in June. "
    "Engineers found that several wooden piles had rotted through during the winter storms.",
    "Ferries to the islands will leave from the cargo quay while the work lasts. Passengers should "
    "allow an extra fifteen minutes to walk there from the railway station, the authority said.",
    "The repairs are expected to cost three million and to take until the end of September. "
    "Local traders worried that fewer visitors would come to the waterfront market this summer.",
]
LIBRARY = [
    "The central library will stay open until ten in the evening from next month, the mayor's office "
    "announced. Students had asked for longer hours during the examination season for years.",
    "The extra hours will be staffed by volunteers and two new librarians. The reading rooms on the "
    "third floor will also be open on Sunday afternoons for the first time since the building opened.",
    "A survey last autumn found that most visitors come after work. The library plans to review the "
    "new hours at the end of the year and keep them if enough people use them.",
]

MARKET = [
    "Farmers at the Saturday market on Church Street will be able to take card payments from April, "
    "the market committee decided. Most stalls have accepted only cash since the market began.",
    "The committee will lend each stall a card reader for the first season. Several growers said "
    "they had lost customers who no longer carry coins or notes when they shop on the weekend.",
    "A small fee on each payment will be shared between the stall and the committee. The market "
    "runs from eight until one and draws about two thousand visitors on a fine morning.",
]


def html(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{body}</article></body></html>").encode()


@dataclass
class Seen:
    path: str
    if_none_match: str | None
    if_modified_since: str | None
    at: float


@dataclass
class Site:
    """What one test server serves (path → page), the status it is forced to answer with, and
    every request it saw. It honours If-None-Match with a 304, as a polite server does."""

    pages: dict[str, bytes] = field(default_factory=dict)
    status: int | None = None
    stall: float = 0.0  # seconds to wait before answering
    seen: list[Seen] = field(default_factory=list)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.seen.append(Seen(self.path, self.headers.get("If-None-Match"),
                                      self.headers.get("If-Modified-Since"), time.monotonic()))
                page = site.pages.get(self.path)
                if site.stall:
                    time.sleep(site.stall)
                if site.status is not None or page is None:
                    self._send(site.status or 404, b"no", {"Content-Type": "text/plain"})
                    return
                etag = '"' + hashlib.sha1(page).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", {"ETag": etag})
                    return
                self._send(200, page, {"Content-Type": "text/html; charset=utf-8", "ETag": etag,
                                       "Last-Modified": LAST_MODIFIED})

        return Handler


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site(pages={"/buses": html("Night buses to run in four more districts", BODY),
                        "/harbour": html("Old ferry pier to close for repairs", HARBOUR)})
    with serve(state.handler()) as base:
        yield state, base


def archive_of(path: Path, *urls: str) -> str:
    with Archive(path) as archive:
        outcomes = archive.add(list(urls))
    assert outcomes["added"] == len(urls), outcomes
    return str(path)


def article_id(archive_path: str, url: str) -> str:
    with Archive(archive_path, readonly=True) as archive:
        return next(t.article_id for t in archive.refresh_targets() if t.url == url)


def rows(out: str) -> list[dict[str, str]]:
    """The tab-separated lines ``add --refresh`` writes into a pipe, as dicts by column."""
    header, *lines = out.splitlines()
    return [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]


def count(archive_path: str, sql: str) -> int:
    with sqlite3.connect(archive_path) as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_an_unchanged_page_records_nothing_and_is_asked_for_conditionally(
        site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses")
    captures = count(archive_path, "SELECT count(*) FROM captures")
    for _ in range(2):
        assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
        (row,) = rows(capsys.readouterr().out)
        assert row["outcome"] == "unchanged" and row["versions"] == "0"
    # The first fetch (by `add`) left its validators; every refresh sends them back.
    etag = '"' + hashlib.sha1(state.pages["/buses"]).hexdigest() + '"'
    assert [(s.if_none_match, s.if_modified_since) for s in state.seen[1:]] == [(etag, LAST_MODIFIED)] * 2
    assert count(archive_path, "SELECT count(*) FROM captures") == captures
    assert count(archive_path, "SELECT count(*) FROM url_checks WHERE outcome = 'unchanged'") == 1


def test_a_changed_page_becomes_a_new_version_with_the_edit_in_history(
        site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, base = site
    url = f"{base}/buses"
    archive_path = archive_of(tmp_path / "news.db", url, f"{base}/harbour")
    state.pages["/buses"] = html("Night buses to run in four more districts",
                                 [BODY[0], BODY[1].replace("twelve million", "fifteen million"), *BODY[2:]])
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    captured = capsys.readouterr()
    outcomes = {row["url"]: (row["outcome"], row["versions"]) for row in rows(captured.out)}
    assert outcomes == {url: ("new_version", "2"), f"{base}/harbour": ("unchanged", "0")}
    assert "new_version\t1" in captured.err.splitlines() and "checked\t2" in captured.err.splitlines()
    assert main(["history", article_id(archive_path, url), "--archive", archive_path]) == 0
    history = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in history if line.startswith("version ")] == ["1", "2"]
    assert any(line.startswith("  ~ ") and "twelve million" in line and "fifteen million" in line
               for line in history)
    exported = tmp_path / "versions.jsonl"
    assert main(["export", "--format", "jsonl", "--versions", "--changed", "-o", str(exported),
                 "--archive", archive_path]) == 0
    first, second = (json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines())
    assert "twelve million" in first["text"] and "fifteen million" in second["text"]
    assert [e["action"] for e in second["edits"]] == ["changed"] and second["time"] > first["time"]
    # Refreshed again, the new version is what the server still sends: nothing new.
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    assert {row["outcome"] for row in rows(capsys.readouterr().out)} == {"unchanged"}


def test_a_failing_host_is_named_and_the_others_are_still_refreshed(
        site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, good_base = site
    broken = Site(pages={"/library": html("Library to open late", LIBRARY)})
    gone = Site(pages={"/gone": html("Old ferry pier to close for repairs", HARBOUR)})
    with serve(broken.handler()) as broken_base:
        with serve(gone.handler()) as down:
            archive_path = archive_of(tmp_path / "news.db", f"{good_base}/buses", f"{broken_base}/library",
                                      f"{down}/gone")
        broken.status = 500  # and the third server is down: its port refuses connections
        good.pages["/buses"] = html("Night buses to run in four more districts", BODY[:3])
        assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    captured = capsys.readouterr()
    outcomes = {row["url"]: row["outcome"] for row in rows(captured.out)}
    assert outcomes == {f"{good_base}/buses": "new_version", f"{broken_base}/library": "failed:fetch_failed",
                        f"{down}/gone": "failed:fetch_failed"}
    assert "failed:fetch_failed\t2" in captured.err.splitlines()
    assert main(["failures", "--stage", "refresh", "--archive", archive_path]) == 0
    listed = capsys.readouterr().out
    assert f"{broken_base}/library\tfetch_failed" in listed and "HTTP 500" in listed
    assert f"{down}/gone\tfetch_failed" in listed


def test_a_page_that_is_no_article_or_too_slow_is_a_named_failure(
        site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses", f"{base}/harbour")
    state.pages["/buses"] = b"<html><head><title>Sign in</title></head><body><form>Log in</form></body>"
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    outcomes = {row["url"]: row["outcome"] for row in rows(capsys.readouterr().out)}
    assert outcomes[f"{base}/buses"] == "failed:not_an_article"
    state.stall = 1.0
    assert main(["add", "--refresh", "--delay", "0", "--timeout", "0.3", "--archive", archive_path]) == 0
    messages = {row["message"].split(": ", 1)[1] for row in rows(capsys.readouterr().out)}
    assert messages == {"timed out after 0.3 s"}
    with Archive(archive_path, readonly=True) as archive:
        failures = archive.failures(stage="refresh")
    assert {(f.source, f.reason) for f in failures} == {(f"{base}/buses", "fetch_failed"),
                                                        (f"{base}/harbour", "fetch_failed")}
    state.stall = 0.0  # back to normal: a good check clears the URL's failure
    state.pages["/buses"] = html("Night buses to run in four more districts", BODY)
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    with Archive(archive_path, readonly=True) as archive:
        assert archive.failures(stage="refresh") == ()


def test_new_bytes_that_read_as_the_same_article_record_nothing(
        site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses")
    state.pages["/buses"] = state.pages["/buses"].replace(b"</body>", b"<!-- served at 10:42 --></body>")
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    assert [row["outcome"] for row in rows(capsys.readouterr().out)] == ["unchanged"]
    assert count(archive_path, "SELECT count(*) FROM captures") == 1
    # ... and the new page's validators are the ones sent next time.
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    assert state.seen[-1].if_none_match == '"' + hashlib.sha1(state.pages["/buses"]).hexdigest() + '"'


def test_on_a_terminal_the_summary_is_a_table_naming_what_changed(
        site: tuple[Site, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    state, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses", f"{base}/harbour")
    state.pages["/buses"] = html("Night buses to run in four more districts", BODY[:3])
    state.pages.pop("/harbour")
    screen = io.StringIO()
    monkeypatch.setattr(cli_refresh, "stderr", Console(file=screen, force_terminal=True, color_system=None,
                                                          width=160))
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    shown = [" ".join(line.replace("│", " ").split()) for line in screen.getvalue().splitlines()]
    assert {"checked 2", "new version 1", "unchanged 0", "failed: fetch_failed 1"} <= set(shown)
    buses, harbour = article_id(archive_path, f"{base}/buses"), article_id(archive_path, f"{base}/harbour")
    assert f"{buses} {base}/buses now 2 versions" in shown
    assert f"{harbour} fetch_failed: {base}/harbour: HTTP 404 Not Found" in shown


def test_requests_to_one_host_wait_the_delay_while_other_hosts_go_on(tmp_path: Path) -> None:
    delay = 0.3
    busy = Site(pages={"/buses": html("Night buses to run in four more districts", BODY),
                       "/harbour": html("Old ferry pier to close for repairs", HARBOUR),
                       "/library": html("Library to open late", LIBRARY)})
    quiet = Site(pages={"/story": html("Card payments come to the market", MARKET)})
    with serve(busy.handler()) as busy_base, serve(quiet.handler()) as quiet_base:
        archive_path = archive_of(tmp_path / "news.db", *(f"{busy_base}{p}" for p in busy.pages),
                                  f"{quiet_base}/story")
        busy.seen.clear()
        quiet.seen.clear()
        with Archive(archive_path) as archive:
            targets = archive.refresh_targets()
            started = time.monotonic()
            outcomes = [c.outcome for c in refresh(archive, targets, Refresh(delay=delay, hosts_at_once=2))]
    assert outcomes == ["unchanged"] * 4
    times = [s.at for s in busy.seen]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert len(times) == 3 and min(gaps) >= delay
    (other,) = quiet.seen
    assert other.at < times[1]  # the quiet host did not wait for the busy host's delay
    assert times[-1] - started < 2 * delay + 1.0  # the delay, not much more (a loose bound: a busy machine)


def test_ids_and_filters_choose_what_is_refreshed(site: tuple[Site, str], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    state, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses", f"{base}/harbour")
    chosen = article_id(archive_path, f"{base}/harbour")
    assert main(["add", "--refresh", chosen[:6], "--delay", "0", "--archive", archive_path]) == 0
    assert [row["article"] for row in rows(capsys.readouterr().out)] == [chosen]
    assert main(["add", "--refresh", f"{base}/buses", "--delay", "0", "--archive", archive_path]) == 0
    assert [row["url"] for row in rows(capsys.readouterr().out)] == [f"{base}/buses"]
    assert main(["add", "--refresh", f"{base}/elsewhere", "--archive", archive_path]) == 1
    assert capsys.readouterr().err.startswith(f"tearsheet: error: no article from {base}/elsewhere in ")
    assert main(["add", "--refresh", "--site", "nowhere.example", "--archive", archive_path]) == 0
    assert rows(capsys.readouterr().out) == []
    assert main(["add", "--site", "example.com", "x.html"]) == 2  # a filter without --refresh
    assert "--refresh" in capsys.readouterr().err


def test_an_article_without_a_url_is_skipped_by_name(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "news.db"
    with Archive(path) as archive:
        archive.add(b"Night buses\n\n" + "\n\n".join(BODY).encode())
    assert main(["add", "--refresh", "--archive", str(path)]) == 0
    captured = capsys.readouterr()
    assert [row["outcome"] for row in rows(captured.out)] == ["skipped:no_url"]
    assert "checked\t0" in captured.err.splitlines()


def test_ctrl_c_inside_a_fetch_stops_the_run_and_keeps_what_was_checked(
        site: tuple[Site, str], tmp_path: Path) -> None:
    _, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses", f"{base}/harbour")

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/harbour":
            raise KeyboardInterrupt
        return httpx.Response(304)

    with Archive(archive_path) as archive:
        done: list[str] = []
        with pytest.raises(KeyboardInterrupt):
            for checked in refresh(archive, archive.refresh_targets(), Refresh(delay=0),
                                   transport=httpx.MockTransport(answer)):
                done.append(checked.outcome)
    assert done == ["unchanged"]
    assert count(archive_path, "SELECT count(*) FROM url_checks WHERE outcome = 'unchanged'") == 1


def test_the_command_reports_an_interrupted_refresh(site: tuple[Site, str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses")

    def interrupted(*args: object, **kwargs: object) -> Iterator[Checked]:
        yield Checked(article_id="3fa94c1b2d07", url=f"{base}/buses", outcome="unchanged")
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_refresh, "refresh", interrupted)
    assert main(["add", "--refresh", "--archive", archive_path]) == 130
    captured = capsys.readouterr()
    assert len(rows(captured.out)) == 1 and "unchanged\t1" in captured.err.splitlines()
    assert captured.err.endswith("tearsheet: error: interrupted; what was checked is recorded\n")


def test_refreshing_no_archive_makes_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "--refresh", "--archive", str(tmp_path / "missing.db")]) == 1
    assert "no archive at" in capsys.readouterr().err and not (tmp_path / "missing.db").exists()


def test_an_archive_from_before_refreshing_gets_the_table_and_refreshes(
        site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, base = site
    archive_path = archive_of(tmp_path / "news.db", f"{base}/buses")
    with sqlite3.connect(archive_path) as conn:  # as an archive from before 0012 would be
        conn.execute("DELETE FROM migrations WHERE name = '0012_url_checks'")
        conn.execute("DROP TABLE url_checks")
    assert main(["add", "--refresh", "--delay", "0", "--archive", archive_path]) == 0
    assert [row["outcome"] for row in rows(capsys.readouterr().out)] == ["unchanged"]  # same bytes
    assert count(archive_path, "SELECT count(*) FROM url_checks") == 1


def test_host_is_the_name_and_port() -> None:
    assert host("https://User@News.Example.com:8443/a?b") == "news.example.com:8443"
    assert host("http://127.0.0.1:8001/x") != host("http://127.0.0.1:8002/x")
