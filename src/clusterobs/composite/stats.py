"""Descriptive statistics per indicator and data availability per unit (COINr's ``get_stats``/``get_data_avail``).

Skewness and kurtosis are the sample estimators G1 and G2 ("type 2" in R's e1071, also SAS/SPSS), because those
are what COINr's outlier rule tests; the treatment step uses the same kernels so that flags and treatment agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterobs.composite.framework import Framework

FloatArray = np.ndarray


def _clean(x: object) -> FloatArray:
    a = np.asarray(x, dtype=float)
    return np.asarray(a[~np.isnan(a)], dtype=float)


def skew(x: object) -> float:
    """Sample skewness G1 (NaNs dropped).

    g1 = m3 / m2^{3/2} with central moments m_k = mean((x - x̄)^k); G1 = g1 · √(n(n−1)) / (n−2).
    NaN for n < 3 or zero variance.
    """
    a = _clean(x)
    n = a.size
    if n < 3:
        return float("nan")
    d = a - a.mean()
    m2 = float(np.mean(d**2))
    if m2 == 0:
        return float("nan")
    g1 = float(np.mean(d**3)) / m2**1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurt(x: object) -> float:
    """Sample excess kurtosis G2 (NaNs dropped).

    g2 = m4 / m2² − 3; G2 = ((n+1)·g2 + 6) · (n−1) / ((n−2)(n−3)). NaN for n < 4 or zero variance.
    """
    a = _clean(x)
    n = a.size
    if n < 4:
        return float("nan")
    d = a - a.mean()
    m2 = float(np.mean(d**2))
    if m2 == 0:
        return float("nan")
    g2 = float(np.mean(d**4)) / m2**2 - 3.0
    return ((n + 1) * g2 + 6.0) * (n - 1) / ((n - 2) * (n - 3))


def skew_kurt_pass(x: object, *, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> bool:
    """COINr's ``check_SkewKurt``: passes unless |G1| > skew_thresh and G2 > kurt_thresh both hold.

    (Stated as: pass if |G1| < skew_thresh or G2 < kurt_thresh; equality counts as failing each test, so the
    two forms agree except exactly on a threshold.)
    """
    s, k = skew(x), kurt(x)
    return bool(abs(s) < skew_thresh or k < kurt_thresh)


def indicator_stats(
    data: pd.DataFrame,
    *,
    t_avail: float = 0.65,
    t_zero: float = 0.5,
    t_unq: float = 0.5,
    t_skew: float = 2.0,
    t_kurt: float = 3.5,
) -> pd.DataFrame:
    """One row per indicator column: COINr's ``get_stats`` table (unrounded).

    Columns: Min, Max, Mean, Median, Std (n−1), Skew (G1), Kurt (G2), N.Avail, N.NonZero, N.Unique, N.Same
    (frequency of the most common value), Frc.* (each over the available values, Frc.Avail over all units),
    Flag.Avail / Flag.NonZero / Flag.Unique ("LOW" below t_avail / t_zero / t_unq) and Flag.SkewKurt ("OUT" if
    |skew| > t_skew and kurt > t_kurt), else "ok".
    """
    rows = []
    n_units = len(data)
    for code in data.columns:
        a = _clean(data[code])
        n = a.size
        vals, counts = np.unique(a, return_counts=True)
        nonzero = int(np.count_nonzero(a))
        sk, ku = skew(a), kurt(a)
        rows.append({
            "iCode": code,
            "Min": a.min() if n else np.nan, "Max": a.max() if n else np.nan,
            "Mean": a.mean() if n else np.nan, "Median": float(np.median(a)) if n else np.nan,
            "Std": a.std(ddof=1) if n > 1 else np.nan, "Skew": sk, "Kurt": ku,
            "N.Avail": n, "N.NonZero": nonzero, "N.Unique": len(vals), "N.Same": int(counts.max()) if n else 0,
            "Frc.Avail": n / n_units if n_units else np.nan,
            "Frc.NonZero": nonzero / n if n else np.nan,
            "Frc.Unique": len(vals) / n if n else np.nan,
            "Frc.Same": counts.max() / n if n else np.nan,
        })
    out = pd.DataFrame(rows).set_index("iCode")
    out["Flag.Avail"] = np.where(out["Frc.Avail"] < t_avail, "LOW", "ok")
    out["Flag.NonZero"] = np.where(out["Frc.NonZero"] < t_zero, "LOW", "ok")
    out["Flag.Unique"] = np.where(out["Frc.Unique"] < t_unq, "LOW", "ok")
    out["Flag.SkewKurt"] = np.where((out["Skew"].abs() > t_skew) & (out["Kurt"] > t_kurt), "OUT", "ok")
    return out


def unit_availability(data: pd.DataFrame) -> pd.DataFrame:
    """Per unit: N.Avail, Dat_Avail (share of indicators present) and Frc.NonZero (share of present ≠ 0)."""
    present = data.notna()
    n_avail = present.sum(axis=1)
    nonzero = (data.fillna(0) != 0).sum(axis=1)
    return pd.DataFrame({
        "N.Avail": n_avail,
        "Dat_Avail": n_avail / data.shape[1],
        "Frc.NonZero": (nonzero / n_avail.where(n_avail > 0)).astype(float),
    })


def group_availability(data: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Mean data availability of the units in each group (rows: group values; columns as unit_availability)."""
    return unit_availability(data).groupby(groups).mean()


def level_availability(data: pd.DataFrame, framework: Framework, level: int) -> pd.DataFrame:
    """Per unit, the share of indicators available under each element at ``level``."""
    cols = {}
    for code in framework.codes_at(level):
        leaves = [c for c in framework.leaves_under(code) if c in data.columns]
        cols[code] = data[leaves].notna().mean(axis=1)
    return pd.DataFrame(cols, index=data.index)


__all__ = ["group_availability", "indicator_stats", "kurt", "level_availability", "skew", "skew_kurt_pass",
           "unit_availability"]
