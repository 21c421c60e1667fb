"""`tearsheet serve` on 127.0.0.1: a busy port is one error line; a free one serves."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tearsheet.archive import Archive

SRC = Path(__file__).parent.parent / "src"
TIMEOUT_SECONDS = 60
READY = re.compile(r"Reading room on http://127\.0\.0\.1:(\d+)/")


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    Archive(path).close()
    return path


def serve(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen([sys.executable, "-m", "tearsheet", "serve", "--host", "127.0.0.1", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_a_busy_port_is_one_error_line(archive_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve("--port", str(port), "--archive", str(archive_path))
        try:
            out, err = proc.communicate(timeout=TIMEOUT_SECONDS)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 1
    assert (out, err) == ("", f"tearsheet: error: port {port} is in use\n")


def test_a_free_port_serves_and_names_the_port_it_got(archive_path: Path) -> None:
    proc = serve("--port", "0", "--archive", str(archive_path))
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # the server prints it once it has its socket
        found = READY.search(line)
        assert found, line
        port = int(found.group(1))
        assert port != 0
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy for loopback
        with direct.open(f"http://127.0.0.1:{port}/api/stats", timeout=TIMEOUT_SECONDS) as reply:
            assert json.load(reply)["articles"] == 0
    finally:
        proc.terminate()
        proc.communicate(timeout=TIMEOUT_SECONDS)
