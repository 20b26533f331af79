"""Correlations within and across levels of a composite, and the flags a statistical audit looks at.

Follows COINr's ``get_corr`` / ``get_corr_flags`` (and the OECD/JRC Handbook 2008, step 4 "multivariate
analysis"): correlations use pairwise-complete observations; in :func:`get_corr` a correlation whose two-sided
test p-value exceeds ``pval`` is reported as NaN (COINr blanks insignificant correlations), and a pair of levels
is given lower level last as in COINr (``levels=(1, 2)`` correlates level-2 aggregates, Var1, with level-1
indicators, Var2). Flags: |r| above a threshold between members of one group (double counting), and negative
correlations within a group (trade-offs that aggregation would hide).

P-values: Pearson uses the exact t test of ``cor.test``. Spearman uses the t approximation with n − 2 degrees
of freedom; R's ``cor.test`` uses the exact AS 89 distribution for n < 1290 without ties, so Spearman p-values
(hence which small correlations are blanked) can differ slightly from COINr near the threshold.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from clusterobs.composite.effective_weights import Hierarchy
from clusterobs.errors import UnknownMethodError, ValidationError

__all__ = ["CORRELATION_METHODS", "corr_flags", "corr_matrix", "corr_pvalues", "get_corr"]

Array = npt.NDArray[np.float64]


def _pairwise_pearson(x: Array, y: Array) -> tuple[Array, Array]:
    """Pearson r and pair counts over pairwise-complete rows, for all column pairs at once.

    Columns are centred on their own available mean first so the moment sums do not cancel catastrophically;
    the per-pair means are then corrected exactly.
    """
    mx, my = ~np.isnan(x), ~np.isnan(y)
    x0 = np.where(mx, x - np.nanmean(x, axis=0, keepdims=True), 0.0) if x.size else x
    y0 = np.where(my, y - np.nanmean(y, axis=0, keepdims=True), 0.0) if y.size else y
    fx, fy = mx.astype(float), my.astype(float)
    n = fx.T @ fy
    sx, sy = x0.T @ fy, fx.T @ y0
    sxx, syy = (x0 * x0).T @ fy, fx.T @ (y0 * y0)
    sxy = x0.T @ y0
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sy / n
        vx = sxx - sx * sx / n
        vy = syy - sy * sy / n
        r = cov / np.sqrt(vx * vy)
    r[n < 2] = np.nan
    return np.clip(r, -1.0, 1.0), n


def _rank_columns(a: Array) -> Array:
    return np.asarray(pd.DataFrame(a).rank(method="average", na_option="keep").to_numpy(), dtype=float)


def _pairwise_spearman(x: Array, y: Array) -> tuple[Array, Array]:
    """Spearman = Pearson on ranks; with missing values R re-ranks each pair's complete rows, so do we."""
    if not (np.isnan(x).any() or np.isnan(y).any()):
        return _pairwise_pearson(_rank_columns(x), _rank_columns(y))
    r = np.full((x.shape[1], y.shape[1]), np.nan)
    n = np.zeros_like(r)
    for i in range(x.shape[1]):
        for j in range(y.shape[1]):
            ok = ~(np.isnan(x[:, i]) | np.isnan(y[:, j]))
            n[i, j] = ok.sum()
            if n[i, j] >= 2:
                rr, _ = _pairwise_pearson(_rank_columns(x[ok, i:i + 1]), _rank_columns(y[ok, j:j + 1]))
                r[i, j] = rr[0, 0]
    return r, n


CORRELATION_METHODS: dict[str, Callable[[Array, Array], tuple[Array, Array]]] = {
    "pearson": _pairwise_pearson,
    "spearman": _pairwise_spearman,
}


def _method(name: str) -> Callable[[Array, Array], tuple[Array, Array]]:
    if name not in CORRELATION_METHODS:
        raise UnknownMethodError("correlation method", name, CORRELATION_METHODS)
    return CORRELATION_METHODS[name]


def corr_matrix(x: pd.DataFrame, y: pd.DataFrame | None = None, method: str = "pearson") -> pd.DataFrame:
    """Correlation of every column of ``x`` with every column of ``y`` (``x`` itself when omitted)."""
    y = x if y is None else y
    r, _ = _method(method)(x.to_numpy(dtype=float), y.to_numpy(dtype=float))
    return pd.DataFrame(r, index=x.columns, columns=y.columns)


def corr_pvalues(r: Array, n: Array) -> Array:
    """Two-sided p-value of H0: rho = 0 from t = r·sqrt((n−2)/(1−r²)), df = n − 2 (R's cor.test, Pearson)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        df = n - 2.0
        t = r * np.sqrt(df / (1.0 - r * r))
        p = 2.0 * stats.t.sf(np.abs(t), df)
    p = np.where(np.abs(r) >= 1.0, 0.0, p)
    return np.where(df > 0, p, np.nan)


def _level_data(data: pd.DataFrame, tree: Hierarchy, level: int) -> pd.DataFrame:
    codes = [c for c in tree.codes_at(level) if c in data.columns]
    if not codes:
        raise ValidationError(f"no column of level {level} in the data", field="Level",
                              hint="pass a data set that holds that level (e.g. the Aggregated one)")
    return data[codes]


def get_corr(data: pd.DataFrame, imeta: pd.DataFrame, levels: tuple[int, int] = (1, 1), method: str = "pearson",
             pval: float = 0.05, withparent: bool = False, grouplev: int | None = None) -> pd.DataFrame:
    """Long table Var1, Var2, Correlation between two levels (COINr ``get_corr``, ``make_long=TRUE``).

    ``withparent`` keeps only each lower-level code against its own ancestor at the higher level;
    ``grouplev`` (same-level correlations only) keeps pairs sharing an ancestor at that level.
    Rows run over Var2 (outer) then Var1 (inner), as R's column-major melt does.
    """
    tree = Hierarchy.from_imeta(imeta)
    hi, lo = max(levels), min(levels)
    d1, d2 = _level_data(data, tree, hi), _level_data(data, tree, lo)
    r, n = _method(method)(d1.to_numpy(dtype=float), d2.to_numpy(dtype=float))
    if pval > 0:
        r = np.where(corr_pvalues(r, n) > pval, np.nan, r)
    out = pd.DataFrame({
        "Var1": np.tile(np.asarray(d1.columns, dtype=object), d2.shape[1]),
        "Var2": np.repeat(np.asarray(d2.columns, dtype=object), d1.shape[1]),
        "Correlation": r.T.ravel(),
    })
    if withparent and hi != lo:
        anc = {c: tree.ancestor_at(c, hi) for c in d2.columns}
        out = out[out["Var2"].map(anc) == out["Var1"]]
    if grouplev is not None and hi == lo:
        if grouplev <= hi or grouplev > tree.top_level:
            raise ValidationError(f"grouplev {grouplev} must lie between {hi + 1} and {tree.top_level}",
                                  field="grouplev", hint="group by a level above the correlated one")
        grp = {c: tree.ancestor_at(c, grouplev) for c in d1.columns}
        out = out[out["Var1"].map(grp) == out["Var2"].map(grp)]
    return out.reset_index(drop=True)


def corr_flags(data: pd.DataFrame, imeta: pd.DataFrame, cor_thresh: float = 0.9, thresh_type: str = "high",
               method: str = "pearson", grouplev: int = 2, roundto: int | None = 3) -> pd.DataFrame:
    """Pairs of indicators in one group (at ``grouplev``) whose correlation is above (``high``) or below
    (``low``; e.g. ``cor_thresh=0`` flags negative correlations) the threshold (COINr ``get_corr_flags``).

    Each pair appears once (upper triangle in data-column order). Columns Group, Ind1, Ind2, Corr.
    """
    if thresh_type not in ("high", "low"):
        raise UnknownMethodError("threshold type", thresh_type, ("high", "low"))
    if not -1.0 <= cor_thresh <= 1.0:
        raise ValidationError(f"cor_thresh {cor_thresh} is outside [-1, 1]", field="cor_thresh",
                              hint="give a correlation value")
    tree = Hierarchy.from_imeta(imeta)
    if not 2 <= grouplev <= tree.top_level:
        raise ValidationError(f"grouplev {grouplev} must lie between 2 and {tree.top_level}", field="grouplev",
                              hint="choose an aggregation level of the framework")
    ind = _level_data(data, tree, 1)
    r, _ = _method(method)(ind.to_numpy(dtype=float), ind.to_numpy(dtype=float))
    group = np.asarray([tree.ancestor_at(c, grouplev) for c in ind.columns], dtype=object)
    i, j = np.triu_indices(len(group), k=1)
    vals = r[i, j]
    keep = (group[i] == group[j]) & ~np.isnan(vals)
    keep &= (vals > cor_thresh) if thresh_type == "high" else (vals < cor_thresh)
    cols = np.asarray(ind.columns, dtype=object)
    corr = vals[keep] if roundto is None else np.round(vals[keep], roundto)
    return pd.DataFrame({"Group": group[i][keep], "Ind1": cols[i][keep], "Ind2": cols[j][keep], "Corr": corr})
