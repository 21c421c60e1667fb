"""PDF print → Article (extra ``tearsheet[pdf]``, pypdfium2). The stages, in order
(``reader.read`` runs them):

1. ``layout`` — each page's text lines with position, font and link spans;
2. ``running`` — strip the running header and footer, and tell a full-page browser print
   from a clean one;
3. ``paragraphs`` — lines → paragraphs, rejoining a paragraph a page break split;
4. ``head`` — title, byline and date;
5. ``join`` — paragraphs → blocks with their links;
6. ``fullpage`` — full-page prints only: main content chosen by the web-page reader.
"""

from tearsheet.readers.pdf.reader import read

__all__ = ["read"]
