"""PURE: recognise captures of one article (group) and merge them with provenance (reconcile)."""
