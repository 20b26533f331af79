"""Presets evaluated on hand-computed worlds; star invariance under scaling (Hypothesis)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterobs.errors import ClusterObsWarning, ValidationError
from clusterobs.mapping.presets import builtin_preset
from clusterobs.mapping.stars import map_clusters

from .conftest import long_table


def _row(t: pd.DataFrame, region: str, cat: str) -> pd.Series:
    return t[(t["region"] == region) & (t["category"] == cat)].iloc[0]


def test_eco2007_known_answer(small: pd.DataFrame) -> None:
    t = map_clusters(small, "eco2007")
    # Three regions: h = (3-1)*0.9 = 1.8 → only the largest value of each category reaches q(0.9).
    # size: x → A (50), y → B (80), z → C (170); focus: x → A (.5), y → B (.8), z → C (.85);
    # specialisation LQ ≥ 2: A/x 2.5, B/y 3.2.
    stars = {(str(r.region), str(r.category)): int(r.stars) for r in t.itertuples()}
    assert stars == {("A", "x"): 3, ("A", "y"): 0, ("A", "z"): 0, ("B", "x"): 0, ("B", "y"): 3,
                     ("B", "z"): 0, ("C", "x"): 0, ("C", "y"): 0, ("C", "z"): 2}
    ax = _row(t, "A", "x")
    assert ax["tier"] == "three stars"
    # q(0.9) of x employment: sorted 10, 20, 50 → 20 + 0.8*30 = 44; of x focus: .1, .1, .5 → .42
    assert ax["reasons"] == ("size: employment 50 ≥ 44 (90th percentile); specialisation: LQ 2.50 ≥ 2.00; "
                             "focus: focus 50.00% ≥ 42.00% (90th percentile)")
    cz = _row(t, "C", "z")
    assert (bool(cz["star_size"]), bool(cz["star_specialisation"]), bool(cz["star_focus"])) == (True, False, True)


def test_eocic_productivity_dynamism_and_tiers(small: pd.DataFrame) -> None:
    wage = small["region"].map({"A": 30.0, "B": 32.0, "C": 34.0})
    y0 = small.assign(year=2015, wage_bill=small["employment"] * wage)
    y1 = small.assign(year=2020, wage_bill=small["employment"] * wage)
    y1.loc[(y1["region"] == "C") & (y1["category"] == "x"), ["employment", "wage_bill"]] = [40.0, 40.0 * 50]
    y1.loc[(y1["region"] == "B") & (y1["category"] == "y"), ["employment", "wage_bill"]] = [88.0, 88.0 * 32]
    data = pd.concat([y0, y1], ignore_index=True)
    preset = builtin_preset("eocic").configured(enable=("dynamism",))
    t = map_clusters(data, preset)
    t20 = t[t["year"] == 2020]
    cx = _row(t20, "C", "x")
    # 2020, category x: E = A 50, B 10, C 40. Average wage: C 50 (top), B 32, A 30 → productivity star for C;
    # CAGR: C (40/20)^(1/5) - 1 = 14.87 % (top), A and B 0 → dynamism; size: A 50 is the top.
    assert bool(cx["star_productivity"]) and bool(cx["star_dynamism"]) and not bool(cx["star_size"])
    assert cx["employment_cagr"] == pytest.approx(2 ** 0.2 - 1)
    assert cx["stars"] == 2 and cx["tier"] == "medium"
    # E_C = 40 + 10 + 170 = 220, E_x = 100, E = 100 + 108 + 220 = 428: LQ_Cx = (40/220)/(100/428) < 2
    assert cx["lq"] == pytest.approx((40 / 220) / (100 / 428))
    ax = _row(t20, "A", "x")
    stars_ax = {c for c in ("star_specialisation", "star_size", "star_productivity", "star_dynamism") if ax[c]}
    assert stars_ax == {"star_specialisation", "star_size"} and ax["tier"] == "medium"
    # B/y: LQ (88/108)/(108/428) = 3.23 ≥ 2, largest E in y, growth (88/80)^(1/5) - 1 the only positive one;
    # average wage 32 < C's 34 → 3 stars, tier high
    by = _row(t20, "B", "y")
    assert by["stars"] == 3 and by["tier"] == "high" and not by["star_productivity"]
    assert by["lq"] == pytest.approx((88 / 108) / (108 / 428))
    # dynamism is off by default
    assert "star_dynamism" not in map_clusters(data, "eocic").columns


# US CMP world: traded t1, t2 and local l; worked out in the test's comments.
USC = {"R1": {"t1": 40.0, "t2": 10.0, "l": 50.0}, "R2": {"t1": 5.0, "t2": 45.0, "l": 50.0},
       "R3": {"t1": 30.0, "t2": 30.0, "l": 40.0}, "R4": {"t1": 2.0, "t2": 8.0, "l": 90.0},
       "R5": {"t1": 23.0, "t2": 7.0, "l": 70.0}}
EST = {"R1": {"t1": 10.0, "t2": 2.0, "l": 9.0}, "R2": {"t1": 3.0, "t2": 9.0, "l": 9.0},
       "R3": {"t1": 2.0, "t2": 5.0, "l": 9.0}, "R4": {"t1": 1.0, "t2": 4.0, "l": 9.0},
       "R5": {"t1": 6.0, "t2": 1.0, "l": 9.0}}


def uscmp_world() -> pd.DataFrame:
    d = long_table(USC, establishments=EST)
    d["traded"] = d["category"] != "l"
    return d


def test_uscmp_known_answer() -> None:
    t = map_clusters(uscmp_world(), "uscmp")
    # Traded employment: R1 50, R2 50, R3 60, R4 10, R5 30; reference: t1 100, t2 100, total 200.
    # LQ t1 = (E/E_traded)/0.5: R1 1.6, R2 0.2, R3 1.0, R4 0.4, R5 1.5333
    assert _row(t, "R1", "t1")["lq"] == pytest.approx(1.6)
    assert _row(t, "R5", "t1")["lq"] == pytest.approx((23 / 30) / 0.5)
    # t1: q75(LQ) = x_(3) = 1.5333, q90 = 1.5333 + 0.6*0.0667 = 1.5733; q25(E) = 5; q25(est) = 2
    #     strong: R1 (1.6; 40 > 5; 10 > 2), R5 (1.5333; 23 > 5; 6 > 2); strong10: R1 only
    # t2: LQ R1 .4, R2 1.8, R3 1.0, R4 1.6, R5 .4667; q75 = 1.6, q90 = 1.72; q25(E) = 8; q25(est) = 2
    #     R4 has LQ 1.6 but E = 8 is not > 8 → strong: R2 only; strong10: R2
    strong = {(str(r.region), str(r.category)) for r in t.itertuples() if r.strong}
    strong10 = {(str(r.region), str(r.category)) for r in t.itertuples() if r.strong10}
    assert strong == {("R1", "t1"), ("R5", "t1"), ("R2", "t2")}
    assert strong10 == {("R1", "t1"), ("R2", "t2")}
    reason = _row(t, "R5", "t1")["reasons"]
    assert reason == ("strong: LQ 1.53 ≥ 1.53 (75th percentile) and LQ 1.53 ≥ 1.00 and employment 23 > 5 "
                      "(25th percentile) and establishments 6 > 2 (25th percentile)")
    # the local category is never rated; its LQ uses total employment: (50/100)/(300/500)
    assert not _row(t, "R1", "l")["strong"]
    assert _row(t, "R1", "l")["lq"] == pytest.approx((50 / 100) / (300 / 500))


def test_uscmp_without_traded_column_warns() -> None:
    with pytest.warns(ClusterObsWarning, match="no 'traded' column"):
        map_clusters(uscmp_world().drop(columns="traded"), "uscmp")


def test_uscmp_without_establishments_is_a_clear_error() -> None:
    with warnings.catch_warnings(), pytest.raises(ValidationError, match="establishments"):
        map_clusters(uscmp_world().drop(columns="establishments"), "uscmp")


world = st.integers(3, 7).flatmap(lambda r: st.integers(2, 4).flatmap(lambda c: st.tuples(
    st.lists(st.integers(0, 5000), min_size=r * c, max_size=r * c),
    st.lists(st.integers(1, 300), min_size=r * c, max_size=r * c),
    st.just((r, c)))))


@settings(max_examples=25, deadline=None)
@given(world, st.integers(2, 997))
def test_multiplying_employment_by_k_changes_no_star(w, k: int) -> None:  # type: ignore[no-untyped-def]
    emp, est, (r, c) = w
    regions = np.repeat([f"R{i}" for i in range(r)], c)
    cats = np.tile([f"c{j}" for j in range(c)], r)
    d = pd.DataFrame({"region": regions, "category": cats, "year": 2020, "employment": np.array(emp, float),
                      "establishments": np.array(est, float), "wage_bill": np.array(est, float) * 1000,
                      "traded": np.tile([True, False] * c, r)[: r * c] if c > 1 else True})
    d["traded"] = d["category"] != "c0"
    scaled = d.assign(employment=d["employment"] * k)
    for preset in ("eco2007", "eocic", "uscmp"):
        a = map_clusters(d, preset, reasons=False)
        b = map_clusters(scaled, preset, reasons=False)
        cols = [x for x in a.columns if x.startswith("star_") or x in ("stars", "strong", "strong10")]
        pd.testing.assert_frame_equal(a[cols], b[cols])


@settings(max_examples=40, deadline=None)
@given(world)
def test_reference_copy_has_lq_one_and_sizes_sum_to_one(w) -> None:  # type: ignore[no-untyped-def]
    emp, _, (r, c) = w
    e = np.array(emp, float).reshape(r, c) + 1.0
    rows = {f"R{i}": {f"c{j}": e[i, j] for j in range(c)} for i in range(r)}
    ref = {f"c{j}": float(e[:, j].sum()) for j in range(c)}
    t = map_clusters(long_table({**rows, "REF": ref, "COPY": ref}), "eco2007", reference="REF")
    np.testing.assert_allclose(t.loc[t["region"] == "COPY", "lq"], 1.0)
    plain = map_clusters(long_table(rows), "eco2007")
    np.testing.assert_allclose(plain.groupby("category", observed=True)["size"].sum(), 1.0)
    w_r = plain.groupby("region", observed=True)["employment"].transform("sum") / plain["employment"].sum()
    np.testing.assert_allclose((w_r * plain["lq"]).groupby(plain["category"], observed=True).sum(), 1.0)
