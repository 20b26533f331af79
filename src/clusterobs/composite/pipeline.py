"""The pipeline: a :class:`Coin` holds every stage (Raw → … → Aggregated); steps read one stage, write the next.

Pipeline steps contain no arithmetic: each one resolves its spec and calls the table function of its module.
:func:`run_pipeline` executes a :class:`~clusterobs.composite.spec.Run`; :func:`regenerate` replays an edited
run, reusing the stages before the first changed step; :func:`compare` sets two coins' results side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from clusterobs.composite.aggregate import AggSpec, aggregate_table
from clusterobs.composite.denominate import denominate_table, denominators_of
from clusterobs.composite.framework import Framework, check_data
from clusterobs.composite.impute import impute_panel, impute_table
from clusterobs.composite.normalise import NormSpec, normalise_table
from clusterobs.composite.results import rank_desc, scores_and_ranks
from clusterobs.composite.screen import screen_units
from clusterobs.composite.spec import (
    OUTPUT_STAGE,
    AggregateStep,
    DenominateStep,
    ImputeStep,
    NormaliseStep,
    Run,
    ScreenStep,
    Step,
    TreatStep,
)
from clusterobs.composite.treat import TreatParams, treat_table
from clusterobs.composite.weights import resolve_weights
from clusterobs.errors import NotFoundError, ValidationError

Stages = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Coin:
    """A framework, its unit data and every computed stage, with the run that made them.

    ``units`` holds the unit columns (uName, groups, denominators, Time); ``details`` the side tables a step
    reports (``Imputed.flags``, ``Screened.availability``, ``Treated.details``); ``history[i]`` the stages and
    details before step i, so that :func:`regenerate` can restart mid-way.
    """

    framework: Framework
    units: pd.DataFrame
    stages: Stages
    details: Stages = field(default_factory=dict)
    removed_units: tuple[str, ...] = ()
    run: Run = field(default_factory=Run)
    panel: pd.DataFrame | None = None
    history: tuple[tuple[Stages, Stages, tuple[str, ...]], ...] = ()

    def stage(self, name: str | None = None) -> pd.DataFrame:
        """A stage by name; ``None`` gives the most recent one."""
        if name is None:
            return list(self.stages.values())[-1]
        try:
            return self.stages[name]
        except KeyError:
            raise NotFoundError(f"no stage '{name}' in this coin; stages: {', '.join(self.stages)}") from None

    @property
    def latest(self) -> str:
        return list(self.stages)[-1]

    def scores(self) -> pd.DataFrame:
        """All levels of the Aggregated stage, index first, rows by descending index score."""
        return scores_and_ranks(self.stage("Aggregated"), self.framework)[0]

    def ranks(self) -> pd.DataFrame:
        """Ranks (1 = best, ties "min") of :meth:`scores`."""
        return scores_and_ranks(self.stage("Aggregated"), self.framework)[1]


def new_coin(framework: Framework, data: pd.DataFrame, *, time: int | None = None, source: str = "data") -> Coin:
    """Check ``data`` (units indexed by uCode: uName, groups, denominators, indicators, optional Time) and make
    the Raw stage. With several values in ``Time`` the table is a panel: Raw is the year ``time`` (default the
    latest) and the whole panel is kept for panel imputation."""
    panel = None
    if "Time" in data.columns and data["Time"].nunique() > 1:
        panel = data.reset_index()
        t = time if time is not None else int(data["Time"].max())
        data = data[data["Time"] == t]
        if data.empty:
            raise ValidationError(f"{source}: no rows for Time = {t}")
    check_data(framework, data, source=source)
    unit_cols = [c for c in ("uName", "Time", *framework.groups, *framework.denominators) if c in data.columns]
    raw = data[framework.indicators].astype(float)
    return Coin(framework, data[unit_cols].copy(), {"Raw": raw}, panel=panel)


# --- steps: spec → table function -----------------------------------------------------------------------
StepResult = tuple[pd.DataFrame, dict[str, pd.DataFrame], tuple[str, ...]]


def _denominate(coin: Coin, s: DenominateStep, x: pd.DataFrame) -> StepResult:
    by = s.denominators if s.denominators is not None else denominators_of(coin.framework)
    return denominate_table(x, coin.units, by, scale=s.scale), {}, ()


def _impute(coin: Coin, s: ImputeStep, x: pd.DataFrame) -> StepResult:
    if s.method.startswith("panel_"):
        if coin.panel is None:
            raise ValidationError("panel imputation needs panel data (a Time column with several years)")
        if s.dset not in (None, "Raw") or coin.latest != "Raw" and s.dset is None:
            raise ValidationError("panel imputation reads the Raw stage", hint="set dset: Raw on this step")
        cols = list(x.columns)
        filled, _ = impute_panel(coin.panel, cols, method=s.method.removeprefix("panel_"))
        t = coin.units["Time"].iloc[0]
        cur = filled[filled["Time"] == t].set_index("uCode")[cols].reindex(x.index).astype(float)
        out = x.fillna(cur)
        return out, {"Imputed.flags": x.isna() & out.notna()}, ()
    groups = None
    if s.group is not None:
        if s.group not in coin.units.columns:
            raise ValidationError(f"group column '{s.group}' not found",
                                  hint="groups: " + ", ".join(coin.framework.groups))
        groups = coin.units[s.group]
    out, mask = impute_table(x, s.method, groups=groups, overrides=s.overrides)
    return out, {"Imputed.flags": mask}, ()


def _screen(coin: Coin, s: ScreenStep, x: pd.DataFrame) -> StepResult:
    r = screen_units(x, unit_screen=s.unit_screen, dat_thresh=s.dat_thresh, nonzero_thresh=s.nonzero_thresh,
                     force_include=s.force_include, force_exclude=s.force_exclude)
    return r.data, {"Screened.availability": r.availability}, tuple(r.removed)


def _treat(coin: Coin, s: TreatStep, x: pd.DataFrame) -> StepResult:
    base = TreatParams(method=s.method, winmax=s.winmax, skew_thresh=s.skew_thresh, kurt_thresh=s.kurt_thresh,
                       force_win=s.force_win, fallback=s.fallback, boxcox_lambda=s.boxcox_lambda)
    over = {code: replace(base, **{k: v for k, v in o.model_dump().items() if v is not None})
            for code, o in s.overrides.items()}
    out, det = treat_table(x, base, overrides=over)
    return out, {"Treated.details": det}, ()


def _normalise(coin: Coin, s: NormaliseStep, x: pd.DataFrame) -> StepResult:
    over = {c: NormSpec(o.method, dict(o.params)) for c, o in s.overrides.items()}
    return normalise_table(x, NormSpec(s.method, dict(s.params)), framework=coin.framework, overrides=over), {}, ()


def _aggregate(coin: Coin, s: AggregateStep, x: pd.DataFrame) -> StepResult:
    w = resolve_weights(coin.framework, s.weights)
    by_level = {lvl: AggSpec(o.method, {k: float(v) for k, v in o.params.items()}) for lvl, o in s.by_level.items()}
    out = aggregate_table(x, coin.framework, AggSpec(s.method, dict(s.params)), weights=w, by_level=by_level,
                          dat_thresh=s.dat_thresh)
    return out, {}, ()


STEP_FUNCTIONS: dict[str, Callable[[Coin, Any, pd.DataFrame], StepResult]] = {
    "denominate": _denominate, "impute": _impute, "screen": _screen, "treat": _treat, "normalise": _normalise,
    "aggregate": _aggregate,
}


def apply_step(coin: Coin, step: Step) -> Coin:
    """Run one step on ``coin``; returns a new coin with the step's stage (and details) added."""
    x = coin.stage(step.dset)
    if step.step != "aggregate":
        x = x[[c for c in x.columns if c in coin.framework.indicators]]
    out, det, removed = STEP_FUNCTIONS[step.step](coin, step, x)
    stages = {**coin.stages, OUTPUT_STAGE[step.step]: out}
    details = {**coin.details, **det}
    run = Run(version=coin.run.version, name=coin.run.name, steps=[*coin.run.steps, step])
    hist = (*coin.history, (coin.stages, coin.details, coin.removed_units))
    return replace(coin, stages=stages, details=details, removed_units=coin.removed_units + removed, run=run,
                   history=hist)


def run_pipeline(framework: Framework, data: pd.DataFrame, run: Run, *, time: int | None = None) -> Coin:
    """Make the Raw stage from ``data`` and run every step of ``run`` in order."""
    coin = new_coin(framework, data, time=time)
    return replay(coin, run)


def replay(coin: Coin, run: Run) -> Coin:
    """Apply the steps of ``run`` to ``coin`` (after its own steps)."""
    run.check()
    coin = replace(coin, run=Run(version=run.version, name=run.name, steps=list(coin.run.steps)))
    for step in run.steps:
        coin = apply_step(coin, step)
    return coin


def regenerate(coin: Coin, run: Run | None = None, *, from_step: int | None = None) -> Coin:
    """Re-run ``run`` (default: the coin's own) on the coin's data, reusing stages before the first step that
    differs (or before ``from_step``)."""
    new = run or coin.run
    k = next((i for i, (a, b) in enumerate(zip(coin.run.steps, new.steps, strict=False)) if a != b),
             min(len(coin.run.steps), len(new.steps)))
    if from_step is not None:
        k = min(k, from_step)
    stages, details, removed = coin.history[k] if k < len(coin.history) else (coin.stages, coin.details,
                                                                               coin.removed_units)
    base = replace(coin, stages=dict(stages), details=dict(details), removed_units=removed,
                   run=Run(version=new.version, name=new.name, steps=list(coin.run.steps[:k])),
                   history=coin.history[:k])
    return replay(base, Run(version=new.version, name=new.name, steps=list(new.steps[k:])))


def compare(a: Coin, b: Coin, code: str | None = None, *, dset: str = "Aggregated") -> pd.DataFrame:
    """Scores and ranks of one element (default the index) in two coins, with the rank change (b − a)."""
    c = code or a.framework.index_code
    sa, sb = a.stage(dset)[c], b.stage(dset)[c]
    out = pd.DataFrame({"score_a": sa, "score_b": sb, "rank_a": rank_desc(sa), "rank_b": rank_desc(sb)})
    out["rank_change"] = out["rank_b"] - out["rank_a"]
    return out.sort_values("rank_a")


__all__ = ["STEP_FUNCTIONS", "Coin", "apply_step", "compare", "new_coin", "regenerate", "replay", "run_pipeline"]
