"""EDGE: bytes on disk, a URL or a WARC record → ``Capture`` (with its kind sniffed)."""

from tearsheet.captures.load import capture_from_bytes, capture_from_path, iter_paths
from tearsheet.captures.sniff import sniff_kind

__all__ = ["capture_from_bytes", "capture_from_path", "iter_paths", "sniff_kind"]
