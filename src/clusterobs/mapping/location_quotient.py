"""Kernels on region × category employment matrices: location quotient (RCA), size, focus, growth.

Arrays are shaped ``(..., region, category)`` (a leading year axis is fine). NaN marks a missing cell; totals
skip missing cells (they are excluded, never read as zero), and any ratio with a missing or zero
denominator is NaN.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def _div(num: FloatArray, den: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(num / den, dtype=np.float64)
    return np.where(np.isfinite(out), out, np.nan)


def location_quotient(
    emp: FloatArray,
    *,
    region_totals: FloatArray | None = None,
    category_totals: FloatArray | None = None,
    total: FloatArray | float | None = None,
) -> FloatArray:
    """Location quotient (Balassa's revealed comparative advantage).

        LQ_rc = (E_rc / E_r) / (E_c / E)

    E_r is the region's employment (``region_totals``, shape ``(..., region, 1)``; default: the row sums),
    E_c the reference area's employment in c (``category_totals``, ``(..., 1, category)``; default: the
    column sums) and E the reference area's total (default: the sum of ``category_totals``). Pass the
    traded totals as E_r and E to get the US CMP traded-employment LQ.

    >>> import numpy as np
    >>> location_quotient(np.array([[2.0, 2.0], [0.0, 4.0]])).round(3).tolist()
    [[2.0, 0.667], [0.0, 1.333]]
    """
    e = np.asarray(emp, dtype=np.float64)
    e_r = np.nansum(e, axis=-1, keepdims=True) if region_totals is None else region_totals
    e_c = np.nansum(e, axis=-2, keepdims=True) if category_totals is None else category_totals
    e_all = np.nansum(e_c, axis=-1, keepdims=True) if total is None else total
    return _div(_div(e, e_r), _div(np.asarray(e_c, dtype=np.float64), np.asarray(e_all, dtype=np.float64)))


def size_share(emp: FloatArray, category_totals: FloatArray | None = None) -> FloatArray:
    """Size: the region's share of the reference area's employment in the category, ``E_rc / E_c``.

    >>> import numpy as np
    >>> size_share(np.array([[1.0], [3.0]])).tolist()
    [[0.25], [0.75]]
    """
    e = np.asarray(emp, dtype=np.float64)
    e_c = np.nansum(e, axis=-2, keepdims=True) if category_totals is None else category_totals
    return _div(e, e_c)


def focus_share(emp: FloatArray, region_totals: FloatArray | None = None) -> FloatArray:
    """Focus: the category's share of the region's employment, ``E_rc / E_r``.

    >>> import numpy as np
    >>> focus_share(np.array([[1.0, 3.0]])).tolist()
    [[0.25, 0.75]]
    """
    e = np.asarray(emp, dtype=np.float64)
    e_r = np.nansum(e, axis=-1, keepdims=True) if region_totals is None else region_totals
    return _div(e, e_r)


def ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    """Per-person measures such as average wage ``W_rc / E_rc`` or productivity ``VA_rc / E_rc``.

    NaN where the denominator is 0 or missing.
    """
    return _div(np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64))


def cagr(start: FloatArray, end: FloatArray, years: float) -> FloatArray:
    """Compound annual growth rate ``(E_end / E_start)^(1/years) − 1``; NaN when E_start is 0 or missing.

    >>> import numpy as np
    >>> round(float(cagr(np.array(100.0), np.array(121.0), 2)), 12)
    0.1
    """
    if years <= 0:
        raise ValueError(f"growth period must be positive, got {years}")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.power(_div(end, start), 1.0 / years) - 1.0
    return np.asarray(out, dtype=np.float64)


#: RCA is the same quantity under its economic-complexity name.
rca = location_quotient

__all__ = ["cagr", "focus_share", "location_quotient", "ratio", "rca", "size_share"]
