"""Screening of units by data availability and by the share of non-zero values (COINr's ``Screen``).

A unit with too little data would otherwise get an aggregate from a handful of indicators; screening removes it
and reports which units went, so the removal is visible rather than silent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clusterobs.composite.registry import Registry
from clusterobs.composite.stats import unit_availability

#: unit_screen rule → which tests apply (availability, non-zero share).
SCREEN_RULES: Registry[tuple[bool, bool]] = Registry("unit screening rule")
for _name, _tests in {"byNA": (True, False), "byNZ": (False, True), "byBoth": (True, True),
                      "none": (False, False)}.items():
    SCREEN_RULES.add(_name, _tests)


@dataclass(frozen=True)
class ScreenResult:
    """The kept rows, the removed unit codes and the per-unit availability table that decided."""

    data: pd.DataFrame
    removed: list[str]
    availability: pd.DataFrame


def screen_units(
    data: pd.DataFrame,
    *,
    unit_screen: str = "byNA",
    dat_thresh: float = 0.66,
    nonzero_thresh: float = 0.05,
    force_include: list[str] | None = None,
    force_exclude: list[str] | None = None,
) -> ScreenResult:
    """Keep units with Dat_Avail ≥ dat_thresh (byNA) and/or Frc.NonZero ≥ nonzero_thresh (byNZ, byBoth).

    Dat_Avail = share of indicators present; Frc.NonZero = share of present values that are not zero.
    """
    by_na, by_nz = SCREEN_RULES.get(unit_screen)
    av = unit_availability(data)
    keep = pd.Series(True, index=data.index)
    if by_na:
        keep &= av["Dat_Avail"] >= dat_thresh
    if by_nz:
        keep &= av["Frc.NonZero"].fillna(0) >= nonzero_thresh
    if force_include:
        keep[keep.index.isin(force_include)] = True
    if force_exclude:
        keep[keep.index.isin(force_exclude)] = False
    av = av.assign(Included=keep)
    return ScreenResult(data.loc[keep], [str(u) for u in data.index[~keep.to_numpy()]], av)


__all__ = ["SCREEN_RULES", "ScreenResult", "screen_units"]
