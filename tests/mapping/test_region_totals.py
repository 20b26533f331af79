"""The optional ``region_employment`` role: E_r and E of the LQ and focus from the regions' own totals.

Overlapping categories that cover only part of the economy (the emerging industries) must be measured
against the region's whole employment, not against the sum of the table's categories.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterobs.errors import ValidationError
from clusterobs.mapping import map_clusters
from clusterobs.mapping.indicators import compute_indicators

# Three regions, two emerging-style industries X and Y that overlap: NACE class k1 is in X only, k2 in both,
# k3 in Y only; every region also employs people in classes of neither industry ("other").
#
#   region   k1   k2   k3   other  | X = k1+k2  Y = k2+k3  total E_r
#   A       150   50   50    750   |    200        100       1000
#   B        50   50  250   1650   |    100        300       2000
#   C        50   50   50    850   |    100        100       1000
#                                  | E_X = 400  E_Y = 500   E = 4000
#
# LQ_rc = (E_rc / E_r) / (E_c / E), E_X / E = 0.1, E_Y / E = 0.125:
#   A: X 0.20 / 0.1 = 2.0   Y 0.10 / 0.125 = 0.8
#   B: X 0.05 / 0.1 = 0.5   Y 0.15 / 0.125 = 1.2
#   C: X 0.10 / 0.1 = 1.0   Y 0.10 / 0.125 = 0.8
# focus = E_rc / E_r: A 0.2, 0.1; B 0.05, 0.15; C 0.1, 0.1.  size = E_rc / E_c: A X 200/400 = 0.5.
# Without the totals E_r would be X + Y (A: 300) and E = 900: LQ_AX = (200/300) / (400/900) = 1.5 — wrong.
EMP = {"A": (200.0, 100.0), "B": (100.0, 300.0), "C": (100.0, 100.0)}
TOTAL = {"A": 1000.0, "B": 2000.0, "C": 1000.0}
LQ = {("A", "X"): 2.0, ("A", "Y"): 0.8, ("B", "X"): 0.5, ("B", "Y"): 1.2, ("C", "X"): 1.0, ("C", "Y"): 0.8}
FOCUS = {("A", "X"): 0.2, ("A", "Y"): 0.1, ("B", "X"): 0.05, ("B", "Y"): 0.15, ("C", "X"): 0.1, ("C", "Y"): 0.1}


def _table(emp: dict[str, tuple[float, float]], total: dict[str, float] | None) -> pd.DataFrame:
    rows = []
    for r, (x, y) in emp.items():
        for cat, e in (("X", x), ("Y", y)):
            row: dict[str, object] = {"region": r, "category": cat, "year": 2020, "employment": e}
            if total is not None:
                row["region_employment"] = total[r]
            rows.append(row)
    return pd.DataFrame(rows)


def _cell(t: pd.DataFrame, region: str, cat: str, col: str) -> float:
    return float(t.loc[(t["region"] == region) & (t["category"] == cat), col].iloc[0])


def test_overlapping_industries_hand_computed() -> None:
    t = compute_indicators(_table(EMP, TOTAL)).table()
    for (r, c), lq in LQ.items():
        assert _cell(t, r, c, "lq") == pytest.approx(lq), (r, c)
        assert _cell(t, r, c, "focus") == pytest.approx(FOCUS[(r, c)]), (r, c)
    assert _cell(t, "A", "X", "size") == pytest.approx(0.5)
    assert "region_employment" not in t.columns  # an input role, not an output indicator


def test_without_totals_the_sum_of_the_categories_is_used() -> None:
    t = compute_indicators(_table(EMP, None)).table()
    assert _cell(t, "A", "X", "lq") == pytest.approx(1.5)  # the worked "wrong" value above
    assert _cell(t, "A", "X", "focus") == pytest.approx(200 / 300)


def test_reference_unit_total_is_e() -> None:
    # Reference unit EU: E_X = 1000, E_Y = 2000, total 10,000 (it has more than the three regions).
    # LQ_AX = 0.2 / (1000/10000) = 2.0; LQ_AY = 0.1 / (2000/10000) = 0.5; LQ_BY = 0.15 / 0.2 = 0.75.
    emp = dict(EMP) | {"EU": (1000.0, 2000.0)}
    total = dict(TOTAL) | {"EU": 10_000.0}
    t = compute_indicators(_table(emp, total), reference="EU").table()
    assert "EU" not in set(t["region"].astype(str))
    assert _cell(t, "A", "X", "lq") == pytest.approx(2.0)
    assert _cell(t, "A", "Y", "lq") == pytest.approx(0.5)
    assert _cell(t, "B", "Y", "lq") == pytest.approx(0.75)
    assert _cell(t, "B", "Y", "focus") == pytest.approx(0.15)


def test_levels_use_their_own_totals() -> None:
    # A national unit N (level 0) alone in its group: E = E_N and E_c = E_Nc, so its LQ is 1 in both
    # industries; the level-2 regions keep the hand-computed values.
    data = _table(EMP, TOTAL).assign(level="2")
    nat = _table({"N": (400.0, 500.0)}, {"N": 4000.0}).assign(level="0")
    t = compute_indicators(pd.concat([data, nat], ignore_index=True)).table()
    assert _cell(t, "N", "X", "lq") == pytest.approx(1.0)
    assert _cell(t, "N", "Y", "lq") == pytest.approx(1.0)
    assert _cell(t, "N", "X", "focus") == pytest.approx(0.1)
    assert _cell(t, "A", "X", "lq") == pytest.approx(2.0)


def test_unknown_total_gives_unknown_lq_and_focus() -> None:
    total: dict[str, float] = dict(TOTAL) | {"C": np.nan}
    t = compute_indicators(_table(EMP, total)).table()
    assert np.isnan(_cell(t, "C", "X", "lq")) and np.isnan(_cell(t, "C", "Y", "focus"))
    assert _cell(t, "A", "X", "focus") == pytest.approx(0.2)


def test_traded_basis_keeps_traded_employment() -> None:
    # uscmp: all categories traded → E_r and E are traded employment (the categories' sums), as before.
    extra = {"traded": True, "establishments": 10.0}
    with_totals = map_clusters(_table(EMP, TOTAL).assign(**extra), "uscmp", reasons=False)
    without = map_clusters(_table(EMP, None).assign(**extra), "uscmp", reasons=False)
    np.testing.assert_array_equal(with_totals["lq"].to_numpy(), without["lq"].to_numpy())
    assert _cell(with_totals, "A", "X", "lq") == pytest.approx(1.5)
    assert _cell(with_totals, "A", "X", "focus") == pytest.approx(0.2)  # focus: of the region's total


@pytest.mark.parametrize("bad,match", [
    ({"A": -1.0}, "negative region totals for A/2020"),
    ({}, "several region totals: B/2020"),
])
def test_validation(bad: dict[str, float], match: str) -> None:
    data = _table(EMP, dict(TOTAL) | bad)
    if not bad:
        data.loc[(data["region"] == "B") & (data["category"] == "Y"), "region_employment"] = 2500.0
    with pytest.raises(ValidationError, match=match) as err:
        compute_indicators(data)
    assert err.value.field == "region_employment"


def test_total_below_a_category_is_not_an_error() -> None:
    # Not checked on purpose (overlapping sets may exceed it); the LQ is then simply computed: E_A = 150,
    # E = 150 + 2000 + 1000 = 3150: LQ_AX = (200/150) / (400/3150) = 10.5.
    t = compute_indicators(_table(EMP, dict(TOTAL) | {"A": 150.0})).table()
    assert _cell(t, "A", "X", "lq") == pytest.approx(10.5)


# -- property: partitioning categories whose region totals are their sums change nothing ---------------
counts = st.one_of(st.integers(0, 1_000_000).map(float), st.just(np.nan))


@st.composite
def partitioned(draw: st.DrawFn) -> tuple[pd.DataFrame, str | None]:
    n_r = draw(st.integers(2, 5))
    n_c = draw(st.integers(1, 4))
    years = draw(st.sampled_from([[2020], [2019, 2021]]))
    use_ref = draw(st.booleans())
    regions = [f"R{i}" for i in range(n_r)] + (["REF"] if use_ref else [])
    rows = []
    for y in years:
        for r in regions:
            for c in range(n_c):
                if draw(st.booleans()) or r == "REF":  # sparse: absent rows are structural zeros
                    rows.append({"region": r, "category": f"c{c}", "year": y, "employment": draw(counts),
                                 "establishments": draw(counts), "traded": c % 2 == 0})
    if not rows:
        rows.append({"region": "R0", "category": "c0", "year": years[0], "employment": 1.0,
                     "establishments": 1.0, "traded": True})
    return pd.DataFrame(rows), ("REF" if use_ref else None)


@settings(max_examples=60, deadline=None)
@given(partitioned(), st.sampled_from(["eco2007", "uscmp"]))
def test_totals_equal_to_the_category_sums_change_nothing(case: tuple[pd.DataFrame, str | None],
                                                          preset: str) -> None:
    data, reference = case
    # Integer counts: every sum is exact in floating point whatever its order, so results are bit-identical.
    sums = data.groupby(["region", "year"])["employment"].transform("sum")
    plain = map_clusters(data, preset, reference=reference)
    with_totals = map_clusters(data.assign(region_employment=sums), preset, reference=reference)
    pd.testing.assert_frame_equal(with_totals, plain)
