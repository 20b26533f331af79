"""Correlations and correlation flags against COINr 1.1.14, R's cor/cor.test (via scipy) and hand cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from clusterobs.composite.correlation import corr_flags, corr_matrix, corr_pvalues, get_corr
from clusterobs.errors import UnknownMethodError, ValidationError
from refdata import shared_file

ASEM = "composite/coinr_asem/"


@pytest.fixture(scope="module")
def imeta(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_file(shared_data, ASEM + "input_ASEM_iMeta.csv"))


@pytest.fixture(scope="module")
def aggregated(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_file(shared_data, ASEM + "expected_default_Aggregated.csv")).set_index("uCode")


def test_indicator_vs_pillar_matches_coinr(shared_data: Path, imeta: pd.DataFrame, aggregated: pd.DataFrame) -> None:
    exp = pd.read_csv(shared_file(shared_data, ASEM + "expected_corr_ind_vs_pillar.csv"))
    got = get_corr(aggregated, imeta, levels=(1, 2))
    assert list(got.columns) == ["Var1", "Var2", "Correlation"]
    assert len(got) == len(exp) == 49 * 8
    m = exp.merge(got, on=["Var1", "Var2"], how="outer", suffixes=("_exp", "_got"), validate="one_to_one")
    assert len(m) == 392
    # the same cells are blanked as insignificant (p > 0.05) ...
    assert (m["Correlation_exp"].isna() == m["Correlation_got"].isna()).all()
    assert m["Correlation_exp"].notna().sum() == 233
    # ... and the rest agree within the README tolerance
    np.testing.assert_allclose(m["Correlation_got"].dropna(), m["Correlation_exp"].dropna(), rtol=0, atol=1e-9)


def test_corr_flags_match_coinr(shared_data: Path, imeta: pd.DataFrame, aggregated: pd.DataFrame) -> None:
    exp = pd.read_csv(shared_file(shared_data, ASEM + "expected_corr_flags_0.9.csv"))
    got = corr_flags(aggregated, imeta, cor_thresh=0.9, grouplev=2)
    assert list(got.columns) == list(exp.columns) == ["Group", "Ind1", "Ind2", "Corr"]
    assert len(got) == len(exp) == 0
    # the strongest within-pillar correlation is below 0.9, so the empty table is not vacuous
    top = get_corr(aggregated, imeta, levels=(1, 1), grouplev=2, pval=0)
    top = top[top["Var1"] != top["Var2"]]
    assert 0.5 < top["Correlation"].max() < 0.9


def test_flags_on_constructed_data() -> None:
    meta = pd.DataFrame({"iCode": ["a", "b", "c", "d", "G1", "G2", "I"], "Level": [1, 1, 1, 1, 2, 2, 3],
                         "Parent": ["G1", "G1", "G2", "G2", "I", "I", None], "Weight": 1.0})
    x = np.arange(10.0)
    data = pd.DataFrame({"a": x, "b": x + np.r_[0.1, -0.1] .repeat(5), "c": x, "d": -x})
    high = corr_flags(data, meta, cor_thresh=0.9)
    assert high[["Group", "Ind1", "Ind2"]].values.tolist() == [["G1", "a", "b"]]
    r_ab = np.corrcoef(data["a"], data["b"])[0, 1]
    assert high["Corr"].iloc[0] == round(r_ab, 3)
    neg = corr_flags(data, meta, cor_thresh=0.0, thresh_type="low", roundto=None)
    assert neg[["Group", "Ind1", "Ind2", "Corr"]].values.tolist() == [["G2", "c", "d", -1.0]]
    with pytest.raises(UnknownMethodError, match="kendal"):
        corr_flags(data, meta, method="kendal")
    with pytest.raises(ValidationError, match="grouplev"):
        corr_flags(data, meta, grouplev=5)


def test_tai_pearson_matrix(shared_data: Path) -> None:
    raw = pd.read_csv(shared_file(shared_data, "composite/handbook_tai/input_TAI_raw_23.csv"))
    exp = pd.read_csv(shared_file(shared_data, "composite/handbook_tai/expected_TAI_pearson_corr_raw.csv"))
    got = corr_matrix(raw[exp.columns])
    np.testing.assert_allclose(got.to_numpy(), exp.to_numpy(), rtol=0, atol=1e-12)


def test_withparent_keeps_own_pillar(imeta: pd.DataFrame, aggregated: pd.DataFrame) -> None:
    got = get_corr(aggregated, imeta, levels=(1, 2), withparent=True, pval=0)
    assert len(got) == 49
    parent = imeta.set_index("iCode")["Parent"]
    assert (got["Var2"].map(parent) == got["Var1"]).all()
    r = np.corrcoef(aggregated["LPI"], aggregated["Physical"])[0, 1]
    assert got.set_index("Var2").loc["LPI", "Correlation"] == pytest.approx(r, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (12, 3), elements=st.floats(-100, 100)),
       st.lists(st.tuples(st.integers(0, 11), st.integers(0, 2)), max_size=6))
def test_pairwise_complete_pearson_and_spearman(a: np.ndarray, holes: list[tuple[int, int]]) -> None:
    for i, j in holes:
        a[i, j] = np.nan
    df = pd.DataFrame(a, columns=["x", "y", "z"])
    for method, ref in (("pearson", stats.pearsonr), ("spearman", stats.spearmanr)):
        got = corr_matrix(df, method=method)
        for c1 in df:
            for c2 in df:
                ok = df[c1].notna() & df[c2].notna()
                u, v = df.loc[ok, c1].to_numpy(), df.loc[ok, c2].to_numpy()
                if ok.sum() < 3 or np.ptp(u) < 1e-6 or np.ptp(v) < 1e-6:
                    continue
                want = ref(u, v)[0]
                if np.isfinite(want):
                    assert got.loc[c1, c2] == pytest.approx(want, abs=1e-9)


def test_pvalues_equal_cor_test() -> None:
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=30), rng.normal(size=30)
    res = stats.pearsonr(x, 0.3 * x + y)
    p = corr_pvalues(np.array([[res.statistic]]), np.array([[30.0]]))
    assert p[0, 0] == pytest.approx(res.pvalue, rel=1e-10)
