"""Composite-indicator engine (pure core), following the OECD/JRC Handbook and COINr's semantics."""
