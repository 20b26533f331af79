"""Demoland: a deterministic, synthetic but plausible economy that shows the whole system offline."""
