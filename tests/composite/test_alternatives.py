"""Pipeline variants as data alternatives for the uncertainty analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterobs.composite import (
    AggregateStep,
    NormaliseStep,
    Run,
    TreatStep,
    build_framework,
    run_pipeline,
)
from clusterobs.composite.alternatives import data_alternatives
from clusterobs.composite.framework import Element
from clusterobs.composite.uncertainty import UncertaintySpec, uncertainty_analysis
from clusterobs.errors import ValidationError


@pytest.fixture
def world() -> tuple[object, pd.DataFrame, Run]:
    elements = [Element("I", 3), Element("A", 2, "I"), Element("B", 2, "I"),
                Element("x1", 1, "A"), Element("x2", 1, "A"), Element("x3", 1, "B"), Element("x4", 1, "B")]
    fw = build_framework(elements)
    rng = np.random.default_rng(3)
    data = pd.DataFrame(rng.lognormal(0, 1, (12, 4)), columns=["x1", "x2", "x3", "x4"],
                        index=pd.Index([f"u{i:02d}" for i in range(12)], name="uCode"))
    run = Run(steps=[TreatStep(dset="Raw"), NormaliseStep(dset="Treated", method="minmax",
                                                          params={"l": 1.0, "u": 100.0}),
                     AggregateStep(dset="Normalised", method="amean")])
    return fw, data, run


def test_each_combination_is_its_own_pipeline_run(world) -> None:  # type: ignore[no-untyped-def]
    fw, data, run = world
    variants = {"normalisation": {"minmax": NormaliseStep(dset="Treated", method="minmax",
                                                          params={"l": 1.0, "u": 100.0}),
                                  "rank": NormaliseStep(dset="Treated", method="rank", params={})}}
    factors, datasets = data_alternatives(fw, data, run, variants)
    assert factors == {"normalisation": ["minmax", "rank"]}
    expected_rank = run_pipeline(fw, data, run.with_step(1, variants["normalisation"]["rank"])).stage("Normalised")
    pd.testing.assert_frame_equal(datasets[("rank",)], expected_rank[["x1", "x2", "x3", "x4"]])
    # by hand: rank normalisation of x1 is the ascending rank (ties "min") of its treated values
    treated = run_pipeline(fw, data, run).stage("Treated")["x1"]
    np.testing.assert_array_equal(datasets[("rank",)]["x1"], treated.rank(method="min").to_numpy())


def test_uncertainty_over_normalisation_choices(world) -> None:  # type: ignore[no-untyped-def]
    fw, data, run = world
    variants = {"normalisation": {"minmax": NormaliseStep(dset="Treated", method="minmax",
                                                          params={"l": 1.0, "u": 100.0}),
                                  "zscore": NormaliseStep(dset="Treated", method="zscore",
                                                          params={"m": 10.0, "sd": 2.0})}}
    factors, datasets = data_alternatives(fw, data, run, variants)
    imeta = pd.DataFrame({"iCode": ["x1", "x2", "x3", "x4", "A", "B", "I"], "Level": [1, 1, 1, 1, 2, 2, 3],
                          "Parent": ["A", "A", "B", "B", "I", "I", None], "Weight": 1.0, "Direction": 1,
                          "Type": ["Indicator"] * 4 + ["Aggregate"] * 3})
    res = uncertainty_analysis(datasets, imeta, UncertaintySpec(data_factors=factors), n_runs=200, seed=1)
    nominal = run_pipeline(fw, data, run).stage("Aggregated")["I"]
    ranks = nominal.rank(ascending=False, method="min")
    stats = res.rank_stats.set_index("uCode")
    assert (stats["Nominal"] == ranks.reindex(stats.index)).all()
    assert ((stats["Q5"] <= stats["Median"]) & (stats["Median"] <= stats["Q95"])).all()
    # each run picks one normalisation at random (about half each): the 5–95 % interval spans both ranks
    zrun = run.with_step(1, variants["normalisation"]["zscore"])
    ranks_z = run_pipeline(fw, data, zrun).stage("Aggregated")["I"].rank(ascending=False, method="min")
    lo = np.minimum(ranks, ranks_z).reindex(stats.index)
    hi = np.maximum(ranks, ranks_z).reindex(stats.index)
    assert (stats["Q5"] <= lo).all() and (stats["Q95"] >= hi).all()


def test_two_factors_on_one_step_kind_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    fw, data, run = world
    a = {"m": NormaliseStep(dset="Treated", method="minmax")}
    with pytest.raises(ValidationError, match="merge them"):
        data_alternatives(fw, data, run, {"one": a, "two": a})
    with pytest.raises(ValidationError, match="does not have"):
        data_alternatives(fw, data, Run(steps=[AggregateStep(dset="Raw")]), {"n": a})
