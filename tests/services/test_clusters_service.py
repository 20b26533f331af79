"""Cluster mapping over the store: categories summed from NACE classes, planted demo clusters starred."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from clusterobs.industries import load_taxonomy
from clusterobs.services.clusters import category_table, clusters
from clusterobs.store import Store


@pytest.fixture(scope="module")
def rated(demo_store: Store) -> pd.DataFrame:
    return clusters(demo_store, preset="eco2007")


def test_category_employment_is_the_sum_of_its_classes(demo_store: Store) -> None:
    """Independent check: sum the classes of one category for one region with pandas."""
    tax = load_taxonomy()
    table = category_table(demo_store).set_index(["region", "category", "year"])
    facts = demo_store.query("SELECT region, industry, year, value FROM facts WHERE dataset = 'demo_sbs' "
                             "AND indicator = 'employment' AND region = 'XA11' AND year = 2022")
    for cat in ("automotive", "food_processing", "local_retailing"):
        classes = set(tax.classes_of(cat))
        part = facts[facts["industry"].isin(classes)]
        assert table.loc[("XA11", cat, 2022), "employment"] == pytest.approx(part["value"].sum(skipna=True))
        assert table.loc[("XA11", cat, 2022), "missing_classes"] == part["value"].isna().sum()


def test_traded_flag_follows_the_taxonomy(demo_store: Store) -> None:
    table = category_table(demo_store)
    kinds = load_taxonomy().categories.set_index("code")["kind"]
    assert (table["traded"] == table["category"].map(kinds).eq("traded")).all()


def test_planted_demo_clusters_come_out_starred(demo_store: Store, rated: pd.DataFrame) -> None:
    planted = [json.loads(b) for b in demo_store.query(
        "SELECT body FROM records WHERE kind = 'demo_planted_cluster'")["body"]]
    assert planted
    last = rated[rated["year"] == rated["year"].max()].set_index(["region", "category"])
    for p in planted:
        row = last.loc[(p["region"], p["category"])]
        assert row["stars"] >= 1, p
        assert row["star_specialisation"], p  # every planted cluster has LQ ≥ 2 by construction
        if p["strength"] == "strong":
            assert row["lq"] >= 4.0, p


def test_business_employment_is_plausible(demo_store: Store) -> None:
    """No region employs more people in the business economy than it has inhabitants."""
    ratio = demo_store.query(
        """
        WITH e AS (SELECT region, year, sum(value) AS emp FROM facts
                   WHERE dataset = 'demo_sbs' AND indicator = 'employment' AND length(region) = 4
                   GROUP BY region, year),
             p AS (SELECT region, year, value AS pop FROM facts WHERE indicator = 'population')
        SELECT max(emp / pop) AS r FROM e JOIN p USING (region, year)
        """
    )["r"][0]
    assert 0.1 < ratio < 0.8
