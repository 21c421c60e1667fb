"""EDGE: batch ingestion — a pure per-capture step, executors (local processes, Ray), one writer."""
