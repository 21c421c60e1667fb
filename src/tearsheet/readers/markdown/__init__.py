"""Markdown (or plain-text) web clip → Article. The stages, in order (``reader.read``
runs them):

1. ``front_matter`` — a clipper's YAML header, when there is one;
2. chunks between blank lines; the ``Original url:`` footer;
3. the header — title, byline, date, dek — and the ``photo`` caption/credit line;
4. ``blocks`` — every other chunk → body blocks, with ``inline`` links
   (related-article lines, italic notes and tearsheet's own truncation marker set aside).
"""

from tearsheet.readers.markdown.reader import read

__all__ = ["read"]
