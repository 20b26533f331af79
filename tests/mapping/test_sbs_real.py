"""eco2007 on the real Eurostat SBS 2015 NUTS 2 extract (NACE divisions), checked against an independent
plain-pandas computation written here (groupby sums and groupby quantiles, not the package's kernels)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import shared_file

from clusterobs.mapping.stars import map_clusters

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def sbs(shared_data: Path) -> pd.DataFrame:
    f = shared_file(shared_data, "cluster_mapping/eurostat_sbs_r_nuts06_r2_2015_EricMarcon.csv")
    raw = pd.read_csv(f, sep=";", dtype={"nace_r2": str, "geo": str}, na_values=[" ", ""])
    # NUTS 2 = four-character codes (extra-regio "ZZ" units dropped); NACE divisions = letter + two digits
    raw = raw[(raw["geo"].str.len() == 4) & ~raw["geo"].str.endswith("ZZ")
              & raw["nace_r2"].str.fullmatch(r"[A-Z]\d\d")]
    return pd.DataFrame({"region": raw["geo"], "category": raw["nace_r2"], "year": 2015,
                         "employment": pd.to_numeric(raw["n2015"], errors="coerce")}).reset_index(drop=True)


def independent(d: pd.DataFrame) -> pd.DataFrame:
    d = d.copy()
    d["E_r"] = d.groupby("region")["employment"].transform("sum")
    d["E_c"] = d.groupby("category")["employment"].transform("sum")
    total = d["employment"].sum()
    d["lq"] = (d["employment"] / d["E_r"]) / (d["E_c"] / total)
    d["size"] = d["employment"] / d["E_c"]
    d["focus"] = d["employment"] / d["E_r"]
    pos = d[d["employment"] > 0]
    q_e = pos.groupby("category")["employment"].quantile(0.9)
    q_f = pos.groupby("category")["focus"].quantile(0.9)
    d["star_size"] = (d["employment"] > 0) & (d["employment"] >= d["category"].map(q_e))
    d["star_focus"] = (d["employment"] > 0) & (d["focus"] >= d["category"].map(q_f))
    d["star_specialisation"] = d["lq"] >= 2.0
    d["stars"] = d[["star_size", "star_focus", "star_specialisation"]].sum(axis=1)
    return d


def test_eco2007_on_sbs_nuts2_divisions(sbs: pd.DataFrame) -> None:
    assert sbs["region"].nunique() > 250 and sbs["category"].nunique() > 60
    assert sbs["employment"].isna().any()  # confidential/missing cells exist and must be excluded
    ours = map_clusters(sbs, "eco2007")
    ours = ours.assign(region=ours["region"].astype(str), category=ours["category"].astype(str))
    ref = independent(sbs)
    m = ours.merge(ref, on=["region", "category"], suffixes=("", "_ref"))
    assert len(m) == len(sbs)
    for col in ("lq", "size", "focus"):
        np.testing.assert_allclose(m[col], m[f"{col}_ref"], rtol=1e-12, equal_nan=True)
    for col in ("star_size", "star_focus", "star_specialisation", "stars"):
        assert (m[col] == m[f"{col}_ref"]).all(), col
    assert m["stars"].max() == 3 and (m["stars"] > 0).sum() > 100
