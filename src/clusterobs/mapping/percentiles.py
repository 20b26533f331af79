"""Order statistics among regions, per category: quantiles, threshold tests, percentile ranks, ranks.

All kernels work along the *regions* axis (``axis=-2``) of an array shaped ``(..., region, category)``
and ignore NaN cells, which is how a region is left out of a category's population (missing value, or
``E_rc = 0`` when a preset counts only regions active in the category).

Quantiles use linear interpolation between order statistics, the method of the US Cluster Mapping
Project and numpy's default: with the ``n`` valid values sorted as ``x_(0) ≤ … ≤ x_(n−1)``,

    q(p) = x_(⌊h⌋) + (h − ⌊h⌋)·(x_(⌊h⌋+1) − x_(⌊h⌋)),   h = (n − 1)·p.

Threshold tests are decided on order statistics rather than on the interpolated value, because they do
not move when all values are scaled and suffer no rounding: every value lies at or outside the interval
between the two order statistics around q(p), so for a value x of the population

    x ≥ q(p)  ⇔  x ≥ x_(⌈h⌉),        x > q(p)  ⇔  x > x_(⌊h⌋).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Slack on (n − 1)·p so that e.g. 10 × 0.9 = 9.000000000000002 is read as position 9.
_EPS = 1e-9


@dataclass(frozen=True)
class Sorted:
    """A population sorted along regions, kept as ``(..., category, region)`` (NaN last), and its size."""

    values: FloatArray  # the population, (..., region, category), NaN = not in it
    sorted: FloatArray  # (..., category, region)
    n: IntArray  # (..., category, 1)


def sort_regions(values: FloatArray) -> Sorted:
    """Sort each category's values over regions (one contiguous sort; NaN cells go last)."""
    v = np.asarray(values, dtype=np.float64)
    s = np.sort(np.swapaxes(v, -1, -2), axis=-1)
    n = np.count_nonzero(~np.isnan(s), axis=-1, keepdims=True).astype(np.int64)
    return Sorted(values=v, sorted=s, n=n)


def _stat(s: Sorted, k: IntArray) -> FloatArray:
    """Order statistic x_(k) per category as ``(..., 1, category)``; NaN where n = 0."""
    k = np.clip(k, 0, np.maximum(s.n - 1, 0))
    x = np.take_along_axis(s.sorted, k, axis=-1)
    return np.swapaxes(np.where(s.n > 0, x, np.nan), -1, -2)


def quantile(s: Sorted, p: float) -> FloatArray:
    """Linear-interpolation quantile ``q(p)`` per category, shape ``(..., 1, category)``; NaN when n = 0.

    >>> import numpy as np
    >>> float(quantile(sort_regions(np.array([[1.0], [2.0], [4.0], [np.nan]])), 0.75)[0, 0])
    3.0
    """
    h = (s.n - 1) * p
    lo = np.floor(h + _EPS).astype(np.int64)
    frac = np.swapaxes(np.clip(h - lo, 0.0, None), -1, -2)
    x_lo = _stat(s, lo)
    x_hi = _stat(s, lo + 1)
    with np.errstate(invalid="ignore"):
        return np.where(frac > 0, x_lo + frac * (x_hi - x_lo), x_lo)


def at_least_quantile(s: Sorted, p: float) -> BoolArray:
    """``x ≥ q(p)`` for every cell of the population (False outside it): ``x ≥ x_(⌈h⌉)``."""
    k = np.ceil((s.n - 1) * p - _EPS).astype(np.int64)
    with np.errstate(invalid="ignore"):
        return np.asarray(s.values >= _stat(s, k))


def above_quantile(s: Sorted, p: float) -> BoolArray:
    """``x > q(p)`` for every cell of the population (False outside it): ``x > x_(⌊h⌋)``."""
    k = np.floor((s.n - 1) * p + _EPS).astype(np.int64)
    with np.errstate(invalid="ignore"):
        return np.asarray(s.values > _stat(s, k))


def last_position(values: FloatArray) -> tuple[IntArray, IntArray]:
    """For each cell, the last 0-based position of its value among the sorted valid values of its
    category (``k_max``), and the number of valid values ``n`` as ``(..., 1, category)``.

    One contiguous argsort over ``(category, region)`` rows; tie groups found on the flat sorted array.
    """
    v = np.asarray(values, dtype=np.float64)
    n_r = v.shape[-2]
    flat = np.ascontiguousarray(np.swapaxes(v, -1, -2)).reshape(-1, n_r)
    rows = flat.shape[0]
    idx = np.argsort(flat, axis=1)
    row_start = np.arange(rows, dtype=np.int64) * n_r
    gidx = (idx + row_start[:, None]).ravel()
    s = flat.ravel()[gidx].reshape(rows, n_r)
    ends = np.ones(s.shape, dtype=bool)
    np.not_equal(s[:, :-1], s[:, 1:], out=ends[:, :-1])  # NaN != NaN: each NaN ends its own group
    end_pos = np.flatnonzero(ends.ravel())
    group = np.cumsum(ends.ravel()) - ends.ravel()  # group index of each sorted cell
    k_max = np.empty(rows * n_r, dtype=np.int64)
    k_max[gidx] = end_pos[group] - np.repeat(row_start, n_r)
    shape = np.swapaxes(v, -1, -2).shape
    n = np.count_nonzero(~np.isnan(v), axis=-2, keepdims=True).astype(np.int64)
    return np.swapaxes(k_max.reshape(shape), -1, -2), n


def rank_and_percentile(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Both :func:`rank_descending` and :func:`percentile_rank` from one sort."""
    k_max, n = last_position(values)
    missing = np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        pr = np.where(n > 1, k_max / np.maximum(n - 1, 1), 1.0)
    return (np.where(missing, np.nan, (n - k_max).astype(np.float64)), np.where(missing, np.nan, pr))


def percentile_rank(values: FloatArray) -> FloatArray:
    """Largest p with ``x ≥ q(p)``: ``k_max / (n − 1)`` (1 when n = 1); NaN outside the population.

    So "percentile ≥ 0.9" means "in the top 10 % of regions" in exactly the sense of ``at_least_quantile``.

    >>> import numpy as np
    >>> percentile_rank(np.array([[1.0], [3.0], [3.0], [np.nan]])).ravel().tolist()
    [0.0, 1.0, 1.0, nan]
    """
    k_max, n = last_position(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        pr = np.where(n > 1, k_max / np.maximum(n - 1, 1), 1.0)
    return np.where(np.isnan(values), np.nan, pr)


def rank_descending(values: FloatArray) -> FloatArray:
    """Competition rank, 1 = largest: ``1 + #(values > x) = n − k_max``; NaN outside the population.

    >>> import numpy as np
    >>> rank_descending(np.array([[1.0], [3.0], [3.0], [np.nan]])).ravel().tolist()
    [3.0, 1.0, 1.0, nan]
    """
    k_max, n = last_position(values)
    return np.where(np.isnan(values), np.nan, (n - k_max).astype(np.float64))


__all__ = ["Sorted", "above_quantile", "at_least_quantile", "last_position", "percentile_rank", "quantile",
           "rank_and_percentile", "rank_descending", "sort_regions"]
