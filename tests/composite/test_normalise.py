"""Normalisation kernels: hand-computed answers and Hypothesis properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterobs.composite.normalise import (
    NORMALISERS,
    NormSpec,
    borda,
    dist2targ,
    fracmax,
    goalposts,
    minmax,
    normalise_series,
    normalise_table,
    prank,
    rank,
    zscore,
)
from clusterobs.errors import UnknownMethodError

pytestmark = pytest.mark.core

X = np.array([2.0, 4.0, 4.0, 10.0, np.nan])


def test_known_answers() -> None:
    np.testing.assert_allclose(minmax(X, 0, 100), [0, 25, 25, 100, np.nan])
    np.testing.assert_allclose(zscore([1.0, 2.0, 3.0]), [-1, 0, 1])
    np.testing.assert_array_equal(rank(X), [1, 2, 2, 4, np.nan])
    np.testing.assert_array_equal(borda(X), [0, 1, 1, 3, np.nan])
    np.testing.assert_allclose(prank(X), [0, 1 / 3, 1 / 3, 1, np.nan])
    np.testing.assert_allclose(fracmax(X), [0.2, 0.4, 0.4, 1, np.nan])
    np.testing.assert_allclose(dist2targ([2.0, 6.0, 12.0], 10, 1, cap_max=True), [0, 0.5, 1])
    np.testing.assert_allclose(goalposts([0.0, 5.0, 20.0], 0, 10, 100, -1), [100, 50, 0])


def test_table_direction_and_overrides() -> None:
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0, 3.0]})
    out = normalise_table(df, NormSpec("minmax", {"l": 0, "u": 1}), directions={"b": -1},
                          overrides={"a": NormSpec("rank")})
    assert out["a"].tolist() == [1, 2, 3] and out["b"].tolist() == [1, 0.5, 0]
    panel = pd.DataFrame({"a": [0.0, 10.0, 5.0, 20.0]})
    year = pd.Series([2020, 2020, 2021, 2021])
    assert normalise_table(panel, NormSpec("minmax", {"l": 0, "u": 1})).a.tolist() == [0, 0.5, 0.25, 1]
    assert normalise_table(panel, NormSpec("minmax", {"l": 0, "u": 1}), by=year).a.tolist() == [0, 1, 0, 1]


def test_unknown_method_lists_valid() -> None:
    with pytest.raises(UnknownMethodError, match="minmax"):
        NORMALISERS.get("minimax")
    with pytest.raises(ValueError, match="does not take: q"):
        normalise_series(pd.Series([1.0, 2.0]), NormSpec("minmax", {"q": 1}))


finite = arrays(float, st.integers(3, 30), elements=st.floats(-1e6, 1e6, allow_nan=False))


@given(finite, st.floats(-100, 100), st.floats(1, 100))
def test_minmax_in_bounds(x: np.ndarray, low: float, width: float) -> None:
    if np.ptp(x) < 1e-6:
        return
    y = minmax(x, low, low + width)
    assert (y >= low - 1e-9 * width).all() and (y <= low + width + 1e-9 * width).all()


@given(arrays(float, st.integers(3, 30), elements=st.integers(-1000, 1000).map(float)))
def test_rank_invariant_under_monotone_transform(x: np.ndarray) -> None:
    np.testing.assert_array_equal(rank(x), rank(np.exp(x / 1000) * 3 - 7))


@given(finite)
def test_direction_minus_one_reverses_order(x: np.ndarray) -> None:
    s = pd.Series(x)
    up = normalise_series(s, NormSpec("rank"), direction=1)
    down = normalise_series(s, NormSpec("rank"), direction=-1)
    i, j = np.argmin(x), np.argmax(x)
    if x[i] < x[j]:
        assert up[i] < up[j] and down[i] > down[j]
