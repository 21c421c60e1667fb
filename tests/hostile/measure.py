"""Run a command in a child process and measure that child alone: CPU time and peak memory.

A child forked from the test process inherits the test process's peak RSS (Linux carries
``maxrss`` over fork and exec), so the command is started by a small launcher — this file
run as a script — whose own child is measured with ``os.wait4``, as ``/usr/bin/time`` does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass(frozen=True, slots=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float  # user + system CPU time of the command
    peak_mb: float  # the command's peak resident set size
    killed: bool  # still running at the wall-clock limit


def run_measured(args: list[str], *, wall_limit: float = 60.0, cwd: Path | None = None) -> Run:
    """Run ``args`` with this tree's ``src`` first on the path; kill it past ``wall_limit`` s."""
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    with tempfile.TemporaryDirectory() as folder:
        usage_file = Path(folder) / "usage.json"
        process = subprocess.Popen([sys.executable, __file__, str(usage_file), *args], env=env, cwd=cwd,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(wall_limit, kill)
        timer.start()
        try:
            out, err = process.communicate()
        finally:
            timer.cancel()
        usage = json.loads(usage_file.read_text()) if usage_file.exists() else {}
    return Run(returncode=usage.get("returncode", process.returncode),
               stdout=out.decode("utf-8", "replace"), stderr=err.decode("utf-8", "replace"),
               seconds=usage.get("seconds", float("inf")), peak_mb=usage.get("peak_mb", float("inf")),
               killed=killed.is_set())


def run_python(code: str, **kwargs: object) -> Run:
    return run_measured([sys.executable, "-c", code], **kwargs)  # type: ignore[arg-type]


def _launch(usage_file: str, args: list[str]) -> None:
    process = subprocess.Popen(args)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    Path(usage_file).write_text(json.dumps({
        "returncode": process.returncode, "seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    _launch(sys.argv[1], sys.argv[2:])
