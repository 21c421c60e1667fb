"""Visual lines → paragraphs: where a print's text runs on and where a new block begins.

A new paragraph starts where the style changes (font size, weight), where the
vertical gap is wider than the line pitch of that font size, where a line is
indented, or where the *fit test* says the previous line was not wrapped: if the
next line's first word would have fitted after it, the browser broke the line on
purpose. The same fit test decides whether the last paragraph of a page runs on
at the top of the next one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tearsheet.readers.pdf.layout import Line, PageLines

SIZE_TOLERANCE = 0.5  # pt: two lines closer than this in font size share a style
PITCH_SLACK = 1.15  # a gap this many times the usual line pitch (or more) separates paragraphs
PITCH_SLACK_PT = 0.5  # pt added to the slack, for rounding in the PDF coordinates
DEFAULT_PITCH = 1.2  # line pitch in font sizes when a size has too few lines to measure it
MIN_PITCH, MAX_PITCH = 0.8, 2.2  # gaps outside these (in font sizes) are not line pitches
INDENT = 0.8  # font sizes: a line starting this much further right than the one above is indented
NEIGHBOUR_LINES = 8  # lines before and after that show where a line's column wraps
COLUMN_REACH = 1.5  # font sizes: lines starting this close share a column's right edge (indents)
SPACE_WIDTH = 0.3  # font sizes: the width of the space the fit test adds before the next word
FIT_MARGIN = 0.2  # font sizes: the next word must fit with this much room to spare
DROP_CAP_SCALE = 2.0  # a letter this many times the usual size, beside text lines, is a drop cap
MAX_CAP_CHARS = 2  # a drop cap is one letter (two for a digraph such as "IJ")
MAX_DROP_CAPS = 16  # drop caps open articles or sections; a page with more holds big lettering instead
TERMINAL = re.compile(r"[.!?…:;。！？」』\"”’)\]]$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return self.lines[0].bold

    @property
    def chars(self) -> int:
        return sum(len(line.text) for line in self.lines)


def merge_drop_caps(lines: Sequence[Line]) -> list[Line]:
    """Put a drop cap (one big initial letter) back at the start of the line beside it."""
    if not lines:
        return list(lines)
    sizes = sorted(line.size for line in lines)
    usual = sizes[len(sizes) // 2]
    caps = [cap for cap in lines
            if len(cap.text) <= MAX_CAP_CHARS and cap.text.isalpha() and cap.size >= DROP_CAP_SCALE * usual]
    if len(caps) > MAX_DROP_CAPS:
        return list(lines)  # not drop caps but big lettering; and each cap scans the page
    result = list(lines)
    for cap in caps:
        if not any(line is cap for line in result):
            continue  # already merged into a line beside another cap
        beside = [line for line in result if line is not cap and line.x0 >= cap.x1 - 1
                  and cap.baseline <= line.baseline <= cap.baseline + cap.size]
        if not beside:
            continue
        first = max(beside, key=lambda line: line.baseline)
        shift = len(cap.text)
        links = tuple(replace(span, start=span.start + shift, end=span.end + shift) for span in first.links)
        result = [replace(first, text=cap.text + first.text, links=links) if line is first else line
                  for line in result if line is not cap]
    return result


def reading_order(lines: Sequence[Line]) -> list[Line]:
    """A page's lines top to bottom: pdfium's stream order, with out-of-place runs moved.

    A run is a stretch of stream lines each below the one before; browsers sometimes
    draw a page's heading or running header after its body, so runs are ordered by
    their top line. Within a run the stream order stays (it is the reading order).
    """
    runs: list[list[Line]] = []
    for line in lines:
        if runs and line.baseline < runs[-1][-1].baseline + line.size * 0.3:
            runs[-1].append(line)
        else:
            runs.append([line])
    runs.sort(key=lambda run: -run[0].baseline)  # stable: ties keep stream order
    return [line for run in runs for line in run]


def line_pitches(pages: Iterable[PageLines]) -> dict[float, float]:
    """The usual baseline-to-baseline distance per (rounded) font size."""
    gaps: dict[float, Counter[float]] = defaultdict(Counter)
    for page in pages:
        for above, below in zip(page.lines, page.lines[1:], strict=False):
            gap = above.baseline - below.baseline
            if _same_style(above, below) and MIN_PITCH * above.size <= gap <= MAX_PITCH * above.size:
                gaps[round(above.size)][round(gap * 2) / 2] += 1
    return {size: _smallest_common(counter) for size, counter in gaps.items()}


def _smallest_common(counter: Counter[float]) -> float:
    """The line pitch: among the frequent gaps, the smallest (paragraph gaps are wider)."""
    top = counter.most_common(1)[0][1]
    frequent = [gap for gap, count in counter.items() if count >= top * 0.3]
    # Pitches alternate by half a point with rounding in the PDF; take the upper one.
    low = min(frequent)
    return max(gap for gap in frequent if gap <= low + 1.0)


Limits = dict[int, float]  # id(line) → the right edge of its column around it


def column_limits(lines: Sequence[Line]) -> Limits:
    """Where each line's column wraps: the widest line set like it among its neighbours.

    Neighbours are the lines a few places before and after in reading order, of the
    same size, starting near it (an indented first line or a numbered item's text
    shares the column's right edge). Kept local: one wide caption or header elsewhere
    on the page must not make every line of a narrower column look short.
    """
    limits: Limits = {}
    for index, line in enumerate(lines):
        reach = COLUMN_REACH * line.size
        near = lines[max(0, index - NEIGHBOUR_LINES):index + NEIGHBOUR_LINES + 1]
        # default: a line with a NaN size or position (a broken PDF) is near nothing, not even itself
        limits[id(line)] = max((other.x1 for other in near if abs(other.size - line.size) <= SIZE_TOLERANCE
                                and abs(other.x0 - line.x0) <= reach), default=line.x1)
    return limits


def _limit(line: Line, limits: Limits) -> float:
    return limits.get(id(line), line.x1)


def split_page(lines: Sequence[Line], pitches: dict[float, float]) -> list[Paragraph]:
    """One page's lines (reading order) → its paragraphs."""
    limits = column_limits(lines)
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and not _starts_new(paragraphs[-1], line, pitches, limits):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [Paragraph(lines=tuple(group)) for group in paragraphs]


def _starts_new(current: list[Line], line: Line, pitches: dict[float, float],
                limits: Limits) -> bool:
    above = current[-1]
    if not _same_style(above, line) or line.baseline >= above.baseline:
        return True
    if line.x0 > above.x1 or line.x1 < above.x0:  # no horizontal overlap: another column
        return True
    pitch = pitches.get(round(above.size), DEFAULT_PITCH * above.size)
    if above.baseline - line.baseline > pitch * PITCH_SLACK + PITCH_SLACK_PT:
        return True
    # An indented line starts a paragraph, unless it follows the paragraph's first line:
    # that is a hanging indent (a numbered item's text under its number).
    if len(current) > 1 and line.x0 > above.x0 + INDENT * line.size:
        return True
    return would_fit(above, line, limits)


def _same_style(a: Line, b: Line) -> bool:
    """Same size, and same weight unless one line starts in a fallback font for another script."""
    return abs(a.size - b.size) <= SIZE_TOLERANCE and (a.bold == b.bold or a.family != b.family)


def would_fit(above: Line, line: Line, limits: Limits) -> bool:
    """Would ``line``'s first word have fitted at the end of ``above``? Then ``above`` ended."""
    limit = _limit(above, limits)
    needed = above.x1 + (SPACE_WIDTH + FIT_MARGIN) * above.size + line.first_word
    return needed < limit


def runs_on(last: Paragraph, first: Paragraph, limits: Limits) -> bool:
    """Does ``first`` (top of a page) continue ``last`` (bottom of the page before)?"""
    end, start = last.lines[-1], first.lines[0]
    if not _same_style(end, start):
        return False
    if start.x0 > min(line.x0 for line in last.lines) + INDENT * start.size:
        return False  # the top line is indented: a new paragraph
    if start.text[:1].islower() and not TERMINAL.search(end.text):
        return True
    return not would_fit(end, start, limits)
