import hashlib
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.errors import StoreError
from clusterobs.store import Batch, Store
from clusterobs.store.info import store_info


def _facts(values: list[float | None]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({
        "dataset": ["d"] * n, "region": [f"R{i}" for i in range(n)], "industry": [""] * n,
        "indicator": ["emp"] * n, "year": [2015] * n, "value": values, "unit": ["PER"] * n,
        "flag": ["" if v is not None else "c" for v in values],
    })


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_same_batch_twice_changes_nothing(store: Store) -> None:
    b = Batch("d", "test", "file.csv", "sha256:1", {"facts": _facts([1.0, None])})
    assert store.write(b) == 1
    assert store.write(b) is None
    assert store.query("SELECT count(*) AS n FROM facts").n[0] == 2
    assert store.query("SELECT count(*) AS n FROM ingests").n[0] == 1


def test_new_version_replaces_rows_by_key(store: Store) -> None:
    store.write(Batch("d", "test", "a", "sha256:1", {"facts": _facts([1.0, 2.0])}))
    store.write(Batch("d", "test", "b", "sha256:2", {"facts": _facts([5.0])}))
    got = store.query("SELECT region, value FROM facts ORDER BY region")
    assert got.value.tolist() == [5.0, 2.0]


def test_failed_write_leaves_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        st.write(Batch("d", "test", "a", "sha256:1", {"facts": _facts([1.0])}))
    before = _digest(path)
    bad = _facts([2.0]).drop(columns=["unit"])
    with Store(path) as st, pytest.raises(StoreError):
        st.write(Batch("d", "test", "b", "sha256:2", {"facts": _facts([3.0]), "regions": bad}))
    assert _digest(path) == before
    with Store(path, read_only=True) as st:
        assert store_info(st).datasets[0].facts == 1


def test_read_only_missing_store_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="clusterobs demo"):
        Store(tmp_path / "nope.duckdb", read_only=True)


def test_info_counts_missing_values_and_provenance(store: Store) -> None:
    store.write(Batch("d", "test", "file.csv", "sha256:1", {"facts": _facts([1.0, None, 3.0])}))
    info = store_info(store)
    assert [(d.dataset, d.facts, d.missing) for d in info.datasets] == [("d", 3, 1)]
    assert info.ingests[0].source == "file.csv" and info.ingests[0].rows == 3
