"""US Cluster Mapping summaries: region strength = share of traded employment in strong clusters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.mapping.stars import StarResult


def region_strength(result: StarResult, *, flag: str = "strong") -> pd.DataFrame:
    """Per region × year: traded employment, employment in ``flag`` clusters and their share.

        strength_r = Σ_{c traded, strong} E_rc / Σ_{c traded} E_rc

    Missing cells count in neither sum. ``result`` comes from rating with the ``uscmp`` preset (or any
    preset with a flag of that name).
    """
    if flag not in result.passed:
        raise ValidationError(f"the rating has no flag '{flag}' (it has {', '.join(result.passed)})",
                              field=flag, hint="rate with the uscmp preset")
    panel = result.indicators.panel
    e = panel.measures["employment"]
    traded = panel.traded if panel.traded is not None else np.ones(len(panel.categories), dtype=bool)
    e_t = np.where(traded[None, None, :], e, np.nan)
    total = np.nansum(e_t, axis=-1)
    strong = np.nansum(np.where(result.passed[flag], e_t, np.nan), axis=-1)
    n = result.passed[flag].sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, strong / total, np.nan)
    y, r = np.meshgrid(np.arange(len(panel.years)), np.arange(len(panel.regions)), indexing="ij")
    return pd.DataFrame({
        "region": panel.regions[r.ravel()], "year": panel.years[y.ravel()],
        "traded_employment": total.ravel(), f"{flag}_employment": strong.ravel(),
        f"n_{flag}": n.ravel(), "strength": share.ravel(),
    })


__all__ = ["region_strength"]
