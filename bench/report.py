"""What every benchmark script shares: describing the machine, and replacing its own
``## Section`` of BENCHMARKS.md (other sections are left exactly as they are)."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
HEADER = "# Benchmarks\n\nEvery figure here is produced by a script in `bench/`, with its command.\n"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine(*extras: str) -> str:
    """``CPU, nproc=N, Python X.Y.Z`` plus whatever versions a benchmark depends on."""
    return ", ".join([cpu_model(), f"nproc={os.cpu_count()}", f"Python {platform.python_version()}", *extras])


def replace_section(heading: str, text: str, path: Path = BENCHMARKS) -> None:
    """Put ``text`` (which starts with ``heading``) in place of that section, or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text.rstrip("\n") + "\n\n", old) if pattern.search(old) \
        else old.rstrip("\n") + "\n\n" + text
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")
