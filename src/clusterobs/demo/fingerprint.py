"""A fingerprint of a store's whole content, to show that two demo builds with one seed are identical.

Each table's rows are hashed by DuckDB and the hashes summed (order-independent, so no sort of millions of
rows is needed); the fingerprint is the SHA-256 of every table's row count and hash sum. DuckDB's ``hash`` is
stable for one DuckDB version, which is what comparing two builds on one machine needs.
"""

from __future__ import annotations

import hashlib

from clusterobs.store import Store
from clusterobs.store.schema import COLUMNS

#: Tables compared, with the ingest bookkeeping (ids and fixed load times are part of a reproducible build).
TABLES: tuple[str, ...] = ("ingests", *sorted(COLUMNS))


def table_fingerprints(store: Store) -> dict[str, str]:
    """Per table: ``rows:hashsum`` over all columns (NULL and NaN hash differently from values)."""
    out: dict[str, str] = {}
    for table in TABLES:
        row = store.con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {table} AS t"
        ).fetchone()
        out[table] = f"{row[0]}:{row[1]}" if row is not None else "0:0"
    return out


def store_fingerprint(store: Store) -> str:
    """SHA-256 over :func:`table_fingerprints`: equal for stores with identical content."""
    parts = table_fingerprints(store)
    text = "\n".join(f"{t}={parts[t]}" for t in TABLES)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
