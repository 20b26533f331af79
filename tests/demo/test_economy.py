"""The demo economy in the store: planted clusters come out specialised, facts are sane, missing is NaN."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from clusterobs.demo.build import DemoWorld
from clusterobs.demo.economy import STRENGTHS
from clusterobs.industries import load_taxonomy
from clusterobs.store import Store


@pytest.fixture(scope="module")
def employment(demo_store: Store) -> pd.DataFrame:
    return demo_store.query("SELECT region, industry, year, value, flag FROM facts "
                            "WHERE dataset = 'demo_sbs' AND indicator = 'employment'")


@pytest.fixture(scope="module")
def planted(demo_store: Store) -> list[dict[str, object]]:
    bodies = demo_store.query("SELECT body FROM records WHERE kind = 'demo_planted_cluster' ORDER BY key")["body"]
    return [json.loads(b) for b in bodies]


def test_planted_clusters_have_location_quotient_at_least_2(employment: pd.DataFrame,
                                                            planted: list[dict[str, object]]) -> None:
    # LQ = (E_rc / E_r) / (E_c / E), by hand with pandas over the NUTS2 rows of the store, every year
    tax = load_taxonomy()
    n2 = employment[employment["region"].str.len() == 4].dropna(subset=["value"])
    assert {p["strength"] for p in planted} == set(STRENGTHS)
    for p in planted:
        classes = set(tax.classes_of(str(p["category"]))) & set(n2["industry"])
        assert classes == set(p["nace"])  # the record lists the category's classes present in the data
        for year, d in n2.groupby("year"):
            in_c = d["industry"].isin(classes)
            in_r = d["region"] == p["region"]
            lq = (d.loc[in_r & in_c, "value"].sum() / d.loc[in_r, "value"].sum()) / (
                d.loc[in_c, "value"].sum() / d["value"].sum())
            assert lq >= 2.0, (p, year, lq)
            if year == 2015:  # the generator lifts each cluster to its strength's target (or finds it above)
                assert lq >= 0.9 * STRENGTHS[str(p["strength"])][0], (p, lq)


def test_strong_clusters_grow_faster_than_weak_ones(employment: pd.DataFrame,
                                                    planted: list[dict[str, object]]) -> None:
    n2 = employment[employment["region"].str.len() == 4]
    growth: dict[str, list[float]] = {}
    for p in planted:
        d = n2[(n2["region"] == p["region"]) & n2["industry"].isin(p["nace"])].groupby("year")["value"].sum()
        growth.setdefault(str(p["strength"]), []).append(d[2022] / d[2015])
    assert np.median(growth["strong"]) > np.median(growth["weak"])


def test_facts_non_negative_and_missing_is_nan_never_zero(demo_store: Store) -> None:
    f = demo_store.query("""
        SELECT indicator, count(*) FILTER (WHERE value < 0) AS negative,
               count(*) FILTER (WHERE value = 0) AS zero,
               count(*) FILTER (WHERE value IS NULL OR isnan(value)) AS missing,
               count(*) FILTER (WHERE flag = 'c' AND NOT (value IS NULL OR isnan(value))) AS c_with_value,
               count(*) AS n
        FROM facts WHERE dataset IN ('demo_sbs', 'demo_regional')
        GROUP BY indicator""").set_index("indicator")
    assert (f["negative"] == 0).all()
    assert (f["c_with_value"] == 0).all()
    # a present class has at least one person employed and one enterprise; absent classes have no row
    assert f.loc[["employment", "enterprises", "wage_bill", "value_added"], "zero"].eq(0).all()
    assert f.loc["enterprises", "missing"] == 0  # enterprise counts stay published, as in Eurostat's SBS
    share = f.loc["employment", "missing"] / f.loc["employment", "n"]
    assert 0.01 < share < 0.4


def test_confidential_cells_are_those_with_fewer_than_three_enterprises(demo_store: Store) -> None:
    d = demo_store.query("""
        SELECT e.value AS emp, e.flag, n.value AS ent FROM facts e JOIN facts n
          ON n.dataset = e.dataset AND n.region = e.region AND n.industry = e.industry AND n.year = e.year
         AND n.indicator = 'enterprises'
        WHERE e.dataset = 'demo_sbs' AND e.indicator = 'employment'""")
    assert ((d["flag"] == "c") == (d["ent"] < 3)).all()
    assert d.loc[d["flag"] == "", "emp"].notna().all()
    assert (d.loc[d["flag"] == "", "emp"] >= d.loc[d["flag"] == "", "ent"]).all()


def test_upper_levels_are_sums_of_nuts3(demo_store: Store, world: DemoWorld) -> None:
    ent = demo_store.query("SELECT region, industry, year, value FROM facts "
                           "WHERE dataset = 'demo_sbs' AND indicator = 'enterprises'")
    parent = world.geo.regions.set_index("code")["parent"]
    n3 = ent[ent["region"].str.len() == 5].copy()
    n3["nuts2"] = parent.loc[n3["region"]].to_numpy()
    by_hand = n3.groupby(["nuts2", "industry", "year"])["value"].sum()
    stored = ent[ent["region"].str.len() == 4].set_index(["region", "industry", "year"])["value"]
    stored.index.names = by_hand.index.names
    pd.testing.assert_series_equal(by_hand.sort_index(), stored.sort_index(), check_names=False)


def test_industries_are_business_economy_classes_of_the_taxonomy(demo_store: Store) -> None:
    nace = load_taxonomy().nace
    classes = set(nace.loc[nace["level"].astype(int) == 4, "code"])
    used = set(demo_store.query("SELECT DISTINCT industry FROM facts WHERE dataset = 'demo_sbs'")["industry"])
    assert used <= classes
    assert {c[0] for c in used} == set("BCDEFGHIJLMN")
    units = demo_store.query("SELECT DISTINCT indicator, unit FROM facts WHERE dataset = 'demo_sbs'")
    assert dict(zip(units["indicator"], units["unit"], strict=True)) == {
        "employment": "persons", "enterprises": "number", "wage_bill": "EUR", "value_added": "EUR"}


def test_local_industries_follow_population(demo_store: Store) -> None:
    """Retail (G47) employment tracks population across NUTS3 regions much more than a traded industry."""
    f = demo_store.query("""
        SELECT r.region, sum(r.value) FILTER (WHERE r.industry LIKE 'G47%') AS retail,
               sum(r.value) FILTER (WHERE r.industry LIKE 'C21%') AS pharma, any_value(p.value) AS pop
        FROM facts r JOIN facts p ON p.region = r.region AND p.year = r.year AND p.indicator = 'population'
        WHERE r.dataset = 'demo_sbs' AND r.indicator = 'enterprises' AND r.year = 2022
          AND length(r.region) = 5
        GROUP BY r.region""").fillna(0)
    assert f["retail"].corr(f["pop"]) > 0.9
    assert f["retail"].corr(f["pop"]) > f["pharma"].corr(f["pop"])
