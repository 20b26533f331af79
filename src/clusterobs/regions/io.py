"""The edge between the store and the pure region code: read registries and change tables from a store."""

from __future__ import annotations

import pandas as pd

from clusterobs.errors import NotFoundError
from clusterobs.regions.changes import CHANGE_COLUMNS
from clusterobs.regions.registry import COLUMNS, RegionRegistry
from clusterobs.store import Store


def registry_from_store(store: Store, version: str) -> RegionRegistry:
    """The registry of one NUTS version held in the store's ``regions`` table."""
    cols = ", ".join(COLUMNS)
    frame = store.query(f"SELECT {cols} FROM regions WHERE version = ? ORDER BY level, code", [version])
    if frame.empty:
        held = store.query("SELECT DISTINCT version FROM regions ORDER BY version")["version"].tolist()
        raise NotFoundError(f"the store {store.path} holds no NUTS {version} regions",
                            hint="versions held: " + (", ".join(map(str, held)) or "none")
                            + "; load them with 'clusterobs ingest nuts' or 'clusterobs fetch nuts'")
    return RegionRegistry(frame)


def changes_from_store(store: Store) -> pd.DataFrame:
    """All NUTS change tables held in the store (``region_changes`` layout), for :func:`convert_facts`."""
    cols = ", ".join(CHANGE_COLUMNS)
    return store.query(f"SELECT {cols} FROM region_changes ORDER BY from_version, level, code_from, code_to")


__all__ = ["changes_from_store", "registry_from_store"]
