"""Demoland: a deterministic, synthetic but plausible economy that shows the whole system offline."""

from clusterobs.demo.build import (
    GENERATOR_VERSION,
    NOTE,
    DemoWorld,
    build_demo,
    build_world,
    demo_batches,
    demo_firms,
    firms_path,
    write_demo,
)
from clusterobs.demo.fingerprint import store_fingerprint, table_fingerprints

__all__ = [
    "GENERATOR_VERSION",
    "NOTE",
    "DemoWorld",
    "build_demo",
    "build_world",
    "demo_batches",
    "demo_firms",
    "firms_path",
    "store_fingerprint",
    "table_fingerprints",
    "write_demo",
]
