"""Order statistics: quantiles against numpy's linear method, ranks against brute-force counting."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterobs.mapping import percentiles as pct


def test_quantile_known_answer() -> None:
    # values 2, 5, 23, 30, 40: h = (5-1)*0.25 = 1 → x_(1) = 5; p90: h = 3.6 → 30 + 0.6*10 = 36
    v = np.array([[40.0], [5.0], [30.0], [2.0], [23.0], [np.nan]])
    s = pct.sort_regions(v)
    assert pct.quantile(s, 0.25)[0, 0] == pytest.approx(5.0)
    assert pct.quantile(s, 0.90)[0, 0] == pytest.approx(36.0)
    assert pct.above_quantile(s, 0.25)[:, 0].tolist() == [True, False, True, False, True, False]
    assert pct.at_least_quantile(s, 0.90)[:, 0].tolist() == [True, False, False, False, False, False]


def test_ties_and_ranks() -> None:
    v = np.array([[1.0], [3.0], [3.0], [np.nan], [2.0]])
    rank, perc = pct.rank_and_percentile(v)
    assert rank[:, 0].tolist()[:3] == [4.0, 1.0, 1.0] and rank[4, 0] == 3.0 and np.isnan(rank[3, 0])
    # k_max/(n-1): 1 → 0/3, 3 → 3/3, 2 → 1/3
    np.testing.assert_allclose(perc[[0, 1, 2, 4], 0], [0.0, 1.0, 1.0, 1 / 3])


pop = arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 9), st.integers(1, 4)),
             elements=st.one_of(st.integers(0, 6).map(float), st.just(np.nan)))


@settings(max_examples=150, deadline=None)
@given(pop, st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9, 1.0]))
def test_against_numpy_and_brute_force(v: np.ndarray, p: float) -> None:
    s = pct.sort_regions(v)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = np.nanquantile(v, p, axis=-2, keepdims=True)  # numpy 'linear' = position (n-1)p
        np.testing.assert_allclose(pct.quantile(s, p), ref, equal_nan=True)
        valid = ~np.isnan(v)
        assert np.array_equal(pct.at_least_quantile(s, p), valid & (v >= ref - 1e-12))
        assert np.array_equal(pct.above_quantile(s, p), valid & (v > ref + 1e-12))
        greater = (v[..., None, :, :] > v[..., :, None, :]).sum(axis=-2)
    rank, _ = pct.rank_and_percentile(v)
    assert np.array_equal(rank, np.where(valid, 1.0 + greater, np.nan), equal_nan=True)


@settings(max_examples=80, deadline=None)
@given(pop, st.integers(2, 1000))
def test_tests_are_scale_invariant(v: np.ndarray, k: int) -> None:
    for p in (0.25, 0.75, 0.9):
        a, b = pct.sort_regions(v), pct.sort_regions(v * k)
        assert np.array_equal(pct.at_least_quantile(a, p), pct.at_least_quantile(b, p))
        assert np.array_equal(pct.above_quantile(a, p), pct.above_quantile(b, p))
