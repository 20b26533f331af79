"""Kernels: LQ, size, focus, ratio, CAGR — known answers worked out by hand, and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterobs.mapping.location_quotient import cagr, focus_share, location_quotient, ratio, size_share

# rows A, B, C; columns x, y, z (the SMALL world of conftest.py)
E = np.array([[50.0, 10.0, 40.0], [10.0, 80.0, 10.0], [20.0, 10.0, 170.0]])


def test_lq_known_answer() -> None:
    # LQ_rc = (E_rc/E_r)/(E_c/E): E_r = 100, 100, 200; E_c = 80, 100, 220; E = 400
    expected = np.array([[0.5 / 0.2, 0.1 / 0.25, 0.4 / 0.55],
                         [0.1 / 0.2, 0.8 / 0.25, 0.1 / 0.55],
                         [0.1 / 0.2, 0.05 / 0.25, 0.85 / 0.55]])
    np.testing.assert_allclose(location_quotient(E), expected)
    assert location_quotient(E)[0, 0] == pytest.approx(2.5)
    assert location_quotient(E)[1, 1] == pytest.approx(3.2)


def test_lq_with_explicit_reference_area() -> None:
    # reference area with E_c = (100, 100, 200), E = 400: LQ_Ax = 0.5/0.25 = 2
    lq = location_quotient(E, category_totals=np.array([[100.0, 100.0, 200.0]]))
    assert lq[0, 0] == pytest.approx(2.0)
    assert lq[2, 2] == pytest.approx(0.85 / 0.5)


def test_size_focus_known_answers() -> None:
    np.testing.assert_allclose(size_share(E)[:, 0], [50 / 80, 10 / 80, 20 / 80])
    np.testing.assert_allclose(focus_share(E)[2], [0.1, 0.05, 0.85])


def test_missing_cells_are_excluded_not_zero() -> None:
    e = E.copy()
    e[0, 1] = np.nan
    lq = location_quotient(e)
    assert np.isnan(lq[0, 1])
    # E_A = 90 without the missing cell; E_x = 80, E = 390: LQ_Ax = (50/90)/(80/390)
    assert lq[0, 0] == pytest.approx((50 / 90) / (80 / 390))


def test_ratio_and_cagr() -> None:
    assert ratio(np.array([100.0, 5.0]), np.array([4.0, 0.0])).tolist()[0] == 25.0
    assert np.isnan(ratio(np.array([5.0]), np.array([0.0]))[0])
    # 100 → 121 in two years: 10 % a year
    assert float(cagr(np.array(100.0), np.array(121.0), 2)) == pytest.approx(0.1)
    assert np.isnan(cagr(np.array(0.0), np.array(5.0), 1))
    with pytest.raises(ValueError, match="positive"):
        cagr(np.array(1.0), np.array(1.0), 0)


matrices = arrays(np.float64, st.tuples(st.integers(2, 6), st.integers(2, 5)),
                  elements=st.integers(1, 10_000).map(float))


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_region_equal_to_reference_area_has_lq_one(e: np.ndarray) -> None:
    ref = e.sum(axis=0, keepdims=True)
    lq = location_quotient(ref, category_totals=ref)
    np.testing.assert_allclose(lq, 1.0)


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_sizes_sum_to_one_and_weighted_lq_mean_is_one(e: np.ndarray) -> None:
    np.testing.assert_allclose(size_share(e).sum(axis=0), 1.0)
    w = e.sum(axis=1, keepdims=True) / e.sum()
    np.testing.assert_allclose((w * location_quotient(e)).sum(axis=0), 1.0)
