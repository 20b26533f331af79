"""Indicator table: hand-computed values, reference units, levels, growth, missing values, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterobs.errors import ValidationError
from clusterobs.mapping.indicators import compute_indicators
from clusterobs.mapping.panel import validate_input

from .conftest import SMALL, long_table


def _cell(t: pd.DataFrame, region: str, cat: str, col: str, year: int | None = None) -> float:
    m = (t["region"] == region) & (t["category"] == cat)
    if year is not None:
        m &= t["year"] == year
    return float(t.loc[m, col].iloc[0])


def test_hand_computed_table(small: pd.DataFrame) -> None:
    t = compute_indicators(small).table()
    assert len(t) == 9
    assert _cell(t, "A", "x", "lq") == pytest.approx(2.5)
    assert _cell(t, "B", "y", "lq") == pytest.approx(3.2)
    assert _cell(t, "C", "z", "lq") == pytest.approx(0.85 / 0.55)
    assert _cell(t, "C", "z", "size") == pytest.approx(170 / 220)
    assert _cell(t, "C", "y", "focus") == pytest.approx(0.05)
    # employment in x: A 50, C 20, B 10 → ranks 1, 2, 3; percentiles 1, 0.5, 0
    assert [_cell(t, r, "x", "rank") for r in "ACB"] == [1.0, 2.0, 3.0]
    assert [_cell(t, r, "x", "percentile") for r in "ACB"] == [1.0, 0.5, 0.0]
    # LQ in z: C 1.545 > A 0.727 > B 0.182
    assert [_cell(t, r, "z", "lq_rank") for r in "CAB"] == [1.0, 2.0, 3.0]


def test_reference_unit_is_used_and_never_ranked() -> None:
    rows = dict(SMALL)
    rows["EU"] = {"x": 100.0, "y": 100.0, "z": 200.0}  # includes units missing from the breakdown
    ind = compute_indicators(long_table(rows), reference="EU")
    t = ind.table()
    assert "EU" not in set(t["region"].astype(str))
    # LQ_Ax = (50/100) / (100/400) = 2.0; size_Ax = 50/100
    assert _cell(t, "A", "x", "lq") == pytest.approx(2.0)
    assert _cell(t, "A", "x", "size") == pytest.approx(0.5)
    with pytest.raises(ValidationError, match="reference unit 'XX'"):
        compute_indicators(long_table(rows), reference="XX")


def test_levels_are_separate_reference_areas() -> None:
    t = long_table(SMALL)
    t["level"] = "2"
    nat = long_table({"N1": {"x": 10.0, "y": 30.0, "z": 60.0}, "N2": {"x": 30.0, "y": 10.0, "z": 60.0}})
    nat["level"] = "0"
    out = compute_indicators(pd.concat([t, nat], ignore_index=True)).table()
    # level 0 alone: E_x = 40, E = 200: LQ_N1x = 0.1 / 0.2 = 0.5; level-2 values unchanged
    assert _cell(out, "N1", "x", "lq") == pytest.approx(0.5)
    assert _cell(out, "A", "x", "lq") == pytest.approx(2.5)
    assert _cell(out, "N2", "x", "rank") == 1.0
    only = compute_indicators(pd.concat([t, nat], ignore_index=True), level="0").table()
    assert set(only["region"].astype(str)) == {"N1", "N2"}


def test_growth_cagr_and_lq_change() -> None:
    y0 = long_table({"A": {"x": 100.0, "y": 100.0}, "B": {"x": 100.0, "y": 100.0}}, year=2010)
    y2 = long_table({"A": {"x": 121.0, "y": 100.0}, "B": {"x": 100.0, "y": 100.0}}, year=2012)
    t = compute_indicators(pd.concat([y0, y2])).table()
    # (121/100)^(1/2) - 1 = 0.1
    assert _cell(t, "A", "x", "employment_cagr", 2012) == pytest.approx(0.1)
    # LQ_Ax 2012 = (121/221) / (221/421)
    assert _cell(t, "A", "x", "lq_change", 2012) == pytest.approx((121 / 221) / (221 / 421) - 1.0)
    assert np.isnan(_cell(t, "A", "x", "employment_cagr", 2010))
    t5 = compute_indicators(pd.concat([y0, y2]), growth_period=5).table()
    assert t5["employment_cagr"].isna().all()


def test_wages_productivity_and_missing_reported(small: pd.DataFrame) -> None:
    d = small.copy()
    d["wage_bill"] = (d["employment"] * 40.0).astype(object)
    d.loc[(d["region"] == "B") & (d["category"] == "y"), "wage_bill"] = "c"  # confidential
    ind = compute_indicators(d)
    t = ind.table()
    assert _cell(t, "A", "x", "avg_wage") == pytest.approx(40.0)
    assert _cell(t, "A", "x", "productivity") == pytest.approx(40.0)
    assert ind.productivity_basis == "wage_bill"
    assert np.isnan(_cell(t, "B", "y", "avg_wage"))
    assert ind.missing.to_dict("records") == [{"region": "B", "category": "y", "year": 2020,
                                               "field": "wage_bill"}]
    d["value_added"] = d["employment"] * 70.0
    assert compute_indicators(d).table()["productivity"].iloc[0] == pytest.approx(70.0)


def test_missing_employment_is_excluded_not_zero(small: pd.DataFrame) -> None:
    d = small.copy()
    d.loc[(d["region"] == "A") & (d["category"] == "y"), "employment"] = np.nan
    t = compute_indicators(d).table()
    assert np.isnan(_cell(t, "A", "y", "lq"))
    # E_A = 90, E_x = 80, E = 390
    assert _cell(t, "A", "x", "lq") == pytest.approx((50 / 90) / (80 / 390))
    assert np.isnan(_cell(t, "A", "y", "rank"))


@pytest.mark.parametrize(("change", "match", "field"), [
    (lambda d: d.drop(columns="employment"), "employment", "employment"),
    (lambda d: d.assign(employment=-d["employment"]), "negative values for A/x/2020", "employment"),
    (lambda d: pd.concat([d, d.iloc[:1]]), "duplicate region/category/year rows: A/x/2020", None),
    (lambda d: d.assign(year="20x"), "non-integer years", "year"),
    (lambda d: d.assign(traded=["yes", "no", "maybe"] * 3), "maybe", "traded"),
])
def test_validation_names_the_offending_rows(small: pd.DataFrame, change, match: str,  # type: ignore[no-untyped-def]
                                              field: str | None) -> None:
    with pytest.raises(ValidationError, match=match) as err:
        compute_indicators(change(small))
    assert err.value.field == field


def test_column_mapping(small: pd.DataFrame) -> None:
    d = small.rename(columns={"region": "geo", "employment": "n2015"})
    v = validate_input(d, columns={"region": "geo", "employment": "n2015"})
    assert list(v.columns[:4]) == ["region", "category", "year", "employment"]
    assert v["employment"].tolist() == small["employment"].tolist()
