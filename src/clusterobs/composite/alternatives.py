"""Data alternatives for the uncertainty and sensitivity analyses, built by running pipeline variants.

The Monte Carlo engine (:mod:`clusterobs.composite.uncertainty`) evaluates weights and aggregation for many
runs at once; choices made *before* aggregation (imputation, outlier treatment, normalisation …) enter it as
alternative normalised datasets, one per combination of factor levels. This module makes those datasets the
honest way: each combination is a variant of the run (one step replaced per factor, as in COINr's
``get_sensitivity`` with ``Address`` on a step's parameters), replayed through the pipeline.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pandas as pd

from clusterobs.composite.framework import Framework
from clusterobs.composite.pipeline import run_pipeline
from clusterobs.composite.spec import Run, Step
from clusterobs.errors import ValidationError

#: factor name → (level label → the step that replaces the run's step of that kind); the first level is nominal.
Variants = Mapping[str, Mapping[str, Step]]


def data_alternatives(framework: Framework, data: pd.DataFrame, run: Run, variants: Variants, *,
                      stage: str = "Normalised"
                      ) -> tuple[dict[str, list[str]], dict[tuple[str, ...] | str, pd.DataFrame]]:
    """``(data_factors, datasets)`` for :class:`~clusterobs.composite.uncertainty.UncertaintySpec`.

    Every combination of factor levels replaces, in ``run``, the first step of the same kind as the level's
    step, runs the pipeline and keeps ``stage`` restricted to the indicators. Two factors may not vary the
    same kind of step.
    """
    kinds: dict[str, str] = {}
    for factor, levels in variants.items():
        if not levels:
            raise ValidationError(f"factor '{factor}' has no levels", field=factor)
        step_kinds = {s.step for s in levels.values()}
        if len(step_kinds) != 1:
            raise ValidationError(f"factor '{factor}' mixes step kinds {sorted(step_kinds)}", field=factor,
                                  hint="one factor varies one kind of step")
        kind = step_kinds.pop()
        if run.find(kind) < 0:
            raise ValidationError(f"factor '{factor}' varies a '{kind}' step the run does not have", field=factor,
                                  hint="add the step to the run first")
        if kind in kinds.values():
            raise ValidationError(f"factors {sorted(k for k, v in kinds.items() if v == kind) + [factor]} all vary "
                                  f"the '{kind}' step", field=factor, hint="merge them into one factor")
        kinds[factor] = kind
    factors = {f: list(levels) for f, levels in variants.items()}
    datasets: dict[tuple[str, ...] | str, pd.DataFrame] = {}
    for combo in itertools.product(*factors.values()):
        variant = run
        for factor, label in zip(factors, combo, strict=True):
            variant = variant.with_step(variant.find(kinds[factor]), variants[factor][label])
        coin = run_pipeline(framework, data, variant)
        datasets[tuple(combo)] = coin.stage(stage)[list(framework.indicators)]
    return factors, datasets
