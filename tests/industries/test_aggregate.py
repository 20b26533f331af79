"""Class → category aggregation and division allocation, checked against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterobs.errors import ClusterObsWarning, UnknownMethodError, ValidationError
from clusterobs.industries import ALLOCATION_RULES, Taxonomy, aggregate_to_categories, allocate_divisions, load_taxonomy


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def _facts(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"region": r, "industry": i, "indicator": "emp", "year": 2015, "value": v, "unit": "PER",
                          "flag": ""} for r, i, v in rows])


def test_class_values_sum_into_their_category(tax: Taxonomy) -> None:
    # C2110 and C2120 are both biopharmaceuticals; C2910 and C2931 both automotive.
    out = aggregate_to_categories(_facts([("R1", "C2110", 10), ("R1", "C2120", 5), ("R1", "C2910", 7),
                                          ("R1", "C2931", 3)]), tax)
    got = dict(zip(out["industry"], out["value"], strict=True))
    assert got == {"biopharmaceuticals": 15.0, "automotive": 10.0}
    assert list(out.columns) == ["region", "indicator", "year", "unit", "industry", "value", "n_classes", "n_missing"]


def test_a_missing_class_value_makes_the_category_missing_not_smaller(tax: Taxonomy) -> None:
    out = aggregate_to_categories(_facts([("R1", "C2110", 10), ("R1", "C2120", math.nan), ("R2", "C2110", 4)]), tax)
    r1 = out[out["region"] == "R1"].iloc[0]
    assert math.isnan(r1["value"]) and r1["n_missing"] == 1 and r1["n_classes"] == 2
    r2 = out[out["region"] == "R2"].iloc[0]
    assert r2["value"] == 4.0 and r2["n_missing"] == 0


def test_emerging_scheme_counts_a_class_in_every_industry_listing_it(tax: Taxonomy) -> None:
    out = aggregate_to_categories(_facts([("R1", "G4646", 6)]), tax, scheme="emerging")
    assert dict(zip(out["industry"], out["value"], strict=True)) == {"biopharmaceuticals": 6.0, "medical_devices": 6.0}


def test_non_class_codes_are_refused(tax: Taxonomy) -> None:
    with pytest.raises(ValidationError, match="C21"):
        aggregate_to_categories(_facts([("R1", "C21", 1)]), tax)


def test_dominant_allocation_puts_a_division_in_its_largest_category(tax: Taxonomy) -> None:
    # C21 has two classes, both biopharmaceuticals; C12 one class, tobacco.
    with pytest.warns(ClusterObsWarning, match="rule 'dominant'.*approximate"):
        out = allocate_divisions(_facts([("R1", "C21", 100), ("R1", "C12", 9)]), tax, rule="dominant")
    assert dict(zip(out["industry"], out["value"], strict=True)) == {"biopharmaceuticals": 100.0, "tobacco": 9.0}


def test_proportional_allocation_splits_by_share_of_classes(tax: Taxonomy) -> None:
    # Division C29 has 4 classes: C2910, C2931, C2932 (automotive) and C2920 (trailers_appliances) →
    # 3/4 and 1/4 of 80.
    with pytest.warns(ClusterObsWarning, match="proportional-classes"):
        out = allocate_divisions(_facts([("R1", "C29", 80)]), tax, rule="proportional-classes")
    assert dict(zip(out["industry"], out["value"], strict=True)) == {"automotive": 60.0, "trailers_appliances": 20.0}
    with pytest.warns(ClusterObsWarning):
        dom = allocate_divisions(_facts([("R1", "C29", 80)]), tax, rule="dominant")
    assert dict(zip(dom["industry"], dom["value"], strict=True)) == {"automotive": 80.0}


def test_missing_division_value_stays_missing(tax: Taxonomy) -> None:
    with pytest.warns(ClusterObsWarning):
        out = allocate_divisions(_facts([("R1", "C29", math.nan)]), tax, rule="proportional-classes")
    assert out["value"].isna().all() and (out["n_missing"] == 1).all()


def test_unknown_rule(tax: Taxonomy) -> None:
    with pytest.raises(UnknownMethodError, match="dominant, proportional-classes"):
        allocate_divisions(_facts([("R1", "C29", 1)]), tax, rule="guess")


@pytest.mark.parametrize("rule", sorted(ALLOCATION_RULES))
def test_every_rule_gives_shares_summing_to_one_per_division(tax: Taxonomy, rule: str) -> None:
    w = ALLOCATION_RULES[rule](tax)
    assert len(w["division"].unique()) == 88
    assert np.allclose(w.groupby("division")["share"].sum(), 1.0)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=88, max_size=88),
       st.sampled_from(sorted(ALLOCATION_RULES)))
def test_allocation_conserves_the_total(values: list[float], rule: str) -> None:
    tax = load_taxonomy()
    divisions = sorted(tax.nace.loc[tax.nace["level"] == 2, "code"])
    facts = _facts([("R1", d, v) for d, v in zip(divisions, values, strict=True)])
    with pytest.warns(ClusterObsWarning):
        out = allocate_divisions(facts, tax, rule=rule)
    assert out["value"].sum() == pytest.approx(sum(values), rel=1e-9, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=40))
def test_class_aggregation_conserves_the_total(values: list[float]) -> None:
    tax = load_taxonomy()
    classes = sorted(tax.nace.loc[tax.nace["level"] == 4, "code"])[: len(values)]
    out = aggregate_to_categories(_facts([("R1", c, v) for c, v in zip(classes, values, strict=True)]), tax)
    assert out["value"].sum() == pytest.approx(sum(values), rel=1e-9, abs=1e-6)
    assert out["n_classes"].sum() == len(values)
