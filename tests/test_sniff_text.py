"""Sniffing plain text: dump vs clip vs not an article, from content only (never the file name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tearsheet.captures.sniff import sniff_kind
from tearsheet.errors import NotAnArticleError, UnsupportedInputError
from tearsheet.models import CaptureKind

FIXTURES = Path(__file__).parent / "fixtures" / "text"
NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", NAMES)
def test_dumps_and_clips_are_told_apart(name: str) -> None:
    assert sniff_kind((FIXTURES / name / "print.txt").read_bytes()) is CaptureKind.TEXT
    assert sniff_kind((FIXTURES / name / "clip.md").read_bytes()) is CaptureKind.MARKDOWN


def test_plain_one_paragraph_per_line_text_is_a_clip() -> None:
    line = "The council voted on Tuesday to approve the new budget after a long and heated debate. " * 3
    assert sniff_kind(f"Budget Passes\n\n{line}\n\n{line}\n".encode()) is CaptureKind.MARKDOWN


def test_hard_wrapped_text_is_a_dump() -> None:
    wrapped = ("The council voted on Tuesday to approve the new budget after a long and heated\n"
               "debate that ran late into the night, with several members objecting to the cuts\n"
               "proposed for the parks department and the public library branches in the city.\n")
    assert sniff_kind(((wrapped + "\n") * 3).encode()) is CaptureKind.TEXT


def test_html_and_pdf_are_still_detected() -> None:
    assert sniff_kind(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj") is CaptureKind.PDF
    assert sniff_kind(b"<!doctype html><html><body><p>Hi</p></body></html>") is CaptureKind.HTML


@pytest.mark.parametrize("data", [
    b"id,name,score\n1,ann,3\n2,bo,4\n3,cy,5\n",
    b"[2024-01-01 10:00:00] INFO start\n[2024-01-01 10:00:01] INFO ok\n[2024-01-01 10:00:02] ERROR x\n",
    b"remember the milk",
    b'{"a": [1, 2, 3]}',
])
def test_text_that_is_no_article(data: bytes) -> None:
    with pytest.raises(NotAnArticleError):
        sniff_kind(data)


def test_binary_is_unsupported() -> None:
    with pytest.raises(UnsupportedInputError):
        sniff_kind(bytes(range(256)) * 4)
