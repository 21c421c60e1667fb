"""Helpers for CLI tests (no tests here): run ``tearsheet`` with stdout on a real terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parent.parent / "src"
TIMEOUT_SECONDS = 120
READ_CHUNK = 65536


def run_on_terminal(*args: str) -> tuple[int, str]:
    """``python -m tearsheet ARGS`` with stdout on a pseudo-terminal; its exit code and output."""
    parent, child = pty.openpty()
    try:
        env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200"}
        proc = subprocess.Popen([sys.executable, "-m", "tearsheet", *args], stdout=child,
                                stderr=subprocess.DEVNULL, env=env)
        os.close(child)
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(parent, READ_CHUNK)
            except OSError:  # Linux: the other end closed, everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = proc.wait(timeout=TIMEOUT_SECONDS)
    finally:
        os.close(parent)
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
