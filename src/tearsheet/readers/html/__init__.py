"""Web page → Article. The stages, in order (``reader.read`` runs them):

1. decode the bytes (``readers.common.charset``) and parse once with selectolax/lexbor;
2. ``metadata`` — title, authors, dates, site, canonical URL, language — from the untouched tree;
3. ``body`` — drop non-text elements, find the article's container by a paragraph vote;
4. ``blocks`` — walk the container into typed blocks with absolute inline links
   (``related`` boxes and editor's notes set aside);
5. line filters in ``reader`` drop what is text but not the article (repeated headline,
   bylines, "Advertisement", share lines, link lists);
6. ``ld_body`` — the JSON-LD ``articleBody``, when the walked body is missing or far shorter;
7. ``confidence`` — how far to trust the body (``learned``: a model fitted by
   ``bench/train_confidence.py``) and the warnings that say why.

Every heuristic is named data in ``rules``.
"""

from tearsheet.readers.html.reader import read

__all__ = ["read"]
