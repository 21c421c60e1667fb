"""Text dump (the text a PDF extractor returned for a print) → Article. The stages, in
order (``reader.read`` runs them):

1. decode and normalise newlines;
2. ``pages`` — the print's pages and the URL list after each;
3. ``paragraphs`` — unwrap hard-wrapped lines, rejoin paragraphs a page break split;
4. ``header`` — title, byline and date, only when the dump shows them;
5. ``links`` — each URL back on its anchor only where the text names it (literal URL, related line),
   the rest kept as unplaced links with their page, for the reconciler;
6. a dump cut off mid-sentence is marked truncated.
"""

from tearsheet.readers.text.reader import read

__all__ = ["read"]
