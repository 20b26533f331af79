"""Denomination: divide extensive indicators (totals) by a size measure so that units become comparable."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from clusterobs.composite.framework import Framework
from clusterobs.errors import ValidationError


def denominate(x: object, denominator: object, *, scale: float = 1.0) -> np.ndarray:
    """y_i = scale · x_i / d_i (NaN propagates; d_i = 0 gives ±inf, as in R)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(scale * np.asarray(x, dtype=float) / np.asarray(denominator, dtype=float), dtype=float)


def denominators_of(framework: Framework) -> dict[str, str]:
    """Indicator → denominator column, as declared in the framework."""
    return {e.code: e.denominator for e in framework.elements if e.level == 1 and e.denominator}


def denominate_table(
    data: pd.DataFrame,
    denominators: pd.DataFrame,
    denom_by: Mapping[str, str],
    *,
    scale: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Divide each indicator named in ``denom_by`` by its denominator column; other columns are copied.

    ``denominators`` is indexed like ``data`` (units); a unit missing there gets NaN.
    """
    missing = sorted({d for d in denom_by.values() if d not in denominators.columns})
    if missing:
        raise ValidationError("denominator columns not found: " + ", ".join(missing))
    unknown = sorted(set(denom_by) - set(data.columns))
    if unknown:
        raise ValidationError("denominated indicators not in the data: " + ", ".join(unknown))
    out = data.copy()
    den = denominators.reindex(data.index)
    for code, col in denom_by.items():
        out[code] = denominate(data[code].to_numpy(), den[col].to_numpy(), scale=(scale or {}).get(code, 1.0))
    return out


__all__ = ["denominate", "denominate_table", "denominators_of"]
