"""Captures are stored packed (zstd) and read back byte for byte; raw blobs still read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tearsheet.archive import Archive
from tearsheet.batch.step import process
from tearsheet.captures.load import capture_from_bytes
from tearsheet.captures.packing import ZSTD, pack, unpack
from tearsheet.errors import ArchiveError
from test_warc import PAGE_B_URL, page_b


def test_a_page_is_packed_smaller_and_unpacks_exactly() -> None:
    page = page_b()
    packed = pack(page)
    assert packed.encoding == ZSTD and len(packed.data) < len(page) / 2
    assert unpack(packed.encoding, packed.data) == page


def test_tiny_or_incompressible_bytes_stay_raw() -> None:
    assert pack(b"<p>hi</p>").encoding is None
    noise = bytes(range(256)) * 2 + b"\x8f\x13" * 3  # too varied for zstd to gain anything
    packed = pack(noise)
    assert unpack(packed.encoding, packed.data) == noise


def test_damaged_or_unknown_packing_is_an_archive_error() -> None:
    with pytest.raises(ArchiveError):
        unpack(ZSTD, b"not a zstd frame")
    with pytest.raises(ArchiveError):
        unpack("brotli", b"")


def test_the_archive_gives_back_the_original_bytes_of_packed_and_raw_blobs(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    capture = capture_from_bytes(page_b(), url=PAGE_B_URL)
    with Archive(path) as archive:
        archive.store(process(capture))
        assert archive.capture_bytes(capture.id) == page_b()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT encoding FROM capture_blobs").fetchone()[0] == ZSTD
    # an archive written before packing holds raw bytes with no encoding
    conn.execute("UPDATE capture_blobs SET data = ?, encoding = NULL", (page_b(),))
    conn.commit()
    conn.close()
    with Archive(path) as archive:
        assert archive.capture_bytes(capture.id) == page_b()


def test_the_workers_lookup_keys_are_the_ones_the_writer_would_make(tmp_path: Path) -> None:
    # process() makes the URL and band keys in the worker; a result without them (made
    # elsewhere) gets them from the writer's grouping: both must file the capture alike.
    import dataclasses

    capture = capture_from_bytes(page_b(), url=PAGE_B_URL + "?utm_source=x")
    made = process(capture)
    assert made.url_keys and made.band_keys
    bare = dataclasses.replace(made, url_keys=None, band_keys=None)
    rows = []
    for name, result in (("made", made), ("bare", bare)):
        with Archive(tmp_path / f"{name}.db") as archive:
            archive.store(result)
        conn = sqlite3.connect(tmp_path / f"{name}.db")
        rows.append((sorted(conn.execute("SELECT key FROM url_keys")),
                     sorted(conn.execute("SELECT key FROM lsh_bands"))))
        conn.close()
    assert rows[0] == rows[1]
