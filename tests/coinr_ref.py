"""Loaders for the COINr ASEM and Handbook TAI reference files in ../shared/data/composite (see its README)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ASEM = "composite/coinr_asem"
TAI = "composite/handbook_tai"


def read_expected(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, index_col=0)


def assert_frame_close(actual: pd.DataFrame, expected: pd.DataFrame, *, atol: float = 1e-9,
                       rel: float = 0.0) -> None:
    """Same rows and columns (aligned by name), same missing cells, |a − e| ≤ atol + rel·|e| elsewhere."""
    assert set(actual.columns) >= set(expected.columns), set(expected.columns) - set(actual.columns)
    assert set(actual.index) == set(expected.index), set(actual.index) ^ set(expected.index)
    a = actual.reindex(index=expected.index, columns=expected.columns).to_numpy(dtype=float)
    e = expected.to_numpy(dtype=float)
    assert (np.isnan(a) == np.isnan(e)).all(), "missing cells differ"
    assert (np.isinf(a) == np.isinf(e)).all(), "infinite cells differ"
    fin = np.isfinite(e)
    assert (a[~fin & ~np.isnan(e)] == e[~fin & ~np.isnan(e)]).all(), "infinite signs differ"
    diff = np.abs(a[fin] - e[fin])
    tol = atol + rel * np.abs(e[fin])
    assert (diff <= tol).all(), f"max abs diff {diff.max():.3e}"


def signif(x: np.ndarray, digits: int = 3) -> np.ndarray:
    """Round to significant digits like R's signif()."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where(x == 0, 0, np.floor(np.log10(np.abs(x))))
    factor = 10.0 ** (digits - 1 - mag)
    return np.round(x * factor) / factor
