"""Rate clusters with a preset: stars (or flags) per region × category × year, each with its reason.

``map_clusters`` is the one-call pipeline (tidy table in, table out); ``rate`` works on already computed
:class:`~clusterobs.mapping.indicators.Indicators` so one indicator run can feed several presets.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterobs.errors import ClusterObsWarning
from clusterobs.mapping.criteria import CRITERIA, METRICS
from clusterobs.mapping.indicators import Indicators, indicators_from_panel
from clusterobs.mapping.panel import build_panel, missing_report, validate_input
from clusterobs.mapping.presets import Condition, Preset, builtin_preset

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass
class StarResult:
    """Which cells earn which star, and the thresholds they were compared with."""

    indicators: Indicators
    preset: Preset
    passed: dict[str, BoolArray]  # star name → (year, region, category)
    thresholds: dict[tuple[str, int], FloatArray]  # (star, condition) → (year, group, category)
    group_of: npt.NDArray[np.int64]  # region → level group

    def count(self) -> npt.NDArray[np.int64]:
        """Number of stars per cell."""
        total = np.zeros(self.indicators.panel.present.shape, dtype=np.int64)
        for arr in self.passed.values():
            total += arr
        return total

    def table(self, *, reasons: bool = True) -> pd.DataFrame:
        """The indicator table with the preset's columns (see :func:`map_clusters`)."""
        df = self.indicators.table()
        y, r, c = self.indicators.cells()
        prefix = "star_" if self.preset.scoring == "stars" else ""
        for name, arr in self.passed.items():
            df[prefix + name] = arr[y, r, c]
        if self.preset.scoring == "stars":
            n = self.count()[y, r, c]
            df["stars"] = n
            lut = np.array([self.preset.tiers.get(k, "") for k in range(len(self.passed) + 1)], dtype=object)
            df["tier"] = lut[n]
        if reasons:
            df["reasons"] = self._reasons(y, r, c)
        return df

    def _reasons(self, y: npt.NDArray[np.intp], r: npt.NDArray[np.intp],
                 c: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        texts = np.full(len(y), "", dtype=object)
        g = self.group_of[r]
        metrics = self.indicators.metrics
        for star in self.preset.active:
            hit = np.flatnonzero(self.passed[star.name][y, r, c])
            if hit.size == 0:
                continue
            parts: list[list[str]] = [[] for _ in hit]
            for k, cond in enumerate(star.all_of):
                x = metrics[cond.metric][y[hit], r[hit], c[hit]]
                thr = self.thresholds[(star.name, k)]
                t = thr[np.minimum(y[hit], thr.shape[0] - 1), np.minimum(g[hit], thr.shape[1] - 1),
                        np.minimum(c[hit], thr.shape[2] - 1)]
                extra = CRITERIA[cond.kind].describe(cond)
                op = "≥" if cond.op == ">=" else ">"
                label = METRICS[cond.metric]
                for i, (xv, tv) in enumerate(zip(x, t, strict=True)):
                    text = f"{label} {_fmt(cond, xv)} {op} {_fmt(cond, tv)}"
                    parts[i].append(text + (f" ({extra})" if extra else ""))
            for i, h in enumerate(hit):
                reason = f"{star.name}: " + " and ".join(parts[i])
                texts[h] = reason if not texts[h] else texts[h] + "; " + reason
        return texts


def _fmt(cond: Condition, v: float) -> str:
    m = cond.metric
    if m in ("lq", "lq_change"):
        return f"{v:.2f}"
    if m in ("size", "focus", "employment_cagr"):
        return f"{v:.2%}"
    if m in ("employment", "establishments"):
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
    return f"{v:,.2f}"


def rate(indicators: Indicators, preset: Preset) -> StarResult:
    """Evaluate every enabled star of ``preset`` on every level group; see the preset's description.

    Indicators computed on another LQ basis than the preset's are converted first (only the LQ changes).
    """
    indicators = indicators.with_lq_basis(preset.lq_basis)
    panel = indicators.panel
    shape = panel.present.shape
    n_groups = len(indicators.groups)
    group_of = np.zeros(len(panel.regions), dtype=np.int64)
    for gi, (_, idx) in enumerate(indicators.groups):
        group_of[idx] = gi
    rated = np.ones(shape[2], dtype=bool)
    if preset.applies_to == "traded" and panel.traded is not None:
        rated = panel.traded
    passed: dict[str, BoolArray] = {}
    thresholds: dict[tuple[str, int], FloatArray] = {}
    for star in preset.active:
        ok_all = np.zeros(shape, dtype=bool)
        for gi, (_, idx) in enumerate(indicators.groups):
            ok = np.ones((shape[0], len(idx), shape[2]), dtype=bool)
            for k, cond in enumerate(star.all_of):
                ok_k, thr = CRITERIA[cond.kind].evaluate(cond, indicators, gi)
                ok &= ok_k
                key = (star.name, k)
                if key not in thresholds:
                    thresholds[key] = np.full((thr.shape[0], n_groups, thr.shape[2]), np.nan)
                thresholds[key][:, gi, :] = thr[:, 0, :]
            ok_all[:, idx, :] = ok
        passed[star.name] = ok_all & rated[None, None, :] & panel.present
    return StarResult(indicators=indicators, preset=preset, passed=passed, thresholds=thresholds,
                      group_of=group_of)


def resolve_preset(preset: str | Preset) -> Preset:
    """A :class:`Preset` from itself or a built-in name (user files: :func:`clusterobs.mapping.io.read_preset`)."""
    return preset if isinstance(preset, Preset) else builtin_preset(preset)


def rate_data(
    data: pd.DataFrame,
    preset: str | Preset = "eco2007",
    *,
    reference: str | None = None,
    level: str | None = None,
    growth_period: int | None = None,
    validated: bool = False,
) -> StarResult:
    """Validate, compute the indicators the preset asks for (LQ basis) and rate."""
    p = resolve_preset(preset)
    table = data if validated else validate_input(data)
    panel = build_panel(table, reference=reference, level=level)
    if panel.traded is None and (p.lq_basis == "traded" or p.applies_to == "traded"):
        warnings.warn(f"preset {p.name} rates traded categories but the data has no 'traded' column; "
                      "every category is treated as traded", ClusterObsWarning, stacklevel=2)
        panel = dataclasses.replace(panel, traded=np.ones(len(panel.categories), dtype=bool))
    ind = indicators_from_panel(panel, lq_basis=p.lq_basis, growth_period=growth_period,
                                missing=missing_report(table))
    return rate(ind, p)


def map_clusters(
    data: pd.DataFrame,
    preset: str | Preset = "eco2007",
    *,
    reference: str | None = None,
    level: str | None = None,
    growth_period: int | None = None,
    reasons: bool = True,
) -> pd.DataFrame:
    """One row per region × category × year: indicators, the preset's stars or flags, and reasons.

    Star presets add ``star_<name>`` columns, ``stars`` (count) and ``tier``; flag presets (``uscmp``) add
    one boolean column per flag (``strong``, ``strong10``). ``reasons`` reads e.g.
    ``"specialisation: LQ 2.41 ≥ 2.00; size: employment 5,100 ≥ 4,830.5 (90th percentile)"``.
    """
    result = rate_data(data, preset, reference=reference, level=level, growth_period=growth_period)
    return result.table(reasons=reasons)


__all__ = ["StarResult", "map_clusters", "rate", "rate_data", "resolve_preset"]
