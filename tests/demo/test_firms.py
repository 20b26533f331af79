"""The demo firm table: exact size, sane columns, structure that follows the enterprise facts."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from clusterobs.demo.build import DemoWorld, demo_firms, firms_path
from clusterobs.demo.firms import FIRM_COLUMNS, firm_rows
from clusterobs.store import Store


def test_rows_per_scale() -> None:
    assert firm_rows(1.0) == 333_334
    assert firm_rows(30.0) == 10_000_020


def test_table_columns_and_values(world: DemoWorld) -> None:
    t = demo_firms(world, 50_000)
    assert t.num_rows == 50_000 and tuple(t.column_names) == FIRM_COLUMNS
    df = t.to_pandas()
    assert (df["employees"] >= 1).all() and (df["turnover"] > 0).all()
    assert df["year"].between(2015, 2022).all() and (df["founded"] <= df["year"]).all()
    assert set(df["nuts3"].astype(str)) <= set(world.geo.codes(3))
    assert not df.duplicated(["firm_id", "year"]).any()
    # same world and stream, same table
    assert demo_firms(world, 50_000).equals(t)


def test_firm_structure_follows_the_facts(demo_store: Store) -> None:
    path = firms_path(demo_store)
    assert path.exists()
    con = duckdb.connect()
    try:
        firms = con.execute(
            "SELECT substr(nuts3, 1, 4) AS region, count(*) AS n FROM read_parquet(?) WHERE year = 2022 "
            "GROUP BY ALL ORDER BY region", [str(path)]).df()
    finally:
        con.close()
    ent = demo_store.query("SELECT region, sum(value) AS ent FROM facts WHERE dataset = 'demo_sbs' AND "
                           "indicator = 'enterprises' AND year = 2022 AND length(region) = 4 GROUP BY region "
                           "ORDER BY region")
    assert list(firms["region"]) == list(ent["region"])
    # firms per NUTS2 region are proportional to the published enterprise counts (a sample of them)
    assert np.corrcoef(firms["n"], ent["ent"])[0, 1] > 0.95
    share = firms["n"].sum() / ent["ent"].sum()
    assert share == pytest.approx((firms["n"] / ent["ent"]).median(), rel=0.2)
