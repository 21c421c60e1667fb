"""Undo HTTP content codings (gzip, deflate, br, zstd) with a cap on the output.

A compressed body is a memory bomb waiting to happen: a 4 MB gzip member of zeros
inflates to 4 GB. Every decoder here is incremental and asks its decompressor for at
most the room left under the cap, so memory stays at the cap plus one input chunk, and
passing the cap raises ``InputTooLargeError`` instead of filling memory.

Used by the WARC reader (a response body) and the URL fetcher (a streamed response);
httpx's own decoders have no output cap, so the fetcher reads raw bytes and decodes here.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from tearsheet.errors import InputTooLargeError, UnsupportedInputError

IDENTITY = ("", "identity")
GZIP = ("gzip", "x-gzip")
GZIP_WBITS = 16 + zlib.MAX_WBITS  # zlib reads a gzip header and trailer with this
INPUT_STEP = 64 * 1024  # bytes handed to a decompressor at a time
OUTPUT_STEP = 1024 * 1024  # bytes asked of a decompressor at a time: small steps keep the peak near the cap


class _Stage(Protocol):
    def feed(self, data: bytes, room: int) -> bytes: ...

    def has_more(self) -> bool: ...


def codings(header: str | None) -> list[str]:
    """The codings of a ``Content-Encoding`` header, in the order they were applied."""
    return [c.strip().lower() for c in (header or "").split(",") if c.strip().lower() not in IDENTITY]


def supported(coding: str) -> bool:
    return coding in GZIP or coding in ("deflate", "br", "zstd") and _module(coding) is not None


class CappedDecoder:
    """Decodes a body chunk by chunk through every coding of a ``Content-Encoding`` header.

    Raises ``UnsupportedInputError`` for a coding it cannot undo, ``InputTooLargeError``
    once any stage's output passes ``limit`` bytes, and ``ValueError`` for a corrupt stream.
    """

    def __init__(self, content_encoding: str | None, limit: int, what: str = "the body") -> None:
        applied = codings(content_encoding)
        unknown = [c for c in applied if not supported(c)]
        if unknown:
            raise UnsupportedInputError(f"unsupported content encoding {unknown[0]}")
        self._stages = [_stage(c) for c in reversed(applied)]
        self._limit = limit
        self._what = what
        self._sizes = [0] * len(self._stages)

    def feed(self, chunk: bytes) -> bytes:
        if not self._stages:
            return chunk
        # Fed in small pieces: zlib copies its unconsumed input on every call.
        return b"".join(self._feed_piece(chunk[start:start + INPUT_STEP])
                        for start in range(0, len(chunk), INPUT_STEP))

    def _feed_piece(self, piece: bytes) -> bytes:
        for index, stage in enumerate(self._stages):
            piece = self._drain(index, stage, piece)
        return piece

    def _drain(self, index: int, stage: _Stage, data: bytes) -> bytes:
        parts: list[bytes] = []
        while True:
            room = self._limit - self._sizes[index] + 1  # one byte over tells "at the cap" from "past it"
            out = stage.feed(data, room)
            data = b""
            self._sizes[index] += len(out)
            if self._sizes[index] > self._limit:
                raise InputTooLargeError(
                    f"{self._what} decompresses to over the {self._limit:,}-byte limit")
            parts.append(out)
            if not out or not stage.has_more():
                return b"".join(parts)


def decode_all(data: bytes | Iterable[bytes], content_encoding: str | None, limit: int,
               what: str = "the body") -> bytes:
    """The whole decoded body of ``data`` (bytes, or chunks), at most ``limit`` bytes."""
    decoder = CappedDecoder(content_encoding, limit, what)
    chunks: Iterable[bytes] = [data] if isinstance(data, bytes) else data
    return b"".join(_decoded(decoder, chunks))


def _decoded(decoder: CappedDecoder, chunks: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        yield decoder.feed(chunk)


def _module(coding: str) -> Any:
    try:
        if coding == "br":
            import brotli

            return brotli
        if coding == "zstd":
            import zstandard

            return zstandard
    except ImportError:
        return None
    return zlib


def _stage(coding: str) -> _Stage:
    if coding in GZIP:
        return _Zlib(GZIP_WBITS)
    if coding == "deflate":
        return _Zlib(None)
    if coding == "br":
        return _Brotli()
    return _Zstd()


class _Zlib:
    """gzip (all members, as browsers read them) or deflate (with or without the zlib header)."""

    def __init__(self, wbits: int | None) -> None:
        self._gzip = wbits is not None
        self._obj: Any = zlib.decompressobj(wbits) if wbits is not None else None
        self._pending = b""
        self._full = False

    def feed(self, data: bytes, room: int) -> bytes:
        step = min(room, OUTPUT_STEP)
        if self._obj is None:  # deflate: servers often send raw deflate without the zlib header
            raw = data[:1] and (data[0] & 0x0F) != 8
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        try:
            out: bytes = self._obj.decompress(self._pending + data, step)
        except zlib.error as exc:
            raise ValueError(f"corrupt compressed body: {exc}") from exc
        self._pending = self._obj.unconsumed_tail
        self._full = len(out) >= step  # zlib may hold output back even with all input taken
        if self._obj.eof and self._gzip and self._obj.unused_data.startswith(b"\x1f\x8b"):
            self._pending = self._obj.unused_data  # the next gzip member (unconsumed_tail repeats it)
            self._obj = zlib.decompressobj(GZIP_WBITS)
        return out

    def has_more(self) -> bool:
        return bool(self._pending) or self._full


class _Brotli:
    def __init__(self) -> None:
        self._obj = _module("br").Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out: bytes = self._obj.process(data, output_buffer_limit=min(room, OUTPUT_STEP))
        except Exception as exc:  # brotli.error is a bare Exception subclass
            raise ValueError(f"corrupt brotli body: {exc}") from exc
        return out

    def has_more(self) -> bool:
        return not self._obj.is_finished() and not self._obj.can_accept_more_data()


class _Zstd:
    """zstandard offers no output cap per call; its stream writer hands output over in
    ~128 KiB pieces, so a sink that refuses past the room bounds it all the same."""

    def __init__(self) -> None:
        self._sink = _Sink()
        self._writer = _module("zstd").ZstdDecompressor().stream_writer(self._sink, write_return_read=True)

    def feed(self, data: bytes, room: int) -> bytes:
        self._sink.room = room
        try:
            self._writer.write(data)
        except _Full:
            pass  # the sink kept one byte past the room: the caller raises
        except Exception as exc:  # zstandard.ZstdError
            raise ValueError(f"corrupt zstd body: {exc}") from exc
        return self._sink.take()

    def has_more(self) -> bool:
        return False


class _Full(Exception):
    pass


class _Sink:
    def __init__(self) -> None:
        self.room = 0
        self._parts: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._size += len(data)
        if self._size >= self.room:
            raise _Full
        return len(data)

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts, self._size = [], 0
        return out
