"""The observatory store's tables, as DDL.

The store is read-mostly and rebuilt from sources, so the schema favours plain long tables that DuckDB scans
fast over normalised joins. ``''`` (not NULL) marks "not applicable" in key columns of ``facts`` so that keys
compare with ``=``; a missing *value* is NULL with its Eurostat flag kept in ``flag``.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
    """CREATE SEQUENCE IF NOT EXISTS ingest_id_seq START 1""",
    """CREATE TABLE IF NOT EXISTS ingests (
        id INTEGER PRIMARY KEY,
        dataset VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        checksum VARCHAR NOT NULL,
        loaded_at TIMESTAMP NOT NULL,
        rows BIGINT NOT NULL,
        synthetic BOOLEAN NOT NULL DEFAULT FALSE,
        note VARCHAR NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE IF NOT EXISTS regions (
        code VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        level TINYINT NOT NULL,
        country VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        parent VARCHAR,
        is_extra_regio BOOLEAN NOT NULL,
        ingest_id INTEGER NOT NULL,
        PRIMARY KEY (code, version)
    )""",
    """CREATE TABLE IF NOT EXISTS region_changes (
        from_version VARCHAR NOT NULL,
        to_version VARCHAR NOT NULL,
        code_from VARCHAR,
        code_to VARCHAR,
        level TINYINT,
        country VARCHAR,
        change VARCHAR NOT NULL,
        comment VARCHAR NOT NULL DEFAULT '',
        ingest_id INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS geometries (
        code VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        level TINYINT NOT NULL,
        geometry VARCHAR NOT NULL,
        simplified VARCHAR NOT NULL,
        ingest_id INTEGER NOT NULL,
        PRIMARY KEY (code, version)
    )""",
    """CREATE TABLE IF NOT EXISTS industries (
        scheme VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        level TINYINT NOT NULL,
        parent VARCHAR,
        label VARCHAR NOT NULL,
        kind VARCHAR NOT NULL DEFAULT '',
        ingest_id INTEGER NOT NULL,
        PRIMARY KEY (scheme, code)
    )""",
    """CREATE TABLE IF NOT EXISTS industry_links (
        scheme VARCHAR NOT NULL,
        nace VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        ingest_id INTEGER NOT NULL,
        PRIMARY KEY (scheme, nace, category)
    )""",
    """CREATE TABLE IF NOT EXISTS facts (
        dataset VARCHAR NOT NULL,
        region VARCHAR NOT NULL,
        industry VARCHAR NOT NULL,
        indicator VARCHAR NOT NULL,
        year SMALLINT NOT NULL,
        value DOUBLE,
        unit VARCHAR NOT NULL,
        flag VARCHAR NOT NULL,
        ingest_id INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS records (
        kind VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        body VARCHAR NOT NULL,
        ingest_id INTEGER NOT NULL,
        PRIMARY KEY (kind, key)
    )""",
)

#: Columns of each table a batch may fill, in DDL order (``ingest_id`` is set by the store).
COLUMNS: dict[str, tuple[str, ...]] = {
    "regions": ("code", "version", "level", "country", "name", "parent", "is_extra_regio"),
    "region_changes": ("from_version", "to_version", "code_from", "code_to", "level", "country", "change", "comment"),
    "geometries": ("code", "version", "level", "geometry", "simplified"),
    "industries": ("scheme", "code", "level", "parent", "label", "kind"),
    "industry_links": ("scheme", "nace", "category"),
    "facts": ("dataset", "region", "industry", "indicator", "year", "value", "unit", "flag"),
    "records": ("kind", "key", "body"),
}

#: Key columns: a batch row replaces a stored row with the same key.
KEYS: dict[str, tuple[str, ...]] = {
    "regions": ("code", "version"),
    "region_changes": ("from_version", "to_version", "code_from", "code_to"),
    "geometries": ("code", "version"),
    "industries": ("scheme", "code"),
    "industry_links": ("scheme", "nace", "category"),
    "facts": ("dataset", "region", "industry", "indicator", "year"),
    "records": ("kind", "key"),
}
