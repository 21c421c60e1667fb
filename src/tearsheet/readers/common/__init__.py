"""What several readers — and the kind sniffer in ``tearsheet.captures`` — share:

- ``charset`` — bytes → text (BOM, declared charset, detector);
- ``prose`` — is a plain text an article at all (not a table, a log, JSON, a tiny note),
  and is a line only a URL;
- ``invisible`` — blocks of only zero-width and other format characters, dropped from every
  reader's output;
- ``urls`` — URL splitting and joining that never raise on a capture's malformed links.

Pure and small, so ``captures`` can use it without loading any reader.
"""
