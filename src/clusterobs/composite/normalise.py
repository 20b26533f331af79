"""Normalisation: bring indicators onto a common scale, honouring each indicator's direction.

Level 1 kernels work on one array. Most take the direction-adjusted values (x · direction, as COINr does, so
−1 indicators are reversed before scaling); ``dist2targ`` and ``goalposts`` receive raw values and the
direction, because their targets are stated in the indicator's own units.
Level 2, :func:`normalise_table`, applies a method (with per-indicator overrides) to every column; passing
``by`` normalises within groups (e.g. per year), otherwise a long panel is normalised over all its rows
(panel mode: min and max over all years).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterobs.composite.framework import Framework
from clusterobs.composite.registry import Registry
from clusterobs.errors import ValidationError

Params = Mapping[str, object]


def _rank_min(a: np.ndarray) -> np.ndarray:
    return np.asarray(pd.Series(a).rank(method="min", na_option="keep"), dtype=float)


def minmax(x: object, l: float = 0.0, u: float = 100.0) -> np.ndarray:  # noqa: E741
    """y = (x − min x)/(max x − min x) · (u − l) + l."""
    a = np.asarray(x, dtype=float)
    if np.isnan(a).all():  # an indicator with no data stays missing (nanmin would warn)
        return a.copy()
    lo, hi = np.nanmin(a), np.nanmax(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray((a - lo) / (hi - lo) * (u - l) + l, dtype=float)


def zscore(x: object, m: float = 0.0, sd: float = 1.0) -> np.ndarray:
    """y = (x − mean x)/s_x · sd + m, with s_x the sample standard deviation (n − 1)."""
    a = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray((a - np.nanmean(a)) / np.nanstd(a, ddof=1) * sd + m, dtype=float)


def rank(x: object) -> np.ndarray:
    """y = rank of x, ascending, ties get the minimum rank (1 = lowest); NaN stays NaN."""
    return _rank_min(np.asarray(x, dtype=float))


def borda(x: object) -> np.ndarray:
    """Borda score: the number of units with a strictly lower value, y = rank_min(x) − 1."""
    return rank(x) - 1.0


def prank(x: object) -> np.ndarray:
    """Percentile rank: y = (rank_min(x) − 1)/(n − 1), n the number of available values."""
    a = np.asarray(x, dtype=float)
    return (rank(a) - 1.0) / (np.count_nonzero(~np.isnan(a)) - 1)


def fracmax(x: object) -> np.ndarray:
    """Fraction of the maximum: y = x / max x (R arithmetic: a zero maximum gives ±inf/NaN)."""
    a = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(a / np.nanmax(a), dtype=float)


def dist2max(x: object) -> np.ndarray:
    """Distance to the maximum: y = 1 − (max x − x)/(max x − min x)."""
    a = np.asarray(x, dtype=float)
    hi, lo = np.nanmax(a), np.nanmin(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(1.0 - (hi - a) / (hi - lo), dtype=float)


def dist2ref(x: object, ref: float, cap_max: bool = False) -> np.ndarray:
    """Distance to a reference value (e.g. a reference unit's value): y = x / x_ref, capped at 1 if asked."""
    a = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        y = a / ref
    return np.minimum(y, 1.0) if cap_max else y


def dist2targ(x: object, targ: float, direction: int = 1, cap_max: bool = False) -> np.ndarray:
    """Distance to target on raw values: direction 1: y = (x − min)/(targ − min); −1: y = (max − x)/(max − targ);
    capped at 1 (target reached) if asked."""
    a = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if direction == 1:
            lo = np.nanmin(a)
            y = (a - lo) / (targ - lo)
        else:
            hi = np.nanmax(a)
            y = (hi - a) / (hi - targ)
    return np.asarray(np.minimum(y, 1.0) if cap_max else y, dtype=float)


def goalposts(x: object, lower: float, upper: float, scale: float = 1.0, direction: int = 1,
              trunc: bool = True) -> np.ndarray:
    """Goalposts on raw values: direction 1: y = (x − L)/(U − L); −1: y = (x − U)/(L − U); truncated to [0, 1]
    if ``trunc``; times ``scale``."""
    a = np.asarray(x, dtype=float)
    y = (a - lower) / (upper - lower) if direction == 1 else (a - upper) / (lower - upper)
    if trunc:
        y = np.clip(y, 0.0, 1.0)
    return y * scale


@dataclass(frozen=True)
class NormMethod:
    """A registered method: its kernel, the parameters it accepts, and whether it takes raw values + direction."""

    fn: Callable[..., np.ndarray]
    params: tuple[str, ...]
    raw_with_direction: bool = False
    doc: str = field(default="")


NORMALISERS: Registry[NormMethod] = Registry("normalisation method")
for _n, _m in {
    "minmax": NormMethod(minmax, ("l", "u")),
    "zscore": NormMethod(zscore, ("m", "sd")),
    "rank": NormMethod(rank, ()),
    "borda": NormMethod(borda, ()),
    "prank": NormMethod(prank, ()),
    "fracmax": NormMethod(fracmax, ()),
    "dist2max": NormMethod(dist2max, ()),
    "dist2ref": NormMethod(dist2ref, ("ref_unit", "cap_max")),
    "dist2targ": NormMethod(dist2targ, ("targ", "cap_max"), raw_with_direction=True),
    "goalposts": NormMethod(goalposts, ("lower", "upper", "scale", "trunc"), raw_with_direction=True),
    "none": NormMethod(lambda x: np.asarray(x, dtype=float), ()),
}.items():
    NORMALISERS.add(_n, _m)


@dataclass(frozen=True)
class NormSpec:
    """A method name with its parameters (e.g. ``NormSpec("minmax", {"l": 0, "u": 100})``)."""

    method: str = "minmax"
    params: Mapping[str, object] = field(default_factory=dict)


def normalise_series(x: pd.Series, spec: NormSpec, *, direction: int = 1, target: float | None = None,
                     goalposts_: tuple[float, float] | None = None) -> np.ndarray:
    """Apply one method to one indicator (direction, target and goalposts from the framework unless given)."""
    m = NORMALISERS.get(spec.method)
    bad = sorted(set(spec.params) - set(m.params))
    if bad:
        raise ValidationError(f"normalisation '{spec.method}' does not take: " + ", ".join(bad),
                              hint="parameters: " + (", ".join(m.params) or "none"))
    p = dict(spec.params)
    a = x.to_numpy(dtype=float)
    if spec.method == "dist2ref":
        ref_unit = p.pop("ref_unit", None)
        if ref_unit not in x.index:
            raise ValidationError(f"dist2ref: reference unit {ref_unit!r} not among the units")
        adj = a * direction
        return dist2ref(adj, float(adj[list(x.index).index(ref_unit)]), bool(p.get("cap_max", False)))
    if spec.method == "dist2targ":
        targ = p.get("targ", target)
        if targ is None:
            raise ValidationError(f"dist2targ: no target for indicator {x.name}", hint="set Target in the framework")
        return dist2targ(a, float(str(targ)), direction, bool(p.get("cap_max", False)))
    if spec.method == "goalposts":
        lo, hi = p.get("lower"), p.get("upper")
        if lo is None or hi is None:
            if goalposts_ is None:
                raise ValidationError(f"goalposts: none given for indicator {x.name}",
                                      hint="set goalposts in the framework or lower/upper in the step")
            lo, hi = goalposts_
        return goalposts(a, float(str(lo)), float(str(hi)), float(str(p.get("scale", 1.0))), direction,
                         bool(p.get("trunc", True)))
    return m.fn(a * direction, **p)


def normalise_table(
    data: pd.DataFrame,
    spec: NormSpec = NormSpec(),
    *,
    framework: Framework | None = None,
    directions: Mapping[str, int] | None = None,
    overrides: Mapping[str, NormSpec] | None = None,
    by: pd.Series | None = None,
) -> pd.DataFrame:
    """Normalise every indicator column. Directions come from ``directions``, else the framework, else +1.

    ``by`` (aligned with the rows, e.g. the year of a long panel) normalises within each group; without it all
    rows are pooled, which is panel mode (min and max over all years).
    """
    out = pd.DataFrame(index=data.index)
    for code in data.columns:
        el = framework[code] if framework is not None and code in framework else None
        d = int((directions or {}).get(code, el.direction if el is not None else 1))
        s = (overrides or {}).get(code, spec)
        kw = {"direction": d, "target": el.target if el else None, "goalposts_": el.goalposts if el else None}
        if by is None:
            out[code] = normalise_series(data[code], s, **kw)  # type: ignore[arg-type]
        else:
            col = pd.Series(np.nan, index=data.index)
            for _, idx in data.groupby(by.reindex(data.index)).groups.items():
                col.loc[idx] = normalise_series(data.loc[idx, code], s, **kw)  # type: ignore[arg-type]
            out[code] = col
    return out


__all__ = ["NORMALISERS", "NormMethod", "NormSpec", "borda", "dist2max", "dist2ref", "dist2targ", "fracmax",
           "goalposts", "minmax", "normalise_series", "normalise_table", "prank", "rank", "zscore"]
