"""Every reader runs in linear time: a 10× input may cost at most 30× the CPU time.

Quadratic would be 100×; the slack covers warm caches, allocator noise and a busy CI core.
Each case is an axis along which a reader once was quadratic (or worse): nesting depth
(lexbor), URL lines (line joining), "[" runs (sniffing and front-matter regexes).
"""

from __future__ import annotations

import contextlib
import time

import pytest
from bench.hostile_inputs import GROWTH

import tearsheet
from tearsheet.captures.sniff import sniff_kind
from tearsheet.errors import TearsheetError

FACTOR = 10
MAX_RATIO = 30.0  # linear is ~10; quadratic 100
FLOOR_SECONDS = 0.02  # a small run faster than this is timed as this: no ratio of two noises


def _cpu(data: bytes, kind: str | None) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        with contextlib.suppress(TearsheetError):
            tearsheet.extract(data, kind=kind)
        best = min(best, time.process_time() - started)
    return max(best, FLOOR_SECONDS)


@pytest.mark.parametrize("case", sorted(GROWTH))
def test_ten_times_the_input_costs_well_under_a_hundred_times_the_time(case: str) -> None:
    generate, size, kind = GROWTH[case]
    small, large = generate(size), generate(size * FACTOR)
    _cpu(small, kind)  # warm: imports, regex compilation, pdfium start-up
    ratio = _cpu(large, kind) / _cpu(small, kind)
    assert ratio <= MAX_RATIO, f"{case}: {FACTOR}× input took {ratio:.1f}× the time"


def test_sniffing_a_megabyte_of_brackets_is_fast() -> None:
    # Before: 16 s in the Markdown-signs regex (catastrophic backtracking).
    started = time.process_time()
    for data in (b"[" * 1_000_000, b"# x\n\n" + b"[" * 1_000_000, b"**" * 500_000, b"[a](" * 250_000):
        with contextlib.suppress(TearsheetError):
            sniff_kind(data)
    assert time.process_time() - started < 2.0
