"""End to end in a real browser: `tearsheet serve` driven through Debian's Chromium by Playwright.

Skipped cleanly when Playwright or the system Chromium is missing (CI installs
Chromium with apt; a test tool's own browser download does not work offline).
Screenshots of every page, at a laptop and a phone width, go to
test-output/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from web_support import HOSTILE_PAGE, capture_id, example_archive

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# On a developer's machine without a browser these tests skip; in CI (.ci/run installs
# Debian's chromium) a missing browser is a failure, so the e2e tests cannot vanish quietly.
IN_CI = bool(os.environ.get("CI"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if IN_CI:
    from playwright import sync_api  # noqa: E402 (an ImportError fails CI loudly)

    assert CHROMIUM, "CI must have Debian's chromium for the browser tests (.ci/run installs it)"
else:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip("no system Chromium (apt-get install chromium)", allow_module_level=True)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
VIEWPORTS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
START_TIMEOUT_SECONDS = 20.0
HOSTILE_ID = capture_id(HOSTILE_PAGE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`tearsheet serve` over the examples plus a hostile page, on a free loopback port."""
    path = tmp_path_factory.mktemp("reading-room") / "archive.db"
    example_archive(path, real=True).close()  # end to end: grouped and reconciled for real
    port = _free_port()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tearsheet", "serve", "--archive", str(path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"tearsheet serve exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if httpx.get(base + "/api/stats", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("tearsheet serve did not start in time")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORTS["laptop"])
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    try:
        yield opened
    finally:
        context.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_search_read_and_compare(server: str, page: Page) -> None:
    p = page
    p.goto(server + "/")
    p.fill("input[name=q]", "police")
    p.press("input[name=q]", "Enter")
    p.wait_for_selector(".result mark")
    assert p.locator(".result mark").first.inner_text().lower() == "police"
    assert "1 article match" in p.locator(".count").inner_text()

    p.click(".result h2 a")
    p.wait_for_selector("h1.headline")
    assert "House Hitler was born" in p.locator("h1.headline").inner_text()
    # Provenance: paragraphs carry capture marks and say where they came from on hover.
    first = p.locator(".body > p.blk").first
    assert first.get_attribute("title").startswith("from capture ")
    assert first.locator(".mark").count() >= 1
    captures = p.locator(".panel .capture-key li").count()
    assert captures >= 3  # the page, the PDF print and the text dump at least

    p.click(f"text=Compare {captures} captures")
    p.wait_for_selector("table.captures")
    assert p.locator("table.captures tbody tr").count() == captures
    assert p.locator(".diff .diff-row").count() > 3
    assert p.locator("iframe.capture-frame").get_attribute("sandbox") == ""


def test_a_captured_pages_script_never_runs(server: str, page: Page) -> None:
    p = page
    requests: list[str] = []
    p.on("request", lambda request: requests.append(request.url))
    p.goto(server + "/?q=quokkas")
    p.click(".result h2 a")
    p.wait_for_selector("h1.headline")
    assert "<script>" in p.locator("h1.headline").inner_text()  # shown as text
    p.click("text=See the capture")
    frame_element = p.wait_for_selector("iframe.capture-frame")
    frame = frame_element.content_frame()
    frame.wait_for_load_state()
    assert frame.locator("text=Rottnest").count() == 1  # the captured page did load
    time.sleep(0.5)  # give any script that could run the time to run
    assert frame.locator("#script-ran").count() == 0
    assert frame.locator("#written").count() == 0
    assert p.title().startswith("Captures · <script>")  # the title as text, never set by a script
    assert "/captures" in p.url  # no redirect of the top page
    # Opened on its own, the capture is still sandboxed by its CSP header.
    article_url = p.url.split("/captures")[0]
    p.goto(f"{article_url}/captures/{HOSTILE_ID}/raw")
    time.sleep(0.5)
    assert p.locator("#script-ran").count() == 0
    assert p.title() == '<script>document.title="PWNED-TITLE"</script><img src=x onerror=alert(1)>'
    assert not [url for url in requests if "pwned" in url]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_screenshots(server: str, browser: Browser, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        p = context.new_page()
        p.goto(server + "/?q=police OR bike")
        article_href = p.locator(".result h2 a").first.get_attribute("href")
        _shot(p, f"search-{viewport}")
        p.goto(server + "/")
        _shot(p, f"home-{viewport}")
        p.goto(server + article_href)
        p.wait_for_selector("h1.headline")
        _shot(p, f"article-{viewport}")
        p.goto(server + article_href + "/captures#diff")
        p.wait_for_selector(".diff")
        _shot(p, f"captures-{viewport}")
        assert p.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"] + 1
    finally:
        context.close()
    for name in ("search", "home", "article", "captures"):
        assert (SCREENSHOTS / f"{name}-{viewport}.png").stat().st_size > 10_000
