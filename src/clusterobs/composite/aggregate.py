"""Aggregation through the hierarchy: weighted means over the available children, and Copeland.

Kernels take a units × children matrix ``X`` and weights ``w``; missing children are skipped and the weights of
the available ones renormalised, so scaling all weights by a constant never changes a result. A unit whose
share of available children is below ``dat_thresh`` gets NaN for that aggregate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterobs.composite.framework import Framework
from clusterobs.composite.registry import Registry
from clusterobs.errors import ValidationError

Matrix = np.ndarray


def _prep(X: object, w: object) -> tuple[Matrix, Matrix]:
    a = np.atleast_2d(np.asarray(X, dtype=float))
    wv = np.broadcast_to(np.asarray(w, dtype=float), a.shape)
    wa = np.where(np.isnan(a), 0.0, wv)
    return a, wa


def _finish(num: Matrix, wsum: Matrix) -> Matrix:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(wsum > 0, num / wsum, np.nan)


def amean(X: object, w: object) -> Matrix:
    """Weighted arithmetic mean per row: y = Σ w_k x_k / Σ w_k over the available x_k."""
    a, wa = _prep(X, w)
    return _finish(np.nansum(a * wa, axis=1), wa.sum(axis=1))


def gmean(X: object, w: object) -> Matrix:
    """Weighted geometric mean per row: y = exp(Σ w_k ln x_k / Σ w_k); needs x > 0."""
    a, wa = _prep(X, w)
    if np.nanmin(a) <= 0:
        raise ValidationError("geometric mean needs strictly positive values",
                              hint="normalise to a positive range first, e.g. minmax with l=1, u=100")
    return np.asarray(np.exp(_finish(np.nansum(np.log(a) * wa, axis=1), wa.sum(axis=1))), dtype=float)


def hmean(X: object, w: object) -> Matrix:
    """Weighted harmonic mean per row: y = Σ w_k / Σ (w_k / x_k); needs x > 0."""
    a, wa = _prep(X, w)
    if np.nanmin(a) <= 0:
        raise ValidationError("harmonic mean needs strictly positive values")
    with np.errstate(divide="ignore", invalid="ignore"):
        den = np.nansum(wa / a, axis=1)
    return _finish(wa.sum(axis=1), den)


def genmean(X: object, w: object, p: float = 2.0) -> Matrix:
    """Weighted generalised (power) mean per row: y = (Σ w_k x_k^p / Σ w_k)^{1/p}; p = 0 is the geometric mean."""
    if p == 0:
        return gmean(X, w)
    a, wa = _prep(X, w)
    if p < 0 and np.nanmin(a) <= 0:
        raise ValidationError("generalised mean with p < 0 needs strictly positive values")
    return _finish(np.nansum(a**p * wa, axis=1), wa.sum(axis=1)) ** (1.0 / p)


def _ld_sum(values: Matrix) -> Matrix:
    """Row sums accumulated in extended precision, then rounded to double — how R's ``sum()`` adds."""
    return np.asarray(np.sum(values.astype(np.longdouble), axis=-1), dtype=float)


def copeland(X: object, w: object) -> Matrix:
    """Copeland score per row (unit) over all pairs, as COINr's ``a_copeland``.

    Weights are rescaled to sum to 1. For units i < j the outranking value is
    o_ij = Σ_k w_k [x_ik > x_jk] + ½ Σ_k w_k [x_ik = x_jk] over the indicators both have, and o_ji = 1 − o_ij.
    A pair scores +1 to i if o_ij > ½, −1 if o_ij < ½, 0 if o_ij = ½; Score_i is the row sum, in [−(n−1), n−1].

    The sums are taken in floating point exactly as COINr does (extended-precision accumulation, o_ji derived
    from o_ij): with equal weights, a pair whose votes tie can land a rounding error below ½ for the first unit
    while 1 − o_ij rounds back to exactly ½ for the second, and COINr's published scores carry that asymmetry.
    """
    a = np.atleast_2d(np.asarray(X, dtype=float))
    wv = np.broadcast_to(np.asarray(w, dtype=float), a.shape)[0] if np.ndim(np.asarray(w)) <= 1 \
        else np.asarray(w, dtype=float)[0]
    wn = wv / float(_ld_sum(wv[None, :])[0])
    n = a.shape[0]
    orm = np.zeros((n, n))
    for i in range(n - 1):
        xi, xj = a[i][None, :], a[i + 1:]
        both = ~np.isnan(xi) & ~np.isnan(xj)
        gt = _ld_sum(np.where((xi > xj) & both, wn, 0.0))
        eq = _ld_sum(np.where((xi == xj) & both, wn, 0.0)) / 2
        o = np.asarray(gt.astype(np.longdouble) + eq.astype(np.longdouble), dtype=float)
        orm[i, i + 1:] = o
        orm[i + 1:, i] = 1.0 - o
    score = np.where(orm > 0.5, 1.0, np.where(orm < 0.5, -1.0, 0.0))
    np.fill_diagonal(score, 0.0)
    return np.asarray(score.sum(axis=1), dtype=float)


AggFn = Callable[..., Matrix]
AGGREGATORS: Registry[AggFn] = Registry("aggregation method")
for _n, _f in {"amean": amean, "gmean": gmean, "hmean": hmean, "genmean": genmean, "copeland": copeland}.items():
    AGGREGATORS.add(_n, _f)


@dataclass(frozen=True)
class AggSpec:
    """A method and its parameters (``genmean`` takes ``p``)."""

    method: str = "amean"
    params: Mapping[str, float] = field(default_factory=dict)


def aggregate_group(
    X: pd.DataFrame, w: pd.Series, spec: AggSpec = AggSpec(), *, dat_thresh: float | None = None
) -> pd.Series:
    """Aggregate the columns of ``X`` (one group's children) into one series, with the availability rule."""
    fn = AGGREGATORS.get(spec.method)
    y = fn(X.to_numpy(dtype=float), w.reindex(X.columns).to_numpy(dtype=float), **spec.params)
    if dat_thresh is not None:
        avail = X.notna().mean(axis=1).to_numpy()
        y = np.where(avail < dat_thresh, np.nan, y)
    return pd.Series(y, index=X.index, dtype=float)


def aggregate_table(
    data: pd.DataFrame,
    framework: Framework,
    spec: AggSpec = AggSpec(),
    *,
    weights: pd.Series | None = None,
    by_level: Mapping[int, AggSpec] | None = None,
    dat_thresh: float | None = None,
) -> pd.DataFrame:
    """Aggregate level by level up to the index; returns the indicators followed by every aggregate column.

    ``weights`` (code → weight, all levels; default the framework's) weight each child within its parent.
    ``by_level`` picks a method for the aggregates of a level (2 = the first aggregates).
    """
    w = framework.weights() if weights is None else weights.reindex(framework.codes).fillna(framework.weights())
    out = data[framework.indicators].copy()
    for level in range(2, framework.max_level + 1):
        s = (by_level or {}).get(level, spec)
        new = {}
        for code in framework.codes_at(level):
            kids = framework.children(code)
            new[code] = aggregate_group(out[kids], w[kids], s, dat_thresh=dat_thresh)
        out = pd.concat([out, pd.DataFrame(new, index=out.index)], axis=1)
    return out


__all__ = ["AGGREGATORS", "AggSpec", "aggregate_group", "aggregate_table", "amean", "copeland", "genmean", "gmean",
           "hmean"]
