"""Determinism and safety of building the demo into a store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clusterobs.demo.build import NOTE, build_demo, firms_path, write_demo
from clusterobs.demo.fingerprint import TABLES, store_fingerprint, table_fingerprints
from clusterobs.errors import InputError, StoreError
from clusterobs.store import Batch, Store

SCALE = 0.25  # 15 NUTS2 regions: enough to exercise every part, fast enough to build several times


def _build(path: Path, seed: int) -> Store:
    st = Store(path)
    write_demo(st, seed, SCALE)
    return st


def _sorted(st: Store, table: str) -> pd.DataFrame:
    return st.query(f"SELECT * FROM {table} ORDER BY ALL").reset_index(drop=True)


def test_same_seed_gives_identical_stores(tmp_path: Path) -> None:
    a = _build(tmp_path / "a" / "s.duckdb", 7)
    b = _build(tmp_path / "b" / "s.duckdb", 7)
    try:
        for table in TABLES:
            pd.testing.assert_frame_equal(_sorted(a, table), _sorted(b, table))
        assert store_fingerprint(a) == store_fingerprint(b)
        assert firms_path(a).read_bytes() == firms_path(b).read_bytes()
    finally:
        a.close()
        b.close()


def test_different_seed_gives_different_store(tmp_path: Path) -> None:
    a = _build(tmp_path / "a" / "s.duckdb", 7)
    b = _build(tmp_path / "b" / "s.duckdb", 8)
    try:
        fa, fb = table_fingerprints(a), table_fingerprints(b)
        for table in ("regions", "geometries", "facts", "records"):
            assert fa[table] != fb[table]
        assert fa["industries"] == fb["industries"]  # the taxonomy is real, not generated
        assert store_fingerprint(a) != store_fingerprint(b)
    finally:
        a.close()
        b.close()


def test_rebuilding_the_same_demo_changes_nothing(tmp_path: Path) -> None:
    st = _build(tmp_path / "s.duckdb", 3)
    try:
        before = store_fingerprint(st)
        assert write_demo(st, 3, SCALE, firms=False) == [None] * 6
        assert store_fingerprint(st) == before
    finally:
        st.close()


def test_refuses_another_seed_and_real_data(tmp_path: Path) -> None:
    st = _build(tmp_path / "s.duckdb", 3)
    try:
        before = store_fingerprint(st)
        with pytest.raises(StoreError, match="another seed"):
            write_demo(st, 4, SCALE, firms=False)
        assert store_fingerprint(st) == before
    finally:
        st.close()
    real = Store(tmp_path / "real.duckdb")
    try:
        real.write(Batch(dataset="sbs_r_nuts06_r2", kind="eurostat", source="x.tsv", checksum="sha256:x",
                         tables={"facts": pd.DataFrame({"dataset": ["sbs_r_nuts06_r2"], "region": ["AT"],
                                                        "industry": ["C"], "indicator": ["employment"],
                                                        "year": [2015], "value": [621998.0],
                                                        "unit": ["persons"], "flag": [""]})}))
        with pytest.raises(StoreError, match="real data"):
            write_demo(real, 3, SCALE, firms=False)
    finally:
        real.close()


@pytest.mark.parametrize(("seed", "scale"), [(-1, 1.0), (1, 0.0), (1, 1000.0)])
def test_bad_arguments(seed: int, scale: float) -> None:
    with pytest.raises(InputError):
        build_demo(seed, scale)


def test_every_demo_batch_is_marked_synthetic_with_a_fixed_time() -> None:
    batches = build_demo(11, SCALE)
    demo = [b for b in batches if b.kind == "demo"]
    assert {b.dataset for b in demo} == {"demo_regions", "demo_sbs", "demo_regional", "demo_scoreboard",
                                         "demo_records"}
    for b in demo:
        assert b.synthetic and b.note == NOTE and "synthetic" in b.note.lower()
        assert b.loaded_at is not None and b.loaded_at.year == 2000
    assert [b.kind for b in batches if b.kind != "demo"] == ["taxonomy"]


def test_scale_grows_the_world() -> None:
    small = {b.dataset: b for b in build_demo(1, SCALE)}
    big = {b.dataset: b for b in build_demo(1, 2 * SCALE)}
    n = {k: (v.tables["regions"]["level"] == 2).sum() for k, v in (("s", small["demo_regions"]),
                                                                   ("b", big["demo_regions"]))}
    assert (n["s"], n["b"]) == (15, 30)
