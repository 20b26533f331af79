"""PCA per group and PCA weights against R prcomp (Handbook TAI) and COINr get_PCA (ASEM level 2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterobs.composite.pca import pca, pca_by_group, pca_weights
from clusterobs.errors import ValidationError
from refdata import shared_file

TAI = "composite/handbook_tai/"
ASEM = "composite/coinr_asem/"


def _orient(m: np.ndarray) -> np.ndarray:
    """Eigenvector signs are arbitrary: fix each column so its largest-magnitude entry is positive."""
    idx = np.abs(m).argmax(axis=0)
    return m * np.sign(m[idx, np.arange(m.shape[1])])


@pytest.fixture(scope="module")
def tai(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_file(shared_data, TAI + "input_TAI_raw_23.csv")).set_index("uCode").drop(columns="uName")


def test_tai_matches_prcomp(shared_data: Path, tai: pd.DataFrame) -> None:
    load = pd.read_csv(shared_file(shared_data, TAI + "expected_TAI_PCA_loadings_prcomp_scaled.csv")).set_index("iCode")
    eig = pd.read_csv(shared_file(shared_data, TAI + "expected_TAI_PCA_eigenvalues.csv"))
    res = pca(tai)
    got = res.loadings.loc[load.index, ["PC1", "PC2"]].to_numpy()
    np.testing.assert_allclose(_orient(got), _orient(load.to_numpy()), rtol=0, atol=1e-9)
    # our orientation (loadings sum >= 0) also reproduces R's signs here
    np.testing.assert_allclose(got, load.to_numpy(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.sdev.to_numpy(), eig["sdev"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.eigenvalues.to_numpy(), eig["eigenvalue"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.prop_var.to_numpy(), eig["prop_var"], rtol=0, atol=1e-9)


def test_pca_weights_level2_match_coinr(shared_data: Path) -> None:
    agg = pd.read_csv(shared_file(shared_data, ASEM + "expected_default_Aggregated.csv")).set_index("uCode")
    meta = pd.read_csv(shared_file(shared_data, ASEM + "input_ASEM_iMeta.csv"))
    exp = pd.read_csv(shared_file(shared_data, ASEM + "expected_PCA_weights_level2.csv"))
    got = pca_weights(agg, meta, level=2).set_index("iCode")
    assert len(got) == len(exp) == 60
    np.testing.assert_allclose(got.loc[exp["iCode"], "Weight"], exp["Weight"], rtol=0, atol=1e-9)
    # the deduced rule: raw PC1 loadings, unit norm within each group (not sum-to-one, may be negative)
    lv2 = exp[exp["Level"] == 2].set_index("iCode")["Weight"]
    conn = ["Physical", "ConEcFin", "Political", "Instit", "P2P"]
    assert (lv2[conn] ** 2).sum() == pytest.approx(1.0, abs=1e-12)
    assert (lv2[["Environ", "Social", "SusEcFin"]] ** 2).sum() == pytest.approx(1.0, abs=1e-12)


def test_by_group_drops_incomplete_rows(shared_data: Path, tai: pd.DataFrame) -> None:
    meta = pd.DataFrame({"iCode": [*tai.columns, "Creation", "Diffusion", "TAI"], "Level": [1] * 8 + [2, 2, 3],
                         "Parent": ["Creation"] * 4 + ["Diffusion"] * 4 + ["TAI", "TAI", None], "Weight": 1.0})
    holed = tai.copy()
    holed.iloc[0, 0] = np.nan
    res = pca_by_group(holed, meta, level=1)
    assert set(res) == {"Creation", "Diffusion"}
    assert res["Creation"].n_dropped == 1 and res["Diffusion"].n_dropped == 0
    direct = pca(tai.iloc[1:, :4])
    np.testing.assert_allclose(res["Creation"].loadings.to_numpy(), direct.loadings.to_numpy(), atol=1e-12)
    with pytest.raises(ValidationError, match="constant"):
        pca(pd.DataFrame({"a": [1.0, 1.0, 1.0], "b": [1.0, 2.0, 4.0]}))


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (10, 4), elements=st.floats(-100, 100)))
def test_orthonormal_and_variance_preserved(a: np.ndarray) -> None:
    if a.std(axis=0, ddof=1).min() < 1e-3:
        return
    res = pca(pd.DataFrame(a))
    v = res.loadings.to_numpy()
    np.testing.assert_allclose(v.T @ v, np.eye(v.shape[1]), atol=1e-9)
    # scaled data: eigenvalues add up to the number of variables and match the correlation matrix's
    assert res.eigenvalues.sum() == pytest.approx(4.0, abs=1e-9)
    np.testing.assert_allclose(np.sort(res.eigenvalues.to_numpy()), np.linalg.eigvalsh(np.corrcoef(a.T)), atol=1e-8)
    assert (v.sum(axis=0) >= -1e-12).all()
