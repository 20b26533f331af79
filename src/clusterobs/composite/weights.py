"""Weight sets: the framework's own, equal, or a user set (code → weight, any levels).

Weights are relative within each parent: aggregation renormalises them over the available children, so only
their ratios inside a group matter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from clusterobs.composite.framework import Framework
from clusterobs.composite.registry import Registry
from clusterobs.errors import ValidationError

WEIGHT_SETS: Registry[Callable[[Framework], pd.Series]] = Registry("weight set")


@WEIGHT_SETS.register("original")
def original_weights(framework: Framework) -> pd.Series:
    """The weights written in the framework (COINr's ``Weights$Original``)."""
    return framework.weights()


@WEIGHT_SETS.register("equal")
def equal_weights(framework: Framework) -> pd.Series:
    """Every element weighs 1, so each parent is the plain mean of its children."""
    return pd.Series(1.0, index=framework.codes)


def user_weights(framework: Framework, weights: Mapping[str, float]) -> pd.Series:
    """The framework's weights with the given ones replaced; unknown codes and negative weights are errors."""
    unknown = sorted(set(weights) - set(framework.codes))
    if unknown:
        raise ValidationError("weights for codes not in the framework: " + ", ".join(unknown))
    bad = sorted(c for c, v in weights.items() if not np.isfinite(v) or v < 0)
    if bad:
        raise ValidationError("weights must be finite and ≥ 0: " + ", ".join(bad))
    w = framework.weights()
    for c, v in weights.items():
        w[c] = float(v)
    return w


def resolve_weights(framework: Framework, spec: str | Mapping[str, float]) -> pd.Series:
    """A weight set by name (``original``, ``equal``) or as a user mapping."""
    if isinstance(spec, str):
        return WEIGHT_SETS.get(spec)(framework)
    return user_weights(framework, spec)


def weights_table(framework: Framework, weights: pd.Series) -> pd.DataFrame:
    """iCode, Level, Weight, and the weight share inside the parent (Σ = 1 per parent)."""
    rows = []
    for e in framework.elements:
        sib = framework.children(e.parent) if e.parent else [e.code]
        tot = float(weights[sib].sum())
        rows.append({"iCode": e.code, "Level": e.level, "Parent": e.parent, "Weight": float(weights[e.code]),
                     "Share": float(weights[e.code]) / tot if tot > 0 else np.nan})
    return pd.DataFrame(rows)


__all__ = ["WEIGHT_SETS", "equal_weights", "original_weights", "resolve_weights", "user_weights", "weights_table"]
