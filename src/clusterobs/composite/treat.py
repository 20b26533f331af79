"""Outlier treatment, by default exactly as COINr's ``Treat``.

Default rule per indicator: it passes if |G1| < 2 or G2 < 3.5 (:func:`~clusterobs.composite.stats.skew_kurt_pass`).
Otherwise winsorise iteratively, at most ``winmax`` times, on the side of the skew sign (the current maximum if
G1 ≥ 0, else the minimum), replacing the extreme value and all its ties with the next value, until it passes.
If it still fails, the *original* values get ln(x − min + 0.01·(max − min)) instead. Every indicator gets a row
in the details table saying what was done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterobs.composite.registry import Registry
from clusterobs.composite.stats import kurt, skew, skew_kurt_pass


@dataclass(frozen=True)
class WinsoriseResult:
    """Winsorised values, how many winsorisation steps were taken, which positions changed, and the final check."""

    x: np.ndarray
    nwin: int
    points: tuple[int, ...]
    passed: bool


def winsorise(
    x: object, *, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5, force_win: bool = False
) -> WinsoriseResult:
    """Iterative one-sided winsorisation.

    Step: if G1(x) ≥ 0, every x_i equal to max(x) becomes the largest remaining value; else every x_i equal to
    min(x) becomes the smallest remaining value. Steps repeat while the skew/kurtosis check fails (or, with
    ``force_win``, exactly ``winmax`` times), at most ``winmax`` times. NaNs are ignored and kept.
    """
    a = np.array(x, dtype=float, copy=True)
    ok = ~np.isnan(a)
    points: list[int] = []
    steps = 0
    passed = skew_kurt_pass(a, skew_thresh=skew_thresh, kurt_thresh=kurt_thresh)
    while steps < winmax and (force_win or not passed):
        vals = a[ok]
        if np.unique(vals).size < 2:
            break
        if skew(vals) >= 0:
            ext = vals.max()
            hit = ok & (a == ext)
            a[hit] = a[ok & ~hit].max()
        else:
            ext = vals.min()
            hit = ok & (a == ext)
            a[hit] = a[ok & ~hit].min()
        points.extend(int(i) for i in np.flatnonzero(hit) if int(i) not in points)
        steps += 1
        passed = skew_kurt_pass(a, skew_thresh=skew_thresh, kurt_thresh=kurt_thresh)
    return WinsoriseResult(a, steps, tuple(points), passed)


def log_ct(x: object) -> np.ndarray:
    """ln(x − min(x) + 0.01·(max(x) − min(x))): a log that accepts zeros and negatives (min/max over non-NaN)."""
    a = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(a), np.nanmax(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(a - lo + 0.01 * (hi - lo)), dtype=float)


def log_plain(x: object) -> np.ndarray:
    """ln(x); values ≤ 0 give NaN/−inf, so use it only on strictly positive data."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(np.asarray(x, dtype=float)), dtype=float)


def log_plus1(x: object) -> np.ndarray:
    """ln(x + 1), for non-negative counts."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log1p(np.asarray(x, dtype=float)), dtype=float)


def boxcox(x: object, lmbda: float = 0.5) -> np.ndarray:
    """Box-Cox: (x^λ − 1)/λ, or ln(x) for λ = 0 (x > 0)."""
    a = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(a) if lmbda == 0 else (a**lmbda - 1.0) / lmbda


#: Fallback transforms, applied to the original values when winsorisation does not pass.
TRANSFORMS: Registry[Callable[[np.ndarray], np.ndarray]] = Registry("treatment transform")
TRANSFORMS.add("log_ct", log_ct)
TRANSFORMS.add("log", log_plain)
TRANSFORMS.add("log_plus1", log_plus1)
TRANSFORMS.add("boxcox", boxcox)


@dataclass(frozen=True)
class TreatParams:
    """How one indicator is treated. ``method``: ``default`` (check → winsorise → ``fallback`` transform),
    ``winsorise`` (no fallback), ``none``, or a transform name applied outright (``log_ct``, ``log``,
    ``log_plus1``, ``boxcox``)."""

    method: str = "default"
    winmax: int = 5
    skew_thresh: float = 2.0
    kurt_thresh: float = 3.5
    force_win: bool = False
    fallback: str = "log_ct"
    boxcox_lambda: float = 0.5


TREAT_METHODS = ("default", "winsorise", "none", *TRANSFORMS.names())


def _transform(name: str, a: np.ndarray, p: TreatParams) -> np.ndarray:
    if name == "boxcox":
        return boxcox(a, p.boxcox_lambda)
    return TRANSFORMS.get(name)(a)


def treat_series(x: object, p: TreatParams = TreatParams()) -> tuple[np.ndarray, dict[str, object]]:
    """Treat one indicator; returns (values, details) with COINr's detail fields plus ``Treatment``."""
    a = np.asarray(x, dtype=float)
    s0, k0 = skew(a), kurt(a)
    pass0 = skew_kurt_pass(a, skew_thresh=p.skew_thresh, kurt_thresh=p.kurt_thresh)
    det: dict[str, object] = {"check_SkewKurt0.Pass": pass0, "check_SkewKurt0.Skew": s0, "check_SkewKurt0.Kurt": k0,
                              "winsorise.nwin": np.nan, "check_SkewKurt1.Pass": pd.NA, "check_SkewKurt1.Skew": np.nan,
                              "check_SkewKurt1.Kurt": np.nan, "check_SkewKurt2.Pass": pd.NA,
                              "check_SkewKurt2.Skew": np.nan, "check_SkewKurt2.Kurt": np.nan, "Treatment": "none"}
    if p.method == "none":
        return a.copy(), det
    if p.method not in ("default", "winsorise"):
        if p.method not in TRANSFORMS:
            TRANSFORMS.get(p.method)
        out = _transform(p.method, a, p)
        det.update({"check_SkewKurt2.Pass": skew_kurt_pass(out, skew_thresh=p.skew_thresh,
                                                            kurt_thresh=p.kurt_thresh),
                    "check_SkewKurt2.Skew": skew(out), "check_SkewKurt2.Kurt": kurt(out), "Treatment": p.method})
        return out, det
    if pass0 and not p.force_win:
        return a.copy(), det
    w = winsorise(a, winmax=p.winmax, skew_thresh=p.skew_thresh, kurt_thresh=p.kurt_thresh, force_win=p.force_win)
    det.update({"winsorise.nwin": float(len(w.points)), "check_SkewKurt1.Pass": w.passed,
                "check_SkewKurt1.Skew": skew(w.x), "check_SkewKurt1.Kurt": kurt(w.x),
                "Treatment": f"winsorised {len(w.points)} point(s)"})
    if w.passed or p.method == "winsorise":
        return w.x, det
    out = _transform(p.fallback, a, p)
    det.update({"check_SkewKurt2.Pass": skew_kurt_pass(out, skew_thresh=p.skew_thresh, kurt_thresh=p.kurt_thresh),
                "check_SkewKurt2.Skew": skew(out), "check_SkewKurt2.Kurt": kurt(out), "Treatment": p.fallback})
    return out, det


def treat_table(
    data: pd.DataFrame,
    params: TreatParams = TreatParams(),
    *,
    overrides: Mapping[str, TreatParams] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Treat every column (``overrides`` per indicator); returns (treated table, details indexed by iCode)."""
    out = data.copy()
    rows = {}
    for code in data.columns:
        vals, det = treat_series(data[code].to_numpy(), (overrides or {}).get(code, params))
        out[code] = vals
        rows[code] = det
    details = pd.DataFrame.from_dict(rows, orient="index")
    details.index.name = "iCode"
    return out, details


__all__ = ["TRANSFORMS", "TREAT_METHODS", "TreatParams", "WinsoriseResult", "boxcox", "log_ct", "log_plain",
           "log_plus1", "treat_series", "treat_table", "winsorise"]
