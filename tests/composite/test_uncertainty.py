"""Monte Carlo uncertainty analysis: known answers (zero noise = deterministic index), COINr's aggregated
outputs, an independent per-unit loop written here, R's cut() binning, and properties of rank statistics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterobs.composite.effective_weights import Hierarchy
from clusterobs.composite.uncertainty import (
    CompositeModel,
    UncertaintySpec,
    discretise,
    rank_scores,
    uncertainty_analysis,
)
from clusterobs.errors import UnknownMethodError, ValidationError
from refdata import shared_file

ASEM = "composite/coinr_asem/"


def _load(shared_data: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared_file(shared_data, ASEM + name)).set_index("uCode")


@pytest.fixture(scope="module")
def imeta(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_file(shared_data, ASEM + "input_ASEM_iMeta.csv"))


def _loop_index(data: pd.DataFrame, imeta: pd.DataFrame, weights: dict[str, float],
                geometric: bool = False) -> pd.Series:
    """Independent reference: per unit, per aggregate, a weighted mean over the available children only."""
    tree = Hierarchy.from_imeta(imeta)
    vals = {c: data[c].to_dict() for c in tree.codes_at(1)}
    for level in range(2, tree.top_level + 1):
        for code in tree.codes_at(level):
            kids = tree.children_of(code)
            vals[code] = {}
            for u in data.index:
                pairs = [(weights[k], vals[k][u]) for k in kids if not np.isnan(vals[k][u])]
                if not pairs:
                    vals[code][u] = np.nan
                    continue
                wsum = sum(w for w, _ in pairs)
                if geometric:
                    vals[code][u] = float(np.exp(sum(w * np.log(v) for w, v in pairs) / wsum))
                else:
                    vals[code][u] = sum(w * v for w, v in pairs) / wsum
    return pd.Series(vals[tree.codes_at(tree.top_level)[0]])


def test_zero_noise_reproduces_coinr_index(shared_data: Path, imeta: pd.DataFrame) -> None:
    nor = _load(shared_data, "expected_default_Normalised.csv")
    agg = _load(shared_data, "expected_default_Aggregated.csv")
    res = uncertainty_analysis(nor, imeta, n_runs=20, seed=0)
    np.testing.assert_allclose(res.scores.to_numpy(), np.repeat(agg[["Index"]].to_numpy(), 20, axis=1), atol=1e-9)
    ranks = agg["Index"].rank(ascending=False, method="min")
    np.testing.assert_array_equal(res.rank_stats["Nominal"], ranks.to_numpy())
    assert (res.rank_stats["Q5"] == res.rank_stats["Q95"]).all()
    assert np.allclose(res.rank_stats["ScoreSD"], 0.0, atol=1e-9)


def test_geometric_zero_noise_matches_coinr(shared_data: Path, imeta: pd.DataFrame) -> None:
    n1 = _load(shared_data, "expected_normalised_minmax_1_100.csv")
    exp = _load(shared_data, "expected_aggregated_minmax1_100_a_gmean.csv")
    res = uncertainty_analysis(n1, imeta, UncertaintySpec(aggregations=("a_gmean",)), n_runs=3, seed=0)
    np.testing.assert_allclose(res.scores["r_1"], exp["Index"], rtol=0, atol=1e-9)


def test_missing_values_renormalise_like_loop(shared_data: Path, imeta: pd.DataFrame) -> None:
    n1 = _load(shared_data, "expected_normalised_minmax_1_100.csv").copy()
    rng = np.random.default_rng(1)
    mask = rng.random(n1.shape) < 0.15
    n1 = n1.mask(mask)
    n1.loc["AUS", ["LPI", "Flights", "Ship", "Bord", "Elec", "Gas", "ConSpeed", "Cov4G"]] = np.nan  # whole pillar
    wts = Hierarchy.from_imeta(imeta).weight_of()
    for geo in (False, True):
        spec = UncertaintySpec(aggregations=("geometric" if geo else "arithmetic",))
        got = CompositeModel(n1, imeta, spec).nominal_scores()
        np.testing.assert_allclose(got, _loop_index(n1, imeta, wts, geo).loc[n1.index], rtol=1e-12)


def test_each_run_equals_its_deterministic_index(shared_data: Path, imeta: pd.DataFrame) -> None:
    n1 = _load(shared_data, "expected_normalised_minmax_1_100.csv")
    alt = n1 * 0.5 + 10.0 * np.sqrt(n1)  # a second, monotone "normalisation"
    spec = UncertaintySpec(weight_noise={2: 0.25, 3: 0.25}, aggregations=("arithmetic", "geometric"),
                           data_factors={"norm": ["minmax", "alt"]})
    model = CompositeModel({"minmax": n1, "alt": alt}, imeta, spec)
    rng = np.random.default_rng(7)
    w = model.noisy_weights(rng, 6)
    d_idx, a_idx = np.array([0, 1, 0, 1, 0, 1]), np.array([0, 0, 1, 1, 0, 1])
    got = model.evaluate(d_idx, a_idx, w)
    tree = Hierarchy.from_imeta(imeta)
    for r in range(6):
        wts = tree.weight_of()
        for lv, arr in enumerate(w, start=1):
            wts.update(dict(zip(tree.codes_at(lv), arr[r], strict=True)))
        ref = _loop_index([n1, alt][d_idx[r]], imeta, wts, geometric=bool(a_idx[r]))
        np.testing.assert_allclose(got[r], ref.loc[n1.index], rtol=1e-12)
    # noise stays within ±25 % of nominal, only at the requested levels
    assert np.all(np.abs(w[1] - 1.0) <= 0.25) and np.all(np.abs(w[2] - 1.0) <= 0.25) and np.all(w[0] == 1.0)


def test_seeded_and_properties(shared_data: Path, imeta: pd.DataFrame) -> None:
    n1 = _load(shared_data, "expected_normalised_minmax_1_100.csv")
    spec = UncertaintySpec(weight_noise={2: 0.25, 3: 0.25}, aggregations=("arithmetic", "geometric"))
    a = uncertainty_analysis(n1, imeta, spec, n_runs=200, seed=11)
    b = uncertainty_analysis(n1, imeta, spec, n_runs=200, seed=11)
    pd.testing.assert_frame_equal(a.rank_stats, b.rank_stats)
    rs = a.rank_stats
    assert (rs["Q5"] <= rs["Median"]).all() and (rs["Median"] <= rs["Q95"]).all()
    assert rs["Q5"].min() >= 1 and rs["Q95"].max() <= 51
    assert set(a.runs["aggregation"]) == {"arithmetic", "geometric"}
    # every run is a permutation-with-ties of 1..51 (ties "min")
    assert (np.sort(a.ranks.to_numpy(), axis=0)[0] == 1).all()


def test_order_of_magnitude_vs_coinr_vignette(shared_data: Path, imeta: pd.DataFrame) -> None:
    """The vignette's UA (stochastic, also over Winmax): same columns, similar medians and interval widths."""
    vig = pd.read_csv(shared_file(shared_data, ASEM + "vignette_UA_results_RankStats.csv")).set_index("uCode")
    n1 = _load(shared_data, "expected_normalised_minmax_1_100.csv")
    z = 10.0 + 2.0 * _load(shared_data, "expected_normalised_zscore.csv")  # COINr's n_zscore(c(10, 2))
    spec = UncertaintySpec(weight_noise={2: 0.25, 3: 0.25}, aggregations=("arithmetic", "geometric"),
                           data_factors={"Normalisation": ["minmax", "zscore"]})
    res = uncertainty_analysis({"minmax": n1, "zscore": z}, imeta, spec, n_runs=100, seed=3)
    rs = res.rank_stats.set_index("uCode").loc[vig.index]
    assert {"Nominal", "Mean", "Median", "Q5", "Q95"} <= set(rs.columns)
    assert np.corrcoef(rs["Median"], vig["Median"])[0, 1] > 0.9
    ratio = (rs["Q95"] - rs["Q5"]).mean() / (vig["Q95"] - vig["Q5"]).mean()
    assert 0.3 < ratio < 3.0


def test_discretise_like_r_cut() -> None:
    # cut(c(0, .5, 1), 2): breaks (-0.001, 0.5, 1.001], right-closed -> bins 1, 1, 2
    np.testing.assert_array_equal(discretise([0.0, 0.5, 1.0], 2), [0, 0, 1])
    # cut(c(0.2, 0.4, 0.6, 0.8), 3): breaks 0.2-0.0006, 0.4, 0.6, 0.8+0.0006 -> 1, 1, 2, 3
    np.testing.assert_array_equal(discretise([0.2, 0.4, 0.6, 0.8], 3), [0, 0, 1, 2])
    np.testing.assert_array_equal(discretise([0.3, 0.3], 4), [1, 1])  # degenerate range: R puts it mid-range
    assert (discretise([0.1, 0.9], 1) == 0).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1, exclude_max=True), min_size=2, max_size=50), st.integers(1, 7))
def test_discretise_is_monotone_and_in_range(u: list[float], n: int) -> None:
    k = discretise(u, n)
    assert k.min() >= 0 and k.max() <= n - 1
    order = np.argsort(u, kind="stable")
    assert (np.diff(k[order]) >= 0).all()


def test_rank_scores_ties_min_and_nan() -> None:
    np.testing.assert_array_equal(rank_scores(np.array([[5.0, 7.0, 5.0, np.nan, 1.0]])),
                                  [[2.0, 1.0, 2.0, np.nan, 4.0]])


def test_errors(shared_data: Path, imeta: pd.DataFrame) -> None:
    nor = _load(shared_data, "expected_default_Normalised.csv")
    with pytest.raises(UnknownMethodError, match="median"):
        CompositeModel(nor, imeta, UncertaintySpec(aggregations=("median",)))
    with pytest.raises(ValidationError, match="positive"):
        CompositeModel(nor, imeta, UncertaintySpec(aggregations=("geometric",)))  # min-max [0, 100] has zeros
    with pytest.raises(ValidationError, match="LPI"):
        CompositeModel(nor.drop(columns="LPI"), imeta)
    with pytest.raises(ValidationError, match="zscore"):
        CompositeModel({"minmax": nor}, imeta, UncertaintySpec(data_factors={"n": ["minmax", "zscore"]}))
