"""UTF-16 text and text with stray control characters are text, not "binary"; and a page
nested deeper than lexbor can bear is flattened, its text kept."""

from __future__ import annotations

import codecs

import pytest

import tearsheet
from tearsheet.captures.sniff import sniff_kind
from tearsheet.errors import UnsupportedInputError
from tearsheet.models import CaptureKind
from tearsheet.readers.common.charset import decode, utf16_without_bom
from tearsheet.readers.html.depth import MAX_DEPTH, limit_depth

STORY = "A sentence of an ordinary story that goes on for a while. " * 12
PAGE = (f"<html><head><meta charset=utf-8><title>Story</title></head><body><article><h1>Story</h1>"
        f"<p>{STORY}</p><p>{STORY}</p></article></body></html>")
CLIP = f"# Story\n\n{STORY}\n\n{STORY} [a](https://x.example/a) and [b](https://x.example/b).\n"
DUMP = "\n".join(STORY[i:i + 90] for i in range(0, len(STORY), 90)) + "\n\nhttps://x.example/story\n"
ENCODINGS = {
    "utf-16 with BOM": lambda text: text.encode("utf-16"),
    "utf-16-le, no BOM": lambda text: text.encode("utf-16-le"),
    "utf-16-be, no BOM": lambda text: text.encode("utf-16-be"),
    "utf-16-be with BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-32 with BOM": lambda text: text.encode("utf-32"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize(("text", "kind"), [(PAGE, CaptureKind.HTML), (CLIP, CaptureKind.MARKDOWN),
                                             (DUMP, CaptureKind.TEXT)])
def test_utf16_and_utf32_text_is_read(encoding: str, text: str, kind: CaptureKind) -> None:
    data = ENCODINGS[encoding](text)
    assert sniff_kind(data) is kind
    article = tearsheet.extract(data)
    assert article.kind is kind
    assert "A sentence of an ordinary story" in article.blocks[-1].text


def test_the_nul_pattern_tells_utf16_from_binary() -> None:
    assert utf16_without_bom("Plain ASCII text, long enough.".encode("utf-16-le")) == "utf-16-le"
    assert utf16_without_bom("Plain ASCII text, long enough.".encode("utf-16-be")) == "utf-16-be"
    assert utf16_without_bom(bytes(range(256)) * 4) is None
    assert utf16_without_bom(b"\x00" * 64) is None  # NULs on both sides: binary
    assert utf16_without_bom(b"plain utf-8 text, long enough") is None


@pytest.mark.parametrize("text", [PAGE, CLIP, DUMP])
@pytest.mark.parametrize("stray", ["\x00", "\x07", "\x1b", "\x00\x01\x02", "\x7f"])
def test_a_few_control_characters_never_make_text_binary(text: str, stray: str) -> None:
    damaged = text.replace("story", "story" + stray, 5)
    data = damaged.encode()
    sniff_kind(data)  # no UnsupportedInputError
    article = tearsheet.extract(data)
    assert not any(ch in block.text for block in article.blocks for ch in "\x00\x01\x02\x07")


def test_control_characters_are_dropped_when_decoding() -> None:
    assert decode(b"one\x00two\x07 three\tfour\r\nfive\x0c") == "onetwo three\tfour\r\nfive\x0c"


def test_binary_is_still_binary() -> None:
    for data in (bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, b"\x00\x01" * 500):
        with pytest.raises(UnsupportedInputError):
            sniff_kind(data)


def test_a_page_nested_too_deep_is_flattened_with_its_text_kept() -> None:
    deep = "<div>" * (MAX_DEPTH * 3) + "<p>deep text</p>" + "</div>" * (MAX_DEPTH * 3)
    flattened = limit_depth(f"<html><body>{deep}<p>after</p></body></html>")
    assert "deep text" in flattened and "after" in flattened
    assert flattened.count("<div>") < MAX_DEPTH
    article = tearsheet.extract(f"<html><body><article><p>{STORY}</p>{deep}<p>{STORY}</p></article></body>"
                                "</html>".encode())
    assert "deep text" in "\n".join(block.text for block in article.blocks)


def test_markup_inside_scripts_and_comments_does_not_count_as_depth() -> None:
    page = "<p>x</p><script>" + "<div>" * (MAX_DEPTH * 2) + "</script><!--" + "<div>" * MAX_DEPTH * 2 + "-->"
    assert limit_depth(page) is page
