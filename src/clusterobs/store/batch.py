"""What one ingest writes: a typed batch of canonical tables plus its provenance.

Loaders build a :class:`Batch` entirely in memory (parsing and validating everything first); the store
then writes it in one transaction. That split is what lets a failed load leave the store untouched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd


def file_checksum(path: str | Path) -> str:
    """SHA-256 of a file's bytes, the identity of an ingest (same bytes → nothing new to write)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


@dataclass
class Batch:
    """Tables to write in one ingest, keyed by store table name (see ``schema.COLUMNS``)."""

    dataset: str
    kind: str
    source: str
    checksum: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    synthetic: bool = False
    note: str = ""
    #: Fixed load time, for reproducible stores (the demo); ``None`` means now.
    loaded_at: datetime | None = None

    @property
    def rows(self) -> int:
        return sum(len(t) for t in self.tables.values())
