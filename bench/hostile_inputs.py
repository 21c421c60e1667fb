"""Inputs that grow: one generator per reader, each taking a size factor ``n``.

Used by ``bench.growth`` (fitted exponents) and by the tests that hold every reader to
linear time. Each input is a plausible capture stretched along the axis that used to make
a reader quadratic: nesting depth, URL lines, bracket runs, front matter, pages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

STORY = "A sentence of an ordinary story that goes on for a while. " * 12


def _wrapped(text: str, width: int = 90) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def nested_divs(n: int) -> bytes:
    """A page with ``n`` nested <div>s around its second paragraph (lexbor is quadratic in depth)."""
    return (f"<html><body><article><h1>Story</h1><p>{STORY}</p>" + "<div>" * n + f"<p>{STORY}</p>"
            + "</div>" * n + "</article></body></html>").encode()


def html_paragraphs(n: int) -> bytes:
    """A page with ``n`` paragraphs: the ordinary axis of growth."""
    body = "".join(f"<p>{STORY} Paragraph {i}.</p><div class='ad'><a href='/x{i}'>more</a></div>"
                   for i in range(n))
    return (f"<html><head><title>Story</title></head><body><article><h1>Story</h1>{body}"
            "</article></body></html>").encode()


def url_lines(n: int) -> bytes:
    """A text dump of one page whose URL list has ``n`` lines."""
    urls = "\n".join(f"https://example.com/news/{i}/some-story-about-things" for i in range(n))
    return (_wrapped(STORY) + "\n" + urls + "\n" + _wrapped(STORY) + "\n").encode()


def text_pages(n: int) -> bytes:
    """A text dump of ``n`` pages, each with wrapped paragraphs and its URL list."""
    page = (_wrapped(STORY) + "\n\n" + _wrapped(STORY.replace("story", "tale")) + "\n\n"
            + "https://example.com/news/ordinary-story-goes-on\nhttps://example.com/other/while\n\n")
    return (page * n).encode()


def bracket_line(n: int) -> bytes:
    """A Markdown clip with a line of ``n`` "[" (catastrophic backtracking in sniffing)."""
    return f"# Story\n\n{STORY}\n\n{'[' * n}\n\n{STORY}\n".encode()


def link_openers(n: int) -> bytes:
    """A clip with a line of ``n`` "[a](" (a link target that never closes)."""
    return f"# Story\n\n{STORY}\n\n{'[a](' * n}\n\n{STORY}\n".encode()


def front_matter_brackets(n: int) -> bytes:
    """A clip whose front matter holds ``n`` "[" in one value and a line of ``n`` spaces with no
    colon (both backtracked quadratically in the front-matter regexes: 100k "[" took 77 s)."""
    return (f"---\nsummary: {STORY}\ntitle: {'[' * n}\nb{' ' * n}x\n---\n\n# Story\n\n{STORY}\n\n"
            f"{STORY}\n").encode()


def markdown_paragraphs(n: int) -> bytes:
    """A clip of ``n`` paragraphs with links and emphasis: the ordinary axis of growth."""
    body = "\n\n".join(f"{STORY} See [story {i}](https://example.com/{i}) and **bold {i}**."
                       for i in range(n))
    return f"# Story\n\n{body}\n".encode()


def pdf_pages(n: int) -> bytes:
    """A PDF print of ``n`` pages of wrapped text."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.hostile.bombs import pdf, text_page

    lines = [STORY[i:i + 90] for i in range(0, len(STORY), 90)] * 6
    return pdf([text_page(lines)], pages=n)


# reader → (generator, size at 1×, kind to force or None to sniff)
GROWTH: dict[str, tuple[Callable[[int], bytes], int, str | None]] = {
    "html: nested divs": (nested_divs, 10_000, None),
    "html: paragraphs": (html_paragraphs, 100, None),
    "text: URL lines": (url_lines, 2_000, None),
    "text: pages": (text_pages, 50, None),
    "markdown: [ line (sniffed)": (bracket_line, 100_000, None),
    "markdown: [a]( line (sniffed)": (link_openers, 25_000, None),
    "markdown: front matter": (front_matter_brackets, 10_000, "markdown"),
    "markdown: paragraphs": (markdown_paragraphs, 50, None),
    "pdf: pages": (pdf_pages, 20, None),
}
