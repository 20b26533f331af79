"""Store.write_sql: facts from a query on the store's connection, with Store.write's one-transaction rules."""

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from clusterobs.errors import StoreError
from clusterobs.store import Batch, Store

FACTS = """SELECT 'd' AS dataset, region, '' AS industry, 'emp' AS indicator, 2015 AS year, value,
           'PER' AS unit, '' AS flag FROM src"""


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _src(st: Store, rows: list[tuple[str, float | None]]) -> None:
    st.con.execute("CREATE OR REPLACE TEMP TABLE src (region VARCHAR, value DOUBLE)")
    st.con.executemany("INSERT INTO src VALUES (?, ?)", [list(r) for r in rows])


def test_facts_come_from_the_query_and_the_ingest_counts_them(store: Store) -> None:
    _src(store, [("R0", 1.0), ("R1", None), ("R2", 3.5)])
    regions = pd.DataFrame({"code": ["R0"], "version": ["demo"], "level": [3], "country": ["R"], "name": ["R0"],
                            "parent": [None], "is_extra_regio": [False]})
    ingest = store.write_sql(Batch("d", "test", "q", "sha256:1", {"regions": regions}), FACTS)
    assert ingest == 1
    got = store.query("SELECT region, value, year, ingest_id FROM facts ORDER BY region")
    assert got.region.tolist() == ["R0", "R1", "R2"] and got.value.tolist()[0::2] == [1.0, 3.5]
    assert pd.isna(got.value[1])  # a NULL stays missing, never 0
    assert set(got.year) == {2015} and set(got.ingest_id) == {1}
    assert store.query("SELECT code FROM regions").code.tolist() == ["R0"]
    # rows = 3 facts + 1 region, as Store.write counts a batch's rows
    assert store.query("SELECT rows, source, checksum FROM ingests").values.tolist() == [[4, "q", "sha256:1"]]


def test_same_dataset_and_checksum_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        _src(st, [("R0", 1.0)])
        assert st.write_sql(Batch("d", "test", "q", "sha256:1"), FACTS) == 1
    before = _digest(path)
    with Store(path) as st:
        _src(st, [("R0", 9.0)])
        assert st.write_sql(Batch("d", "test", "q", "sha256:1"), FACTS) is None
    assert _digest(path) == before


def test_new_facts_replace_stored_facts_with_the_same_key(store: Store) -> None:
    old = pd.DataFrame({"dataset": ["d", "d", "e"], "region": ["R0", "R1", "R0"], "industry": "", "indicator": "emp",
                        "year": 2015, "value": [1.0, 2.0, 7.0], "unit": "PER", "flag": ""})
    store.write(Batch("d", "test", "a", "sha256:1", {"facts": old}))
    _src(store, [("R0", 5.0)])
    store.write_sql(Batch("d", "test", "b", "sha256:2"), FACTS)
    got = store.query("SELECT dataset, region, value FROM facts ORDER BY dataset, region")
    # d/R0 replaced (5, not 1), d/R1 kept; e/R0 has the same region but another dataset: kept
    assert got.values.tolist() == [["d", "R0", 5.0], ["d", "R1", 2.0], ["e", "R0", 7.0]]


def test_query_parameters(store: Store) -> None:
    _src(store, [("R0", 1.0), ("R1", 2.0)])
    store.write_sql(Batch("d", "test", "q", "sha256:1"), FACTS + " WHERE value > ?", [1.5])
    assert store.query("SELECT region FROM facts").region.tolist() == ["R1"]


def test_failing_query_rolls_back_and_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        _src(st, [("R0", 1.0)])
        st.write_sql(Batch("d", "test", "q", "sha256:1"), FACTS)
    before = _digest(path)
    # 300,000 rows (several row groups, which DuckDB may write ahead) whose last value cannot be converted
    bad = """SELECT 'd' AS dataset, 'R' || i AS region, '' AS industry, 'emp' AS indicator, 2016 AS year,
             CAST(CASE WHEN i < 299999 THEN '1' ELSE 'x' END AS DOUBLE) AS value, 'PER' AS unit, '' AS flag
             FROM range(300000) t(i)"""
    with Store(path) as st:
        with pytest.raises(duckdb.ConversionException):
            st.write_sql(Batch("d", "test", "big", "sha256:2"), bad)
        assert st.query("SELECT count(*) AS n FROM facts").n[0] == 1
        assert st.query("SELECT count(*) AS n FROM ingests").n[0] == 1
    assert _digest(path) == before


def test_query_without_the_facts_columns_or_batch_with_facts_is_refused(store: Store) -> None:
    _src(store, [("R0", 1.0)])
    with pytest.raises(StoreError, match="facts columns"):
        store.write_sql(Batch("d", "test", "q", "sha256:1"), "SELECT region, value FROM src")
    frame = pd.DataFrame({"dataset": ["d"]})
    with pytest.raises(StoreError, match="must not hold a 'facts' table"):
        store.write_sql(Batch("d", "test", "q", "sha256:1", {"facts": frame}), FACTS)
    assert store.query("SELECT count(*) AS n FROM ingests").n[0] == 0
