"""Relatedness between categories, computed from where they co-locate or imported from a benchmark.

Kernels take one year's region × category employment matrix ``E`` (NaN = missing, read as "not present"
for RCA presence and dropped from correlations) and return a category × category matrix; the registry
:data:`METHODS` names them for the table wrapper :func:`relatedness` and the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterobs.errors import UnknownMethodError, ValidationError
from clusterobs.mapping.location_quotient import focus_share, location_quotient
from clusterobs.mapping.panel import build_panel, validate_input

FloatArray = npt.NDArray[np.float64]


def presence(emp: FloatArray, threshold: float = 1.0) -> FloatArray:
    """Binary presence ``M_rc = 1 if RCA_rc ≥ threshold`` (0 where RCA is missing)."""
    rca = location_quotient(emp)
    return np.where(np.nan_to_num(rca, nan=0.0) >= threshold, 1.0, 0.0)


def proximity(emp: FloatArray, *, threshold: float = 1.0) -> FloatArray:
    """Economic-complexity proximity (Hidalgo et al. 2007):

        φ_cc' = min(P(RCA_c ≥ 1 | RCA_c' ≥ 1), P(RCA_c' ≥ 1 | RCA_c ≥ 1)) = N_cc' / max(u_c, u_c')

    with N_cc' = Σ_r M_rc M_rc' the number of regions specialised in both and u_c = N_cc the ubiquity.
    NaN where both categories are ubiquity 0.

    >>> import numpy as np
    >>> proximity(np.array([[5.0, 5.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])).round(2).tolist()
    [[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 1.0]]
    """
    m = presence(emp, threshold)
    co = m.T @ m
    u = np.diag(co)
    den = np.maximum(u[:, None], u[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, co / den, np.nan)


def _pearson_columns(x: FloatArray) -> FloatArray:
    """Pearson correlation between columns over the rows without any NaN; NaN for constant columns."""
    rows = ~np.isnan(x).any(axis=1)
    z = x[rows]
    if z.shape[0] < 2:
        return np.full((x.shape[1], x.shape[1]), np.nan)
    z = z - z.mean(axis=0)
    sd = np.sqrt((z * z).sum(axis=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = z / sd
        out = z.T @ z
    return np.asarray(np.where(np.isfinite(out), np.clip(out, -1.0, 1.0), np.nan))


def colocation_lq(emp: FloatArray) -> FloatArray:
    """Co-location relatedness: Pearson correlation of LQ_rc and LQ_rc' across regions."""
    return _pearson_columns(location_quotient(emp))


def colocation_share(emp: FloatArray) -> FloatArray:
    """Co-location relatedness: Pearson correlation of employment shares E_rc / E_r across regions."""
    return _pearson_columns(focus_share(emp))


METHODS: dict[str, Callable[[FloatArray], FloatArray]] = {
    "proximity": proximity,
    "colocation_lq": colocation_lq,
    "colocation_share": colocation_share,
}


def relatedness_matrix(emp: FloatArray, method: str = "proximity") -> FloatArray:
    """Dispatch to a registered kernel by name."""
    if method not in METHODS:
        raise UnknownMethodError("relatedness method", method, METHODS)
    return METHODS[method](emp)


def relatedness(data: pd.DataFrame, *, method: str = "proximity", year: int | None = None,
                level: str | None = None) -> pd.DataFrame:
    """Square category × category relatedness for one year (default: the latest) of a tidy table."""
    if method not in METHODS:
        raise UnknownMethodError("relatedness method", method, METHODS)
    panel = build_panel(validate_input(data), level=level)
    hits = np.flatnonzero(panel.years == (panel.years[-1] if year is None else year))
    if hits.size == 0:
        raise ValidationError(f"year {year} is not in the data ({', '.join(map(str, panel.years))})",
                              field="year")
    y = int(hits[0])
    mat = METHODS[method](panel.measures["employment"][y])
    idx = pd.Index(panel.categories, name="category")
    return pd.DataFrame(mat, index=idx, columns=idx)


def to_pairs(matrix: pd.DataFrame, *, name: str = "relatedness") -> pd.DataFrame:
    """Long form (category, related, value) of a square matrix, without the diagonal and NaN cells."""
    arr = matrix.to_numpy(dtype=np.float64)
    i, j = np.nonzero(~np.eye(arr.shape[0], arr.shape[1], dtype=bool))
    long = pd.DataFrame({"category": np.asarray(matrix.index)[i], "related": np.asarray(matrix.columns)[j],
                         name: arr[i, j]})
    return long.dropna(subset=[name]).reset_index(drop=True)


def from_pairs(pairs: pd.DataFrame, *, source: str, target: str, value: str,
               symmetrize: Literal["none", "max", "min", "mean"] = "none") -> pd.DataFrame:
    """Square matrix from a pair list; a pair given in one direction only fills both.

    ``symmetrize`` makes directed values symmetric; NaN where a pair is absent; diagonal NaN.
    """
    for col in (source, target, value):
        if col not in pairs.columns:
            raise ValidationError(f"column '{col}' absent; found {', '.join(map(str, pairs.columns))}",
                                  field=col, hint="name the source, target and value columns")
    p = pd.DataFrame({"a": pairs[source].astype(str), "b": pairs[target].astype(str),
                      "v": pd.to_numeric(pairs[value], errors="coerce")})
    if p.duplicated(["a", "b"]).any():
        dup = p.loc[p.duplicated(["a", "b"]), ["a", "b"]].astype(str).agg("/".join, axis=1)
        raise ValidationError(f"duplicate pairs: {', '.join(dup[:5])}", field=source)
    codes = sorted(set(p["a"]) | set(p["b"]), key=lambda s: (len(s), s))
    m = p.pivot(index="a", columns="b", values="v").reindex(index=codes, columns=codes)
    arr = m.to_numpy(dtype=np.float64)
    arr = np.where(np.isnan(arr), arr.T, arr)
    if symmetrize == "max":
        arr = np.fmax(arr, arr.T)
    elif symmetrize == "min":
        arr = np.fmin(arr, arr.T)
    elif symmetrize == "mean":
        arr = (arr + arr.T) / 2
    np.fill_diagonal(arr, np.nan)
    idx = pd.Index(codes, name="category")
    return pd.DataFrame(arr, index=idx, columns=idx)


__all__ = ["METHODS", "colocation_lq", "colocation_share", "from_pairs", "presence", "proximity",
           "relatedness", "relatedness_matrix", "to_pairs"]
