"""Emerging industries over the store: LQ and focus relative to the region's whole employment.

The emerging industries are overlapping NACE class sets that do not cover the economy, so the category
table carries each region's total employment (``region_employment``) and the mapping core uses it as E_r
(and the sum of the regions' totals as E), as the European Cluster Observatory did.
"""

from __future__ import annotations

import pandas as pd
import pytest

from clusterobs.industries import load_taxonomy
from clusterobs.mapping import map_clusters
from clusterobs.services.clusters import category_table, clusters
from clusterobs.store import Store

YEAR = 2022


@pytest.fixture(scope="module")
def class_facts(demo_store: Store) -> pd.DataFrame:
    """Employment by NACE class of the demo's NUTS 2 regions (codes of four characters) in one year."""
    classes = set(load_taxonomy().nace.query("level == 4")["code"])
    facts = demo_store.query("SELECT region, industry, value FROM facts WHERE indicator = 'employment' "
                             "AND length(region) = 4 AND year = ?", [YEAR])
    return facts[facts["industry"].isin(classes)]


@pytest.mark.parametrize("region,code", [("XA11", "biopharmaceuticals"), ("XC15", "mobility_technologies"),
                                         ("XE32", "medical_devices")])
def test_emerging_lq_against_pandas_from_class_facts(demo_store: Store, class_facts: pd.DataFrame,
                                                     region: str, code: str) -> None:
    """Independent computation: LQ = (E_rc / E_r) / (E_c / E) summed from the class facts with pandas."""
    members = set(load_taxonomy().classes_of(code, scheme="emerging"))
    assert members
    ok = class_facts["value"].notna()  # missing (confidential) values are excluded, never read as zero
    in_c = class_facts["industry"].isin(members) & ok
    at_r = class_facts["region"] == region
    e_rc = class_facts.loc[in_c & at_r, "value"].sum()
    e_r = class_facts.loc[ok & at_r, "value"].sum()
    e_c = class_facts.loc[in_c, "value"].sum()
    e = class_facts.loc[ok, "value"].sum()
    expected = (e_rc / e_r) / (e_c / e)

    rated = clusters(demo_store, scheme="emerging").set_index(["region", "category", "year"])
    row = rated.loc[(region, code, YEAR)]
    assert row["employment"] == pytest.approx(e_rc)
    assert row["lq"] == pytest.approx(expected, rel=1e-12)
    assert row["focus"] == pytest.approx(e_rc / e_r, rel=1e-12)
    assert row["size"] == pytest.approx(e_rc / e_c, rel=1e-12)
    # the old denominator (the sum of the ten emerging industries) gives another number
    table = category_table(demo_store, scheme="emerging")
    old = map_clusters(table.drop(columns=["region_employment"]), "eco2007").set_index(
        ["region", "category", "year"])
    assert abs(old.loc[(region, code, YEAR), "lq"] - expected) > 1e-3


def test_emerging_region_total_is_all_classes(demo_store: Store, class_facts: pd.DataFrame) -> None:
    table = category_table(demo_store, scheme="emerging")
    totals = table[table["year"] == YEAR].groupby("region")["region_employment"].agg(["min", "max"])
    assert (totals["min"] == totals["max"]).all()  # one value per region × year
    expected = class_facts.groupby("region")["value"].sum()
    pd.testing.assert_series_equal(totals["min"].sort_index(), expected.reindex(totals.index).sort_index(),
                                   check_names=False)
    # the emerging industries cover only part of the demo economy: their sum is no region total
    assert (table.groupby(["region", "year"])["employment"].sum()
            < table.groupby(["region", "year"])["region_employment"].first()).all()


def test_cluster_categories_unchanged_by_the_region_total(demo_store: Store) -> None:
    """The 51 traded + local categories partition the classes: the total is their sum, results identical."""
    table = category_table(demo_store)
    by_ry = table.groupby(["region", "year"])
    assert (by_ry["employment"].sum() == by_ry["region_employment"].first()).all()
    emerging = category_table(demo_store, scheme="emerging").groupby(["region", "year"])["region_employment"]
    pd.testing.assert_series_equal(emerging.first(), by_ry["region_employment"].first())
    with_total = map_clusters(table, "eco2007")
    without = map_clusters(table.drop(columns=["region_employment"]), "eco2007")
    pd.testing.assert_frame_equal(with_total, without)
