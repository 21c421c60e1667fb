"""A capture's bytes packed for storage: zstd at its fastest level.

Archives keep every capture's original bytes. Stored raw, a web page of ~170 KB is
written twice (the WAL, then its checkpoint into the database) and an ingest of
thousands of pages waits on the disk; zstd level 1 packs such a page ~5× in ~0.4 ms,
and the batch workers do it, not the single writer. ``encoding`` names the codec
(None: raw bytes, kept when packing does not make them smaller), so archives written
before packing read the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from tearsheet.errors import ArchiveError

ZSTD = "zstd"
ZSTD_LEVEL = 1  # the fastest level: ~5× on HTML at ~400 MB/s; higher levels gain ~5 % for 1.5× the time
MIN_PACKED_BYTES = 512  # smaller captures are kept raw: nothing worth saving


@dataclass(frozen=True, slots=True, kw_only=True)
class Packed:
    encoding: str | None  # ZSTD, or None for raw bytes
    data: bytes


def pack(data: bytes) -> Packed:
    """``data`` packed with zstd, or as it is when that is no smaller."""
    if len(data) >= MIN_PACKED_BYTES:
        import zstandard

        packed = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)
        if len(packed) < len(data):
            return Packed(encoding=ZSTD, data=packed)
    return Packed(encoding=None, data=data)


def unpack(encoding: str | None, data: bytes) -> bytes:
    """The original bytes of a ``Packed`` (as stored: its encoding and data)."""
    if encoding is None:
        return data
    if encoding == ZSTD:
        import zstandard

        try:
            return zstandard.ZstdDecompressor().decompress(data)
        except zstandard.ZstdError as exc:
            raise ArchiveError(f"a stored capture is damaged: {exc}") from exc
    raise ArchiveError(f"a stored capture uses an unknown encoding {encoding!r} (a newer tearsheet?)")
