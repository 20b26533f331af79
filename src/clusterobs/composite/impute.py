"""Imputation of missing values: cross-sectional (mean, median, by group) and panel (latest, constant, linear).

Every function returns the imputed table *and* a boolean mask of the cells it filled, so that imputed values
can be flagged in reports.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from clusterobs.composite.registry import Registry
from clusterobs.errors import ValidationError

#: A column kernel: (values, group labels or None) → values with NaNs filled.
ImputeFn = Callable[[pd.Series, "pd.Series | None"], pd.Series]

IMPUTERS: Registry[ImputeFn] = Registry("imputation method")


def impute_mean(x: pd.Series) -> pd.Series:
    """x_i ← mean of the available x (unchanged where present)."""
    return x.fillna(x.mean())


def impute_median(x: pd.Series) -> pd.Series:
    """x_i ← median of the available x."""
    return x.fillna(x.median())


def _need_groups(groups: pd.Series | None) -> pd.Series:
    if groups is None:
        raise ValidationError("group imputation needs a group column", hint="set group: <column> in the step")
    return groups


@IMPUTERS.register("none")
def _none(x: pd.Series, groups: pd.Series | None) -> pd.Series:
    return x.copy()


@IMPUTERS.register("mean")
def _mean(x: pd.Series, groups: pd.Series | None) -> pd.Series:
    return impute_mean(x)


@IMPUTERS.register("median")
def _median(x: pd.Series, groups: pd.Series | None) -> pd.Series:
    return impute_median(x)


@IMPUTERS.register("mean_group")
def impute_mean_group(x: pd.Series, groups: pd.Series | None) -> pd.Series:
    """x_i ← mean of the available x in unit i's group (NaN stays if the whole group is missing)."""
    g = _need_groups(groups).reindex(x.index)
    return x.fillna(x.groupby(g).transform("mean"))


@IMPUTERS.register("median_group")
def impute_median_group(x: pd.Series, groups: pd.Series | None) -> pd.Series:
    """x_i ← median of the available x in unit i's group."""
    g = _need_groups(groups).reindex(x.index)
    return x.fillna(x.groupby(g).transform("median"))


def impute_table(
    data: pd.DataFrame,
    method: str = "mean",
    *,
    groups: pd.Series | None = None,
    overrides: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Impute column by column (COINr ``impute_by="column"``); ``overrides`` maps indicator → method.

    Returns (imputed table, mask of imputed cells).
    """
    out = data.copy()
    for code in data.columns:
        fn = IMPUTERS.get((overrides or {}).get(code, method))
        out[code] = fn(data[code], groups)
    mask = data.isna() & out.notna()
    return out, mask


# --- panel -------------------------------------------------------------------------------------------------
def _panel_latest(s: pd.Series) -> pd.Series:
    """Last observation carried forward; years before the first observation stay missing."""
    return s.ffill()


def _panel_constant(s: pd.Series) -> pd.Series:
    """Carried forward, and the first observation carried back to earlier years."""
    return s.ffill().bfill()


def _panel_linear(s: pd.Series) -> pd.Series:
    """Linear interpolation in time between observations, constant beyond the first/last observation."""
    t = s.index.to_numpy(dtype=float)
    ok = s.notna().to_numpy()
    if ok.sum() == 0:
        return s.copy()
    vals = np.interp(t, t[ok], s.to_numpy(dtype=float)[ok])
    return pd.Series(vals, index=s.index)


PANEL_IMPUTERS: Registry[Callable[[pd.Series], pd.Series]] = Registry("panel imputation method")
PANEL_IMPUTERS.add("latest", _panel_latest)
PANEL_IMPUTERS.add("constant", _panel_constant)
PANEL_IMPUTERS.add("linear", _panel_linear)


def impute_panel(
    panel: pd.DataFrame,
    columns: list[str],
    *,
    method: str = "latest",
    unit_col: str = "uCode",
    time_col: str = "Time",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Impute each unit's time series of each column; returns (panel, mask of imputed cells) in input order."""
    fn = PANEL_IMPUTERS.get(method)
    missing = [c for c in (unit_col, time_col, *columns) if c not in panel.columns]
    if missing:
        raise ValidationError("panel lacks columns: " + ", ".join(missing))
    dup = panel.duplicated([unit_col, time_col])
    if dup.any():
        first = panel.loc[dup, [unit_col, time_col]].iloc[0].tolist()
        raise ValidationError(f"duplicate (unit, time) rows in the panel, e.g. {first}")
    out = panel.copy()
    order = panel.sort_values([unit_col, time_col]).index
    for _, idx in panel.loc[order].groupby(unit_col, sort=False).groups.items():
        sub = panel.loc[idx].set_index(time_col)
        for c in columns:
            filled = fn(sub[c].astype(float))
            out.loc[idx, c] = filled.to_numpy()
    mask = panel[columns].isna() & out[columns].notna()
    return out, mask


__all__ = ["IMPUTERS", "PANEL_IMPUTERS", "impute_mean", "impute_mean_group", "impute_median", "impute_median_group",
           "impute_panel", "impute_table"]
