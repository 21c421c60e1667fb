"""EDGE: the SQLite archive — the only package that speaks SQL."""
