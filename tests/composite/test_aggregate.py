"""Aggregation kernels: hand answers, numpy oracle, weight-scale invariance, Copeland by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterobs.composite.aggregate import AggSpec, aggregate_group, amean, copeland, genmean, gmean, hmean
from clusterobs.errors import ValidationError

pytestmark = pytest.mark.core


def test_known_answers() -> None:
    X = np.array([[1.0, 4.0], [2.0, np.nan]])
    w = np.array([1.0, 3.0])
    np.testing.assert_allclose(amean(X, w), [13 / 4, 2])
    np.testing.assert_allclose(gmean(X, w), [4 ** 0.75, 2])
    np.testing.assert_allclose(hmean(X, w), [4 / (1 + 3 / 4), 2])
    np.testing.assert_allclose(genmean(X, w, 2), [np.sqrt((1 + 48) / 4), 2])
    with pytest.raises(ValidationError):
        gmean(np.array([[0.0, 1.0]]), w)


def test_oracle_numpy_average() -> None:
    rng = np.random.default_rng(3)
    X, w = rng.random((10, 4)), rng.random(4)
    np.testing.assert_allclose(amean(X, w), np.average(X, axis=1, weights=w), rtol=1e-13)


def test_dat_thresh() -> None:
    X = pd.DataFrame({"a": [1.0, np.nan], "b": [3.0, 5.0], "c": [np.nan, np.nan]})
    out = aggregate_group(X, pd.Series(1.0, index=list("abc")), AggSpec(), dat_thresh=0.5)
    assert out.iloc[0] == 2.0 and np.isnan(out.iloc[1])


def test_copeland_by_hand() -> None:
    # A beats B 2–1, B beats C 2–1, A vs C: 1 win, 1 loss, 1 tie → tie; scores 1, 0, −1
    X = np.array([[3.0, 3.0, 1.0], [2.0, 2.0, 2.0], [1.0, 4.0, 1.0]])
    np.testing.assert_array_equal(copeland(X, np.ones(3)), [1, 0, -1])


@given(arrays(float, (6, 4), elements=st.floats(0.1, 100)), arrays(float, 4, elements=st.floats(0.1, 10)),
       st.floats(0.01, 100))
def test_weight_scaling_invariance(X: np.ndarray, w: np.ndarray, k: float) -> None:
    for fn in (amean, gmean, hmean):
        np.testing.assert_allclose(fn(X, w * k), fn(X, w), rtol=1e-9)
