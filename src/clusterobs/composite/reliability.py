"""Cronbach's alpha: does a group of indicators measure one latent dimension consistently?

alpha = k²·mean(off-diagonal covariances) / sum(all covariances) = k/(k−1)·(1 − Σσᵢ² / σ²_total), on the
covariance matrix from pairwise-complete observations (OECD/JRC Handbook 2008, section 4.1; COINr
``get_cronbach`` with ``use = "pairwise.complete.obs"``). It is computed on the data as given (not
standardised), so it depends on the normalisation; values above about 0.7 are conventionally read as reliable.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterobs.composite.effective_weights import Hierarchy
from clusterobs.errors import ValidationError

__all__ = ["cronbach_alpha", "cronbach_by_group"]


def _pairwise_cov(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    m = ~np.isnan(x)
    f = m.astype(float)
    x0 = np.where(m, x - np.nanmean(x, axis=0, keepdims=True), 0.0)
    n = f.T @ f
    sx = x0.T @ f
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (x0.T @ x0 - sx * sx.T / n) / (n - 1.0)
    return np.asarray(np.where(n > 1, cov, np.nan), dtype=float)


def cronbach_alpha(data: pd.DataFrame | npt.ArrayLike) -> float:
    """Cronbach's alpha of the columns of ``data`` (units × items); NaN cells are skipped pairwise."""
    x = np.asarray(data.to_numpy(dtype=float) if isinstance(data, pd.DataFrame) else data, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValidationError(f"Cronbach's alpha needs at least two columns, got shape {x.shape}",
                              field="data", hint="pass a units × indicators table with two or more indicators")
    k = x.shape[1]
    cov = _pairwise_cov(x)
    total = float(np.nansum(cov))
    off = (total - float(np.nansum(np.diag(cov)))) / (k * (k - 1))
    return float(k * k * off / total)


def cronbach_by_group(data: pd.DataFrame, imeta: pd.DataFrame, level: int = 1) -> pd.Series:
    """Alpha of the children at ``level`` of each group at ``level + 1`` (NaN for one-child groups)."""
    tree = Hierarchy.from_imeta(imeta)
    out: dict[str, float] = {}
    for parent in tree.codes_at(level + 1):
        kids = [c for c in tree.children_of(parent) if c in data.columns]
        out[parent] = cronbach_alpha(data[kids]) if len(kids) >= 2 else float("nan")
    return pd.Series(out, name="alpha", dtype=float)
