"""The observatory store: one embedded DuckDB file of regions, taxonomy, facts and provenance.

Every write goes through :meth:`Store.write`, which runs one transaction per batch and skips a batch whose
dataset and checksum were loaded before, so re-ingesting the same file changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import platformdirs

from clusterobs.errors import StoreError
from clusterobs.store.batch import Batch
from clusterobs.store.schema import COLUMNS, DDL, KEYS, SCHEMA_VERSION

STORE_ENV = "CLUSTEROBS_STORE"


def default_store_path() -> Path:
    """Where the store lives unless ``--store`` or ``CLUSTEROBS_STORE`` says otherwise."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("clusterobs")) / "observatory.duckdb"


class Store:
    """A handle on one store file. Open it read-only for queries, read-write for ingests."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(
                f"no store at {self.path}",
                hint="build one with 'clusterobs demo --no-serve' or 'clusterobs build --from DIR', "
                "or point --store at an existing file",
            )
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:  # locked by another process, not a DuckDB file, …
            raise StoreError(f"cannot open store {self.path}: {exc}", hint="close other clusterobs processes "
                             "using it, or choose another file with --store") from exc
        if not read_only:
            self._migrate()
        else:
            self._check_version()

    # -- lifecycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" in tables:
            self._check_version()
            return
        self.con.begin()
        for stmt in DDL:
            self.con.execute(stmt)
        self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        self.con.commit()
        self.con.execute("CHECKPOINT")

    def _check_version(self) -> None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path} is not a clusterobs store", hint="choose another file with --store") from exc
        if row is None or int(row[0]) != SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {row[0] if row else '?'}, this clusterobs needs "
                f"{SCHEMA_VERSION}",
                hint="rebuild the store (clusterobs demo --no-serve or clusterobs build)",
            )

    # -- reads ---------------------------------------------------------------------------------------
    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self.con.execute(sql, params or []).df()

    def has_ingest(self, dataset: str, checksum: str) -> bool:
        row = self.con.execute(
            "SELECT 1 FROM ingests WHERE dataset = ? AND checksum = ?", [dataset, checksum]
        ).fetchone()
        return row is not None

    # -- writes --------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing: commit when the block ends normally, roll back on any exception."""
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only", hint="open it without read_only to write")
        self.con.begin()
        try:
            yield self.con
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()
        self.con.execute("CHECKPOINT")

    def write(self, batch: Batch) -> int | None:
        """Write a batch in one transaction. Returns the ingest id, or ``None`` if already loaded."""
        if self.has_ingest(batch.dataset, batch.checksum):
            return None
        loaded_at = batch.loaded_at or datetime.now(UTC).replace(tzinfo=None)
        with self.transaction() as con:
            (ingest_id,) = con.execute("SELECT nextval('ingest_id_seq')").fetchone()  # type: ignore[misc]
            con.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [ingest_id, batch.dataset, batch.kind, batch.source, batch.checksum, loaded_at, batch.rows,
                 batch.synthetic, batch.note],
            )
            for table, frame in batch.tables.items():
                self._replace_rows(con, table, frame, int(ingest_id))
        return int(ingest_id)

    def write_sql(self, batch: Batch, facts_sql: str, params: list[Any] | None = None) -> int | None:
        """Write a batch whose facts are the rows of a query on :attr:`con`, in one transaction.

        For ingests too large to hold as a DataFrame (a firm register's tens of millions of facts): DuckDB
        inserts the query's rows itself, so they never pass through Python. The query (for example over
        temporary tables the loader built on :attr:`con`, or ``relation.sql_query()``) must name the facts
        columns ``dataset, region, industry, indicator, year, value, unit, flag``. The rules are those of
        :meth:`write`: ``None`` when this dataset and checksum were loaded before; the batch's other tables
        are written as by :meth:`write`; a new fact replaces a stored fact with the same key; any error
        rolls everything back. The ingest records the rows actually written.
        """
        if "facts" in batch.tables:
            raise StoreError("write_sql takes its facts from the query; the batch must not hold a 'facts' table",
                             hint="use Store.write for a batch of DataFrames")
        if self.has_ingest(batch.dataset, batch.checksum):
            return None
        loaded_at = batch.loaded_at or datetime.now(UTC).replace(tzinfo=None)
        cols = ", ".join(COLUMNS["facts"])
        with self.transaction() as con:
            # fetchall, not fetchone: an unfinished result would block registering the batch's frames
            ingest_id = int(con.execute("SELECT nextval('ingest_id_seq')").fetchall()[0][0])
            for table, frame in batch.tables.items():
                self._replace_rows(con, table, frame, ingest_id)
            try:
                inserted = con.execute(f"INSERT INTO facts ({cols}, ingest_id) SELECT {cols}, {ingest_id} "
                                       f"FROM ({facts_sql}) AS _facts", params or []).fetchall()
            except duckdb.BinderException as exc:
                raise StoreError(f"the facts query does not give the facts columns: {str(exc).splitlines()[0]}",
                                 hint="select " + cols) from exc
            n_facts = int(inserted[0][0]) if inserted else 0
            # Replace by key (as write does): older facts of the same datasets whose key the new rows repeat.
            datasets = [r[0] for r in con.execute(
                "SELECT DISTINCT dataset FROM facts WHERE ingest_id = ?", [ingest_id]).fetchall()]
            if datasets and con.execute(
                "SELECT 1 FROM facts WHERE ingest_id <> ? AND list_contains(?, dataset) LIMIT 1",
                [ingest_id, datasets],
            ).fetchall():
                match = " AND ".join(f"t.{k} = n.{k}" for k in KEYS["facts"])
                con.execute(f"DELETE FROM facts t WHERE t.ingest_id <> ? AND EXISTS (SELECT 1 FROM facts n "
                            f"WHERE n.ingest_id = ? AND {match})", [ingest_id, ingest_id])
            con.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [ingest_id, batch.dataset, batch.kind, batch.source, batch.checksum, loaded_at,
                 batch.rows + n_facts, batch.synthetic, batch.note],
            )
        return ingest_id

    @staticmethod
    def _replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, ingest_id: int) -> None:
        if table not in COLUMNS:
            raise StoreError(f"unknown store table '{table}'", hint="use one of: " + ", ".join(sorted(COLUMNS)))
        cols = COLUMNS[table]
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise StoreError(f"batch for '{table}' lacks columns {missing}")
        if frame.empty:
            return
        con.register("_batch", frame.loc[:, list(cols)])
        try:
            keys = KEYS[table]
            if table == "facts":
                # Most ingests bring a new dataset: then there is nothing to replace and the delete is skipped.
                clash = con.execute(
                    "SELECT 1 FROM facts WHERE dataset IN (SELECT DISTINCT dataset FROM _batch) LIMIT 1"
                ).fetchone()
                if clash is not None:
                    match = " AND ".join(f"t.{k} = b.{k}" for k in keys)  # facts keys are NOT NULL
                    con.execute(f"DELETE FROM facts t USING _batch b WHERE {match}")
            else:
                match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM b.{k}" for k in keys)
                con.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM _batch b WHERE {match})")
            col_list = ", ".join(cols)
            con.execute(f"INSERT INTO {table} ({col_list}, ingest_id) SELECT {col_list}, {ingest_id} FROM _batch")
        finally:
            con.unregister("_batch")
