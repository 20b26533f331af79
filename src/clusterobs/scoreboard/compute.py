"""Scores at every level of the scoreboard, by the published method, on the composite engine.

The published Regional Ecosystems Scoreboard normalises every indicator to [0, 1] by min-max over all
regions (direction applied, so 1 is always "best") and aggregates by arithmetic means over the available
children: sub-dimension = mean of its indicators, dimension = mean of its sub-dimensions, index = mean of the
dimensions. That is a two-step run of :mod:`clusterobs.composite` (``normalise: minmax [0, 1]`` then
``aggregate: amean``); this module adds what the scoreboard needs around it: indicators the data lacks are
kept as missing columns (the real-Europe build has only some of the 58), and constant indicators are reported.
"""

from __future__ import annotations

import warnings

import pandas as pd

from clusterobs import composite
from clusterobs.errors import ClusterObsWarning, ValidationError
from clusterobs.scoreboard.framework import Framework

UNIT_COLUMN = "uCode"


def res_run() -> composite.Run:
    """The published method as an engine run: min-max to [0, 1] on Raw, arithmetic mean at every level."""
    return composite.Run(
        name="regional_ecosystems_scoreboard",
        steps=[
            composite.NormaliseStep(dset="Raw", method="minmax", params={"l": 0.0, "u": 1.0}),
            composite.AggregateStep(dset="Normalised", method="amean"),
        ],
    )


def validate_data(framework: Framework, data: pd.DataFrame) -> pd.DataFrame:
    """Check a units × indicators table and return it indexed by unit code (``uCode``).

    Units are the index, or a ``uCode`` column. Errors name the offending codes: duplicate units, columns
    that are aggregates, columns unknown to the framework, non-numeric values.
    """
    df = data.set_index(UNIT_COLUMN) if UNIT_COLUMN in data.columns else data.copy()
    df.index = df.index.astype(str)
    df.index.name = UNIT_COLUMN
    dups = sorted(set(df.index[df.index.duplicated()]))
    if dups:
        raise ValidationError("duplicate units in the data: " + ", ".join(dups), field=UNIT_COLUMN)
    cols = [str(c) for c in df.columns]
    aggregates = sorted(c for c in cols if c in framework and not framework.element(c).is_indicator)
    if aggregates:
        raise ValidationError(
            "aggregate codes must not be columns of the indicator data: " + ", ".join(aggregates),
            hint="pass raw indicators only; aggregates are computed",
        )
    unknown = sorted(c for c in cols if c not in framework)
    if unknown:
        raise ValidationError(
            "columns not in the framework: " + ", ".join(unknown),
            hint="drop them or add them to the framework",
        )
    bad = []
    for c in df.columns:
        converted = pd.to_numeric(df[c], errors="coerce")
        if (converted.isna() & df[c].notna()).any():
            bad.append(str(c))
        df[c] = converted.astype(float)
    if bad:
        raise ValidationError("non-numeric values in indicator columns: " + ", ".join(sorted(bad)))
    return df


def missing_indicators(framework: Framework, data: pd.DataFrame) -> list[str]:
    """Framework indicators that the data lacks entirely (absent column or all values missing)."""
    return [c for c in framework.indicators if c not in data.columns or data[c].isna().all()]


def compute_scores(framework: Framework, data: pd.DataFrame) -> pd.DataFrame:
    """Units × element codes table (normalised indicators, then c*, p*, index), like COINr's Aggregated set.

    ``data`` is a units × indicators table of raw values (index or ``uCode`` column = unit codes). Indicators
    the data lacks are kept as missing columns, so the output always has every framework code.
    """
    df = validate_data(framework, data)
    full = df.reindex(columns=framework.indicators).astype(float)
    spread = full.max() - full.min()
    constant = [c for c in framework.indicators if full[c].notna().any() and spread[c] == 0]
    if constant:
        warnings.warn(
            "indicators with the same value in every region cannot be normalised and are left missing: "
            + ", ".join(constant),
            ClusterObsWarning,
            stacklevel=2,
        )
    engine_framework = composite.framework_from_imeta(framework.imeta(), source=framework.origin)
    coin = composite.run_pipeline(engine_framework, full, res_run())
    scores = coin.stage("Aggregated")
    return scores[framework.codes()].set_axis(full.index, axis=0)


__all__ = ["UNIT_COLUMN", "compute_scores", "missing_indicators", "res_run", "validate_data"]
