"""Hostile inputs: generators for bombs, lies and slow inputs, and a way to measure a run."""
