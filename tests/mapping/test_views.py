"""Views and US CMP region strength on the hand-computed worlds."""

from __future__ import annotations

import pandas as pd
import pytest

from clusterobs.errors import NotFoundError
from clusterobs.mapping import views
from clusterobs.mapping.stars import map_clusters, rate_data
from clusterobs.mapping.uscmp import region_strength

from .conftest import SMALL, long_table
from .test_stars import uscmp_world


@pytest.fixture
def rated(small: pd.DataFrame) -> pd.DataFrame:
    return map_clusters(small, "eco2007")


def test_portfolio_and_sector(rated: pd.DataFrame) -> None:
    p = views.portfolio(rated, "C")
    # C: z has 2 stars; then by LQ: x 0.5 > y 0.2
    assert p["category"].astype(str).tolist() == ["z", "x", "y"]
    assert p["stars"].tolist() == [2, 0, 0]
    assert {"reasons", "lq", "size", "focus", "rank", "employment_cagr"} <= set(p.columns)
    s = views.sector(rated, "z")
    assert s["region"].astype(str).tolist() == ["C", "A", "B"]  # stars, then employment 40 > 10
    with pytest.raises(NotFoundError, match="'Q'"):
        views.portfolio(rated, "Q")


def test_summary_by_country_and_tier() -> None:
    rows = {"AT11": SMALL["A"], "AT12": SMALL["B"], "BE10": SMALL["C"]}
    s = views.summary(map_clusters(long_table(rows), "eco2007")).set_index("country")
    # AT: two 3-star clusters (AT11/x 50, AT12/y 80) of 200 employees; BE: one 2-star (z 170) of 200
    assert s.loc["AT", "clusters"] == 2 and s.loc["BE", "clusters"] == 1
    assert s.loc["AT", "employment_share"] == pytest.approx(130 / 200)
    assert s.loc["BE", "employment_share"] == pytest.approx(170 / 200)
    assert s.loc["AT", "tier_three stars"] == 2 and s.loc["BE", "tier_two stars"] == 1


def test_compare_and_time_series(small: pd.DataFrame) -> None:
    both = pd.concat([small, small.assign(year=2021)])
    rated = map_clusters(both, "eco2007")
    c = views.compare(rated, "A", "B")
    top = c.iloc[0]
    # LQ differences A−B: x 2.0, y −2.8, z 0.545 → y first by absolute size
    assert str(top["category"]) == "y" and top["lq_diff"] == pytest.approx(0.4 - 3.2)
    ts = views.time_series(rated, "A", "x")
    assert ts["year"].tolist() == [2020, 2021] and ts["lq"].tolist() == pytest.approx([2.5, 2.5])


def test_region_strength_share_of_traded_employment_in_strong_clusters() -> None:
    res = region_strength(rate_data(uscmp_world(), "uscmp")).set_index("region")
    # strong: R1/t1 (40 of 50 traded), R2/t2 (45 of 50), R5/t1 (23 of 30); R3, R4 none
    assert res["strength"].to_dict() == pytest.approx({"R1": 0.8, "R2": 0.9, "R3": 0.0, "R4": 0.0,
                                                       "R5": 23 / 30})
    assert res.loc["R1", "n_strong"] == 1
    s10 = region_strength(rate_data(uscmp_world(), "uscmp"), flag="strong10").set_index("region")
    assert s10.loc["R5", "strength"] == 0.0
