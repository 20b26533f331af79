"""Structural indicators for every region × category × year: the table wrapper around the kernels.

The reference area gives E_c and E in the location quotient. By default it is the sum of the regions *of
the same level* in the data (so mixing NUTS 1 and NUTS 2 rows never double counts); alternatively a unit
of the data (``EU27_2020``, a country, a national total row), because published totals often include units
missing from the regional breakdown. A reference unit is never itself a region: it is neither ranked nor
part of any percentile.

Columns of :meth:`Indicators.table`:

=================  ===================================================================================
employment …       the measures as given (NaN = missing/confidential)
avg_wage           W_rc / E_rc
productivity       VA_rc / E_rc when value added is given, else W_rc / E_rc (see ``productivity_basis``)
lq                 (E_rc / E_r) / (E_c / E); E_r and E are the region's and the reference area's total
                   employment: the ``region_employment`` column when given (needed for overlapping
                   categories such as the emerging industries), else the sums of the categories; for
                   traded categories with ``lq_basis="traded"`` they are the traded employment
size               E_rc / E_c
focus              E_rc / E_r (E_r as for the LQ's total basis)
employment_cagr    (E_rc,t / E_rc,t−k)^(1/k) − 1 over the growth period k
lq_change          LQ_t − LQ_t−k
rank, percentile   of E_rc among the regions of the same level with E_rc > 0 (rank 1 = largest;
                   percentile k_max/(n−1), see :mod:`~clusterobs.mapping.percentiles`)
lq_rank, lq_percentile   the same for the LQ
=================  ===================================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.mapping import location_quotient as lqk
from clusterobs.mapping import percentiles as pct
from clusterobs.mapping.panel import Panel, build_panel, missing_report, validate_input

FloatArray = npt.NDArray[np.float64]
LqBasis = Literal["total", "traded"]

RANKS = ("rank", "percentile", "lq_rank", "lq_percentile")
DERIVED = ("avg_wage", "productivity", "lq", "size", "focus", "employment_cagr", "lq_change",
           "rank", "percentile", "lq_rank", "lq_percentile")


@dataclass
class Indicators:
    """Indicator arrays shaped ``(year, region, category)`` plus what is needed to tabulate them."""

    panel: Panel
    metrics: dict[str, FloatArray]
    groups: list[tuple[str, npt.NDArray[np.int64]]]
    missing: pd.DataFrame
    lq_basis: LqBasis
    productivity_basis: str
    growth_period: int | None
    _sorted: dict[tuple[str, str], pct.Sorted] = field(default_factory=dict, repr=False)

    def population(self, metric: str, group: int) -> FloatArray:
        """The metric for one level group, NaN outside the population (E_rc > 0 and value not missing)."""
        _, idx = self.groups[group]
        e = self.metrics["employment"][:, idx, :]
        m = self.metrics[metric][:, idx, :]
        return np.where((e > 0) & ~np.isnan(m), m, np.nan)

    def sorted(self, metric: str, group: int) -> pct.Sorted:
        """The metric's population in one level group, sorted along regions (cached: presets share it)."""
        key = (metric, self.groups[group][0])
        if key not in self._sorted:
            self._sorted[key] = pct.sort_regions(self.population(metric, group))
        return self._sorted[key]

    def with_lq_basis(self, lq_basis: LqBasis) -> Indicators:
        """The same indicators with the LQ (and LQ change) recomputed on another basis; the rest is shared."""
        if lq_basis == self.lq_basis:
            return self
        if lq_basis == "traded" and self.panel.traded is None:
            raise ValidationError("the traded-employment LQ needs a 'traded' column", field="traded")
        lq = np.full(self.panel.present.shape, np.nan)
        for _, idx in self.groups:
            el, e_r, e_c, total = _totals(self.panel, idx)
            lq[:, idx, :] = _lq(self.panel, el, e_r, e_c, total, lq_basis)
        metrics = {k: v for k, v in self.metrics.items() if k not in RANKS}
        metrics["lq"] = lq
        metrics["employment_cagr"], metrics["lq_change"] = _growth(
            self.panel.measures["employment"], lq, self.panel.years, self.growth_period)
        return Indicators(panel=self.panel, metrics=metrics, groups=self.groups, missing=self.missing,
                          lq_basis=lq_basis, productivity_basis=self.productivity_basis,
                          growth_period=self.growth_period)

    def add_ranks(self) -> None:
        """Rank and percentile of E and of the LQ among the regions of each level (computed on demand)."""
        if all(k in self.metrics for k in RANKS):
            return
        shape = self.panel.present.shape
        out = {k: np.full(shape, np.nan) for k in RANKS}
        for g, (_, idx) in enumerate(self.groups):
            for metric, prefix in (("employment", ""), ("lq", "lq_")):
                rank, perc = pct.rank_and_percentile(self.population(metric, g))
                out[prefix + "rank"][:, idx, :] = rank
                out[prefix + "percentile"][:, idx, :] = perc
        self.metrics.update(out)

    def cells(self) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """(year, region, category) indices of the cells present in the input, in table row order."""
        y, r, c = np.nonzero(self.panel.present)
        return y, r, c

    def table(self, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
        """One row per region × category × year present in the input (the reference unit excluded)."""
        self.add_ranks()
        p = self.panel
        y, r, c = self.cells()
        out: dict[str, object] = {
            "region": pd.Categorical.from_codes(r, categories=pd.Index(p.regions)),
            "category": pd.Categorical.from_codes(c, categories=pd.Index(p.categories)),
            "year": p.years[y],
        }
        if (p.levels != "").any():
            out["level"] = p.levels[r]
        if p.traded is not None:
            out["traded"] = p.traded[c]
        for name, arr in self.metrics.items():
            if columns is None or name in columns:
                out[name] = arr[y, r, c]
        return pd.DataFrame(out)


def _growth(emp: FloatArray, lq: FloatArray, years: npt.NDArray[np.int64],
            period: int | None) -> tuple[FloatArray, FloatArray]:
    g = np.full(emp.shape, np.nan)
    d = np.full(emp.shape, np.nan)
    pos = {int(t): i for i, t in enumerate(years)}
    for j, t in enumerate(years):
        base = int(years[0]) if period is None else int(t) - period
        k = pos.get(base)
        if k is None or base >= t:
            continue
        g[j] = lqk.cagr(emp[k], emp[j], float(t - base))
        d[j] = lq[j] - lq[k]
    return g, d


def _groups(panel: Panel) -> list[tuple[str, npt.NDArray[np.int64]]]:
    return [(str(lv), np.flatnonzero(panel.levels == lv)) for lv in np.unique(panel.levels)]


def _totals(panel: Panel, idx: npt.NDArray[np.int64]
            ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """E_rc of a level group, E_r (…, region, 1), the reference area's E_c (…, 1, category) and E (…, 1, 1).

    With the regions' own totals (``region_employment``) E_r is the region's total and E the sum of the
    group's region totals (or the reference unit's total), so categories that overlap or leave part of the
    economy out (the emerging industries) are measured against the whole economy. Otherwise both are sums
    of the categories, which is right when the categories partition the economy.
    """
    e = panel.measures["employment"]
    whole = len(idx) == e.shape[1]
    el = e if whole else e[:, idx, :]
    if panel.reference is not None:
        e_c = panel.reference["employment"][:, None, :]
    else:
        e_c = np.nansum(el, axis=-2, keepdims=True)
    if panel.region_totals is None:
        return el, np.nansum(el, axis=-1, keepdims=True), e_c, np.nansum(e_c, axis=-1, keepdims=True)
    e_r = (panel.region_totals if whole else panel.region_totals[:, idx])[:, :, None]
    if panel.reference_total is not None:
        total = panel.reference_total[:, None, None]
    else:
        total = np.nansum(e_r, axis=-2, keepdims=True)
    return el, e_r, e_c, total


def _lq(panel: Panel, el: FloatArray, e_r: FloatArray, e_c: FloatArray, total: FloatArray,
        lq_basis: LqBasis) -> FloatArray:
    lq = lqk.location_quotient(el, region_totals=e_r, category_totals=e_c, total=total)
    traded = panel.traded if lq_basis == "traded" else None
    if traded is not None and traded.any():
        e_r_t = np.nansum(el[..., traded], axis=-1, keepdims=True)
        total_t = np.nansum(e_c[..., traded], axis=-1, keepdims=True)
        lq[..., traded] = lqk.location_quotient(el[..., traded], region_totals=e_r_t,
                                                category_totals=e_c[..., traded], total=total_t)
    return lq


def indicators_from_panel(panel: Panel, *, lq_basis: LqBasis = "total", growth_period: int | None = None,
                          missing: pd.DataFrame | None = None) -> Indicators:
    """Compute every indicator array from a :class:`Panel` (see the module docstring for the formulas)."""
    e = panel.measures["employment"]
    if lq_basis == "traded" and panel.traded is None:
        raise ValidationError("the traded-employment LQ needs a 'traded' column", field="traded",
                              hint="add traded=true/false per category, or use a preset with lq_basis total")
    metrics: dict[str, FloatArray] = {m: v for m, v in panel.measures.items()}
    names = ("lq", "size", "focus")
    out = {k: np.full(e.shape, np.nan) for k in names}
    groups = _groups(panel)
    for _, idx in groups:
        el, e_r, e_c, total = _totals(panel, idx)
        out["lq"][:, idx, :] = _lq(panel, el, e_r, e_c, total, lq_basis)
        out["size"][:, idx, :] = lqk.size_share(el, e_c)
        out["focus"][:, idx, :] = lqk.focus_share(el, e_r)
    metrics["lq"] = out["lq"]
    metrics["size"] = out["size"]
    metrics["focus"] = out["focus"]
    productivity_basis = "none"
    if "wage_bill" in panel.measures:
        metrics["avg_wage"] = lqk.ratio(panel.measures["wage_bill"], e)
        productivity_basis = "wage_bill"
    if "value_added" in panel.measures:
        metrics["productivity"] = lqk.ratio(panel.measures["value_added"], e)
        productivity_basis = "value_added"
    elif "avg_wage" in metrics:
        metrics["productivity"] = metrics["avg_wage"]
    metrics["employment_cagr"], metrics["lq_change"] = _growth(e, metrics["lq"], panel.years, growth_period)
    return Indicators(panel=panel, metrics=metrics, groups=groups, lq_basis=lq_basis,
                      productivity_basis=productivity_basis, growth_period=growth_period,
                      missing=missing if missing is not None else pd.DataFrame())


def compute_indicators(
    data: pd.DataFrame,
    *,
    reference: str | None = None,
    level: str | None = None,
    lq_basis: LqBasis = "total",
    growth_period: int | None = None,
    validated: bool = False,
) -> Indicators:
    """Indicators for a tidy table with role columns (see :mod:`~clusterobs.mapping.panel`).

    ``reference``: a unit of the data used as the reference area (default: the sum of the regions of each
    level). ``level``: keep the regions of one level. ``growth_period``: k years for growth (default: since
    the first year of the data). ``validated=True`` skips validation for a table that already passed it.
    """
    table = data if validated else validate_input(data)
    panel = build_panel(table, reference=reference, level=level)
    return indicators_from_panel(panel, lq_basis=lq_basis, growth_period=growth_period,
                                 missing=missing_report(table))


__all__ = ["DERIVED", "RANKS", "Indicators", "compute_indicators", "indicators_from_panel"]
