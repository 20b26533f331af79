"""The registry of condition kinds a star preset may use (C6: a dict name → implementation).

Each kind validates its parameters (``check``) and evaluates one condition for one level group of
regions, returning which cells pass and the threshold they were compared with (for the reason text).

- ``threshold``:  metric op value, e.g. ``LQ ≥ 2``.
- ``percentile``: metric op q(p), with q the linear-interpolation quantile among the regions of the same
  level with E_rc > 0 in the category (see :mod:`~clusterobs.mapping.percentiles`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from clusterobs.errors import ValidationError
from clusterobs.mapping import percentiles as pct

if TYPE_CHECKING:
    from clusterobs.mapping.indicators import Indicators

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Metrics a condition may test, with the label used in reason texts.
METRICS: dict[str, str] = {
    "employment": "employment",
    "establishments": "establishments",
    "wage_bill": "wage bill",
    "value_added": "value added",
    "avg_wage": "average wage",
    "productivity": "productivity",
    "lq": "LQ",
    "size": "size",
    "focus": "focus",
    "employment_cagr": "employment growth",
    "lq_change": "LQ change",
}


class ConditionLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def op(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def p(self) -> float | None: ...


#: evaluate(condition, indicators, group) → (passed (year, region-in-group, category), threshold)
Evaluate = Callable[[ConditionLike, "Indicators", int], tuple[BoolArray, FloatArray]]


@dataclass(frozen=True)
class Criterion:
    """A condition kind: its parameter check, its evaluation and how its threshold is described."""

    check: Callable[[ConditionLike], None]
    evaluate: Evaluate
    describe: Callable[[ConditionLike], str]


def _metric(ind: Indicators, metric: str) -> FloatArray:
    if metric not in ind.metrics:
        raise ValidationError(f"the preset tests '{metric}', which the data does not provide", field=metric,
                              hint="add the column (establishments, wage_bill …) or disable that star")
    return ind.metrics[metric]


def _check_threshold(c: ConditionLike) -> None:
    if c.value is None or c.p is not None:
        raise ValueError("a threshold condition needs 'value' (and no 'p')")


def _eval_threshold(c: ConditionLike, ind: Indicators, group: int) -> tuple[BoolArray, FloatArray]:
    _, idx = ind.groups[group]
    x = _metric(ind, c.metric)[:, idx, :]
    v = float(c.value)  # type: ignore[arg-type]
    with np.errstate(invalid="ignore"):
        ok = x >= v if c.op == ">=" else x > v
    return ok & ~np.isnan(x), np.full((1, 1, 1), v)


def _check_percentile(c: ConditionLike) -> None:
    if c.p is None or c.value is not None:
        raise ValueError("a percentile condition needs 'p' between 0 and 1 (and no 'value')")


def _eval_percentile(c: ConditionLike, ind: Indicators, group: int) -> tuple[BoolArray, FloatArray]:
    _metric(ind, c.metric)
    s = ind.sorted(c.metric, group)
    p = float(c.p)  # type: ignore[arg-type]
    ok = pct.at_least_quantile(s, p) if c.op == ">=" else pct.above_quantile(s, p)
    return ok, pct.quantile(s, p)


def _ordinal(p: float) -> str:
    n = round(p * 100, 1)
    n_s = f"{n:g}"
    suffix = "th" if n != int(n) or 10 <= int(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(int(n) % 10, "th")
    return f"{n_s}{suffix} percentile"


CRITERIA: dict[str, Criterion] = {
    "threshold": Criterion(check=_check_threshold, evaluate=_eval_threshold, describe=lambda c: ""),
    "percentile": Criterion(check=_check_percentile, evaluate=_eval_percentile,
                            describe=lambda c: _ordinal(float(c.p or 0.0))),
}

__all__ = ["CRITERIA", "METRICS", "ConditionLike", "Criterion"]
