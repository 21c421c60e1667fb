"""Bytes → str for web pages and text captures: BOM, UTF-16 by its NUL pattern, declared
charset, then a detector.

Never raises on bad bytes: undecodable bytes become U+FFFD. Stray control characters (a NUL
from a bad copy, a form of BEL) are dropped from the text: they mean nothing in an article,
and several consumers (lexbor, SQLite FTS, terminals) treat a NUL as the end of the text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_STRAY_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
UTF16_SAMPLE_BYTES = 4096  # enough bytes to see the NUL pattern of UTF-16 text
MIN_UTF16_SAMPLE = 16  # fewer bytes than this: too few to tell
UTF16_NUL_SIDE = 0.6  # UTF-16 text of Latin script: at least this share of NULs on one side…
UTF16_OTHER_SIDE = 0.05  # …and hardly any on the other (binary has NULs on both)
# C0 controls that are not text layout (tab, newline, form feed, carriage return stay).
_STRAY_CONTROLS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 12, 13))
META_SCAN_BYTES = 4096  # browsers look for <meta charset> in the first 1024 bytes; be lenient
DETECT_BYTES = 128 * 1024  # enough for the detector to be sure, bounded for speed

# Labels that pages declare but mean something wider (as the WHATWG encoding spec says).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "x-sjis": "shift_jis",
            "gb2312": "gb18030", "gbk": "gb18030", "ks_c_5601-1987": "cp949", "euc-kr": "cp949"}

# Python text codecs that are no page encoding: escapes, host-name codecs, one that always
# fails, and UTF-7 (which browsers refuse, since it smuggles markup past filters).
_NOT_PAGE_CODECS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined",
                              "utf-7"})
# A <meta> the scan could read as ASCII was not written in UTF-16 or UTF-32, whatever it says:
# browsers read such pages as UTF-8 (WHATWG "prescan").
_META_MEANS_UTF8 = ("utf-16", "utf-32", "utf16", "utf32")


def decode(data: bytes, content_type: str | None = None) -> str:
    text = _decode(data, content_type)
    return text.translate(_STRAY_CONTROLS) if _has_stray_control(text) else text


def text_encoding(data: bytes) -> str | None:
    """The encoding a BOM or the NUL pattern of UTF-16 shows, if either does."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return utf16_without_bom(data)


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text with no BOM, else None.

    Characters below U+0100 (markup, Latin text, digits, spaces) have a NUL as their high
    byte: every odd byte (little-endian) or every even byte (big-endian) is NUL.
    """
    sample = data[:UTF16_SAMPLE_BYTES]
    if len(sample) < MIN_UTF16_SAMPLE:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_share, odd_share = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_share >= UTF16_NUL_SIDE and even_share <= UTF16_OTHER_SIDE:
        return "utf-16-le"
    if even_share >= UTF16_NUL_SIDE and odd_share <= UTF16_OTHER_SIDE:
        return "utf-16-be"
    return None


def _has_stray_control(text: str) -> bool:
    return _STRAY_CONTROL.search(text) is not None


def _decode(data: bytes, content_type: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    if (utf16 := utf16_without_bom(data)) is not None:
        return data.decode(utf16, "replace")
    for declared in (_from_header(content_type), _from_meta(data)):
        if declared:
            text = _try_decode(data, declared)
            if text is not None:
                return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:DETECT_BYTES]).best()
    encoding = best.encoding if best else "cp1252"
    return data.decode(encoding, "replace")


def _from_header(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _from_meta(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore")
    return "utf-8" if label.lower().replace("_", "-").startswith(_META_MEANS_UTF8) else label


def _try_decode(data: bytes, label: str) -> str | None:
    encoding = _ALIASES.get(label.lower(), label)
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        return None
    # Python also registers bytes-to-bytes codecs (rot13, zlib, hex, base64, uu, bz2): a page
    # declaring one must not reach them (they raise, or inflate a bomb); the label is ignored.
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_PAGE_CODECS:
        return None
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        # Pages often declare UTF-8 and hold stray bytes: keep the rest readable.
        return data.decode("utf-8", "replace")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, ValueError, TypeError, LookupError):  # a codec's own quirks
        return None
