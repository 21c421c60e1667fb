"""A web page's metadata, in the order ``reader.read_metadata`` gathers it:

1. ``sources`` — every raw value the page states (meta tags, JSON-LD, microdata, bylines, datelines);
2. ``title`` — the headline without the site name wrapped around it;
3. ``names`` and ``authors`` — byline strings → people (organisations rejected);
4. ``dates`` and ``published`` — first publication and last modification;
5. ``language`` — stated, else guessed from the text.
"""

from tearsheet.readers.html.metadata.reader import PageMetadata, read_metadata

__all__ = ["PageMetadata", "read_metadata"]
