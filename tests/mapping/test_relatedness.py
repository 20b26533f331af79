"""Relatedness: hand-computed proximity and correlation, the ecomplexity oracle, the US CMP pair import."""

from __future__ import annotations

import contextlib
import csv
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import shared_file

from clusterobs.errors import UnknownMethodError
from clusterobs.mapping.io import read_relatedness
from clusterobs.mapping.location_quotient import location_quotient
from clusterobs.mapping.relatedness import (
    colocation_lq,
    colocation_share,
    from_pairs,
    proximity,
    relatedness,
    to_pairs,
)

# RCA ≥ 1 pattern of this matrix (column totals 4, 3, 4; region totals 4, 4, 3; E = 11):
#   r0: (3/4)/(4/11)=2.06 ✓, (1/4)/(3/11)=0.92, 0
#   r1: 0, 0.92, (3/4)/(4/11)=2.06 ✓
#   r2: (1/3)/(4/11)=0.92, (1/3)/(3/11)=1.22 ✓, 0.92
E = np.array([[3.0, 1.0, 0.0], [0.0, 1.0, 3.0], [1.0, 1.0, 1.0]])


def test_proximity_known_answer() -> None:
    # M = [[1,0,0],[0,0,1],[0,1,0]]: every category in exactly one region, never together → φ = I
    np.testing.assert_allclose(proximity(E), np.eye(3))
    e2 = np.array([[5.0, 5.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    # RCA: r0 (10 of 13; col totals 6, 6, 1): x 0.5/0.46=1.08 ✓, y 1.08 ✓, z 0
    #      r1: x 0, y 0.5/0.46=1.08 ✓, z 0.5/0.077=6.5 ✓;  r2: x 1/0.46=2.17 ✓
    # u = (2, 2, 1); N_xy = 1, N_yz = 1, N_xz = 0 → φ_xy = 1/2, φ_yz = 1/max(2,1) = 1/2
    np.testing.assert_allclose(proximity(e2), [[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 1.0]])


def test_colocation_correlations_against_numpy() -> None:
    rng = np.random.default_rng(7)
    e = rng.integers(1, 100, size=(12, 4)).astype(float)
    np.testing.assert_allclose(colocation_lq(e), np.corrcoef(location_quotient(e).T))
    shares = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(colocation_share(e), np.corrcoef(shares.T))


def test_table_wrapper_and_registry() -> None:
    d = pd.DataFrame([{"region": f"r{i}", "category": c, "year": 2020, "employment": E[i, j]}
                      for i in range(3) for j, c in enumerate("xyz")])
    m = relatedness(d)
    assert list(m.index) == ["x", "y", "z"] and m.loc["x", "x"] == 1.0
    assert to_pairs(m)["relatedness"].tolist() == [0.0] * 6
    with pytest.raises(UnknownMethodError, match="colocation_lq"):
        relatedness(d, method="cosine")


def test_rca_and_proximity_equal_ecomplexity() -> None:
    ecx = pytest.importorskip("ecomplexity")
    rng = np.random.default_rng(11)
    regions, cats, years = [f"r{i:02d}" for i in range(25)], [f"c{j}" for j in range(9)], [2019, 2020]
    e = rng.lognormal(3, 1.2, size=(2, 25, 9)).round() + 1
    long = pd.DataFrame([{"year": years[t], "region": regions[i], "category": cats[j], "employment": e[t, i, j]}
                         for t in range(2) for i in range(25) for j in range(9)])
    cols = {"time": "year", "loc": "region", "prod": "category", "val": "employment"}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        theirs = ecx.ecomplexity(long, cols)
        prox = ecx.proximity(long, cols)
    for t, year in enumerate(years):
        rca = theirs[theirs["year"] == year].pivot(index="region", columns="category", values="rca")
        np.testing.assert_allclose(location_quotient(e[t]), rca.loc[regions, cats].to_numpy(), rtol=1e-12)
        p = prox[prox["year"] == year].pivot(index="category_1", columns="category_2", values="proximity")
        np.testing.assert_allclose(proximity(e[t]), p.loc[cats, cats].to_numpy(), rtol=1e-12)


def test_import_us_cmp_related_pairs(shared_data: Path) -> None:
    f = shared_file(shared_data, "cluster_mapping/us_cmp_related_cluster_pairs.csv")
    m = read_relatedness(f, source="cluster_code", target="related_code", value="cmp_strong_related")
    assert m.shape == (51, 51)
    with f.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2550  # every ordered pair of the 51 traded clusters
    for r in rows:
        assert m.loc[r["cluster_code"], r["related_code"]] == float(r["cmp_strong_related"])
    strong = sum(int(r["cmp_strong_related"]) for r in rows)
    assert np.nansum(m.to_numpy(dtype=float)) == strong
    assert m.loc["3", "39"] == 1.0 and m.loc["5", "10"] == 0.0  # Apparel–Printing; Biopharma–Distribution
    bcr = read_relatedness(f, source="cluster_code", target="related_code", value="bcr_pctile_cr_all_pc",
                           symmetrize="max")
    assert np.allclose(bcr.to_numpy(), bcr.to_numpy().T, equal_nan=True)
    assert bcr.loc["3", "39"] == 99.0


def test_pairs_fill_the_missing_direction_and_matrix_files(tmp_path: Path) -> None:
    pairs = pd.DataFrame({"a": ["x", "y"], "b": ["y", "z"], "v": [0.5, 0.25]})
    m = from_pairs(pairs, source="a", target="b", value="v")
    assert m.loc["y", "x"] == 0.5 and m.loc["z", "y"] == 0.25 and np.isnan(m.loc["x", "z"])
    f = tmp_path / "m.csv"
    m.to_csv(f)
    back = read_relatedness(f)
    pd.testing.assert_frame_equal(back, m, check_names=False)
