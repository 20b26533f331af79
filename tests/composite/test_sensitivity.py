"""Variance-based sensitivity: COINr's SA_estimate on R's own sample, analytic indices (linear, Ishigami),
the Saltelli design layout, and exact zero indices for an input that changes nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterobs.composite.sensitivity import (
    composite_sensitivity,
    saltelli_sample,
    sensitivity_analysis,
    sobol_indices,
)
from clusterobs.composite.uncertainty import UncertaintySpec
from clusterobs.errors import ValidationError
from refdata import shared_file

ASEM = "composite/coinr_asem/"


def r_runif(seed: int, n: int) -> np.ndarray:
    """R's ``set.seed(seed); runif(n)`` (Mersenne-Twister, R's LCG seed scrambling, 2^-32 scaling).

    Written from R's documented RNG initialisation (src/main/RNG.c: 50 scrambling steps of
    seed = 69069·seed + 1, then 625 more filling dummy[0..624] with mti = 624), so that the reference sample of
    the COINr file can be rebuilt. Check: set.seed(42); runif(3) = 0.914806, 0.9370754, 0.2861395.
    """
    s = seed & 0xFFFFFFFF
    for _ in range(50):
        s = (69069 * s + 1) & 0xFFFFFFFF
    key = np.empty(625, dtype=np.uint64)
    for j in range(625):
        s = (69069 * s + 1) & 0xFFFFFFFF
        key[j] = s
    bg = np.random.MT19937()
    bg.state = {"bit_generator": "MT19937", "state": {"key": key[1:].astype(np.uint32), "pos": 624}}
    return bg.random_raw(n).astype(np.float64) * 2.3283064365386963e-10


def test_r_generator_reproduces_r() -> None:
    np.testing.assert_allclose(r_runif(42, 3), [0.914806, 0.9370754, 0.2861395], atol=5e-8)


def test_linear_matches_coinr_on_r_sample(shared_data: Path) -> None:
    exp = pd.read_csv(shared_file(shared_data, ASEM + "expected_SA_estimate_linear_x1_plus_2x2_N20000_seed42.csv"))
    n, d = 20000, 2
    base = r_runif(42, 2 * d * n).reshape(2 * d, n).T  # matrix(runif(d*N*2), nrow = N): column-major
    a, b = base[:, :d], base[:, d:]
    ab = [a.copy() for _ in range(d)]
    for i in range(d):
        ab[i][:, i] = b[:, i]
    x = np.vstack([a, b, *ab])
    got = sobol_indices(x[:, 0] + 2 * x[:, 1], n, d)
    np.testing.assert_allclose(got["Si"], exp["Si"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(got["STi"], exp["STi"], rtol=0, atol=1e-9)
    assert list(got["Variable"]) == list(exp["Variable"])


def _five_se(y: np.ndarray, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Five CLT standard errors of each estimator, from its per-row terms (justifies the tolerance)."""
    ya, yb, yab = y[:n], y[n:2 * n], y[2 * n:].reshape(d, n)
    v = np.var(np.r_[ya, yb], ddof=1)
    se_s = (yb * (yab - ya)).std(axis=1, ddof=1) / np.sqrt(n) / v
    se_t = ((ya - yab) ** 2).std(axis=1, ddof=1) / np.sqrt(n) / (2 * v)
    return 5 * se_s, 5 * se_t


def test_linear_analytic_with_own_sampling() -> None:
    n, d = 20000, 2
    x = saltelli_sample(n, d, 123)
    y = x[:, 0] + 2 * x[:, 1]
    got = sobol_indices(y, n, d)
    tol_s, tol_t = _five_se(y, n, d)
    assert (tol_s < 0.12).all() and (tol_t < 0.05).all()  # Saltelli 2010 Si is the noisier estimator
    # var(x1) = 1/12, var(2 x2) = 4/12: Si = STi = 0.2, 0.8
    assert np.all(np.abs(got["Si"] - [0.2, 0.8]) < tol_s)
    assert np.all(np.abs(got["STi"] - [0.2, 0.8]) < tol_t)


def test_ishigami_analytic() -> None:
    a, b = 7.0, 0.1

    def ishigami(u: np.ndarray) -> np.ndarray:
        x = -np.pi + 2 * np.pi * u
        return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])

    v1 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    si = np.array([v1, v2, 0.0]) / var  # 0.3139, 0.4424, 0
    sti = np.array([v1 + v13, v2, v13]) / var  # 0.5576, 0.4424, 0.2437
    assert si[0] == pytest.approx(0.3139, abs=1e-4) and sti[2] == pytest.approx(0.2437, abs=1e-4)
    n, d = 2 ** 15, 3
    got = sensitivity_analysis(ishigami, n, d, seed=99, n_boot=200)
    y = ishigami(saltelli_sample(n, d, np.random.default_rng(99)))
    tol_s, tol_t = _five_se(y, n, d)
    assert np.all(np.abs(got["Si"] - si) < tol_s)
    assert np.all(np.abs(got["STi"] - sti) < tol_t)
    assert (got["Si_q5"] <= got["Si"]).all() and (got["Si"] <= got["Si_q95"]).all()
    assert (got["STi_q5"] <= got["STi_q95"]).all()


def test_design_layout() -> None:
    n, d = 5, 3
    x = saltelli_sample(n, d, 1)
    assert x.shape == (n * (d + 2), d)
    a, b = x[:n], x[n:2 * n]
    for i in range(d):
        block = x[(2 + i) * n:(3 + i) * n]
        np.testing.assert_array_equal(block[:, i], b[:, i])
        np.testing.assert_array_equal(np.delete(block, i, axis=1), np.delete(a, i, axis=1))
    with pytest.raises(ValidationError, match="N·"):
        sobol_indices(np.zeros(7), n, d)


def test_composite_sa_on_asem(shared_data: Path) -> None:
    meta = pd.read_csv(shared_file(shared_data, ASEM + "input_ASEM_iMeta.csv"))
    n1 = pd.read_csv(shared_file(shared_data, ASEM + "expected_normalised_minmax_1_100.csv")).set_index("uCode")
    vig = pd.read_csv(shared_file(shared_data, ASEM + "vignette_SA_results_Sensitivity.csv"))
    spec = UncertaintySpec(weight_noise={2: 0.25, 3: 0.25}, aggregations=("arithmetic", "geometric"),
                           data_factors={"Copy": ["one", "two"]})
    # a data factor whose alternatives are identical cannot matter: its indices are exactly zero
    res = composite_sensitivity({"one": n1, "two": n1.copy()}, meta, spec, n=60, seed=5, n_boot=50)
    idx = res.indices.set_index("Variable")
    assert list(idx.index) == ["Copy", "aggregation", "weights"]
    assert set(vig.columns) == set(res.indices.columns)
    assert idx.loc["Copy", "Si"] == 0.0 and idx.loc["Copy", "STi"] == 0.0
    assert res.scores.shape == (51, 60 * 5)
    # aggregation dominates as in the vignette (its STi 0.62 there)
    assert idx.loc["aggregation", "STi"] > idx.loc["weights", "STi"] > 0
    assert len(res.rank_stats) == 51 and (res.rank_stats["Q5"] <= res.rank_stats["Q95"]).all()
    with pytest.raises(ValidationError, match="two uncertain"):
        composite_sensitivity(n1, meta, UncertaintySpec(weight_noise={2: 0.1}), n=10)
