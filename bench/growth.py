"""Time each reader on inputs of growing size and fit how its time grows.

For every axis in ``bench.hostile_inputs.GROWTH`` (the ordinary one — more paragraphs,
more pages — and the ones that once were quadratic: nesting depth, URL lines, "[" runs,
front matter), the reader runs on inputs of 1×, 4× and 16× the base size; the exponent
is the least-squares slope of log(CPU time) against log(input bytes). Linear is 1,
quadratic 2.

    python -m bench.growth            # prints the table and updates BENCHMARKS.md
    python -m bench.growth --no-write
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import time

import tearsheet
from bench.hostile_inputs import GROWTH
from bench.report import machine, replace_section
from tearsheet.errors import TearsheetError

FACTORS = (1, 4, 16)
REPEATS = 3  # the best of this many runs: the least disturbed by other work on the machine
LINEAR_AT_MOST = 1.25  # a fitted exponent up to this reads as linear (timer noise, cache effects)
HEADING = "## Growth: time against input size, per reader"


def cpu_seconds(data: bytes, kind: str | None) -> float:
    best = math.inf
    for _ in range(REPEATS):
        started = time.process_time()
        with contextlib.suppress(TearsheetError):
            tearsheet.extract(data, kind=kind)
        best = min(best, time.process_time() - started)
    return max(best, 1e-4)


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log y against log x."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
            / sum((x - mean_x) ** 2 for x in xs))


def measure() -> list[tuple[str, list[tuple[int, float]], float]]:
    rows = []
    for case, (generate, base, kind) in GROWTH.items():
        cpu_seconds(generate(base), kind)  # warm: imports, compiled regexes, pdfium
        points = []
        for factor in FACTORS:
            data = generate(base * factor)
            points.append((len(data), cpu_seconds(data, kind)))
        rows.append((case, points, slope([(float(size), seconds) for size, seconds in points])))
    return rows


def table(rows: list[tuple[str, list[tuple[int, float]], float]]) -> str:
    head = "| reader: axis | " + " | ".join(f"{f}×: bytes → ms" for f in FACTORS) + " | exponent |"
    lines = [head, "|---" * (len(FACTORS) + 2) + "|"]
    for case, points, exponent in rows:
        cells = " | ".join(f"{size / 1e6:.2f} MB → {seconds * 1000:,.0f}" if size >= 100_000
                           else f"{size / 1e3:.0f} kB → {seconds * 1000:,.1f}" for size, seconds in points)
        verdict = "" if exponent <= LINEAR_AT_MOST else " **not linear**"
        lines.append(f"| {case} | {cells} | {exponent:.2f}{verdict} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    args = parser.parse_args()
    rows = measure()
    result = table(rows)
    print(result)
    if not args.no_write:
        today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
        sizes = ", ".join(f"{f}×" for f in FACTORS)
        text = (f"{HEADING}\n\nEach reader on generated inputs of {sizes} a base size, along the "
                "ordinary axis (more paragraphs, more pages) and along each that once grew with the "
                "square of the input. Measured on this machine before the fixes: 120,000 nested "
                "`<div>`s took 64 s (lexbor is quadratic in depth); a dump listing 8,000 URL lines, 33 s "
                "(line joining); a clip with a line of 40,000 `[`, 4.4 s (kind sniffing); 20,000 `[` in "
                f"front matter, 2.4 s. Process CPU time, best of {REPEATS}; the exponent is the log-log "
                "least-squares slope of time against input bytes (1 is linear, 2 quadratic). The inputs "
                "are `bench/hostile_inputs.py`; `tests/test_hostile_growth.py` holds every axis to "
                "≤ 30× the time for 10× the input.\n\n"
                f"Command: `python -m bench.growth`  \nMachine: {machine()}  \nDate: {today}\n\n{result}\n")
        replace_section(HEADING, text)
        print("updated BENCHMARKS.md")


if __name__ == "__main__":
    main()
