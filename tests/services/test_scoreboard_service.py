"""The scoreboard service reads the right facts from the store: latest year, one level, structural variables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from clusterobs.errors import NotFoundError
from clusterobs.scoreboard import compute_scores, load_framework
from clusterobs.services.scoreboard import ScoreboardService, structural_variables
from clusterobs.store import Batch, Store

REGIONS = ["XA11", "XA12", "XB11", "XB12"]


def _regions() -> pd.DataFrame:
    rows = [("XA", 0, None), ("XB", 0, None), ("XA1", 1, "XA"), ("XB1", 1, "XB")]
    rows += [(r, 2, r[:3]) for r in REGIONS]
    return pd.DataFrame({"code": [r[0] for r in rows], "version": "demo", "level": [r[1] for r in rows],
                         "country": [r[0][:2] for r in rows], "name": [f"Region {r[0]}" for r in rows],
                         "parent": [r[2] for r in rows], "is_extra_regio": False})


def _fact(region: str, indicator: str, year: int, value: float, industry: str = "", dataset: str = "d") -> dict:
    return {"dataset": dataset, "region": region, "industry": industry, "indicator": indicator, "year": year,
            "value": value, "unit": "", "flag": ""}


@pytest.fixture
def filled(store: Store) -> Store:
    facts = []
    rng = np.random.default_rng(7)
    fw = load_framework()
    for r in REGIONS:
        for code in fw.indicators:
            facts.append(_fact(r, code, 2019, float(rng.uniform(0, 10))))
        facts.append(_fact(r, "population", 2020, 1e6 * (1 + REGIONS.index(r))))
    # a newer value for one indicator must win over 2019; a NaN newer value must not
    facts.append(_fact("XA11", "ind1", 2021, 99.0))
    facts.append(_fact("XA12", "ind1", 2021, float("nan")))
    # business statistics by NACE class for structural variables
    facts += [_fact("XA11", "employment", 2020, 300.0, "C2910", "sbs"), _fact("XA11", "employment", 2020, 100.0,
              "G4711", "sbs"), _fact("XA11", "enterprises", 2020, 8.0, "C2910", "sbs"),
              _fact("XA11", "enterprises", 2020, 12.0, "G4711", "sbs")]
    nace = pd.DataFrame({"scheme": "nace_r2", "code": ["C2910", "G4711"], "level": 4, "parent": ["C291", "G471"],
                         "label": ["cars", "shops"], "kind": ""})
    store.write(Batch("t", "test", "test", "sha256:t", {"regions": _regions(), "facts": pd.DataFrame(facts),
                                                        "industries": nace}))
    return store


def test_latest_available_year_per_indicator(filled: Store) -> None:
    svc = ScoreboardService(filled)
    assert list(svc.inputs.data.index) == REGIONS
    assert svc.inputs.data.loc["XA11", "ind1"] == 99.0
    assert svc.inputs.years.loc["XA11", "ind1"] == 2021
    assert svc.inputs.years.loc["XA12", "ind1"] == 2019  # its 2021 value is missing, so 2019 stands


def test_scores_are_the_core_on_the_gathered_table(filled: Store) -> None:
    svc = ScoreboardService(filled)
    expected = compute_scores(load_framework(), svc.inputs.data)
    pd.testing.assert_frame_equal(svc.scores, expected)
    # min-max by hand for ind1 (direction from the framework)
    col = svc.inputs.data["ind1"]
    d = load_framework().element("ind1").direction
    x = col if d == 1 else -col
    by_hand = (x - x.min()) / (x.max() - x.min())
    np.testing.assert_allclose(svc.scores["ind1"], by_hand, atol=1e-12)


def test_structural_variables_by_hand(filled: Store) -> None:
    s = structural_variables(filled, pd.Index(REGIONS))
    assert math.isclose(s.loc["XA11", "population"], math.log(1e6))
    assert math.isclose(s.loc["XA11", "emp_share_industry"], 75.0)  # 300 of 400 in section C
    assert math.isclose(s.loc["XA11", "emp_share_market_services"], 25.0)
    assert math.isclose(s.loc["XA11", "avg_enterprise_size"], 400 / 20)
    assert math.isclose(s.loc["XA11", "local_units_per_1000"], 1000 * 20 / 1e6)
    assert math.isnan(s.loc["XB11", "avg_enterprise_size"])  # no business statistics: missing, not zero


def test_unknown_region_is_not_found(filled: Store) -> None:
    with pytest.raises(NotFoundError, match="XX99"):
        ScoreboardService(filled).scorecard("XX99")


def test_chosen_peers_drive_the_peer_mean(filled: Store) -> None:
    svc = ScoreboardService(filled)
    peers = svc.peers("XA11", chosen=["XB11", "XB12"])
    el = svc.elements("XA11", peers).set_index("code")
    expected = svc.scores.loc[["XB11", "XB12"], "RES"].mean()
    assert math.isclose(el.loc["RES", "peer_mean"], expected)
    assert math.isclose(el.loc["RES", "eu_mean"], svc.scores["RES"].mean())


def test_a_region_with_too_few_indicators_gets_no_index(filled: Store) -> None:
    """XB12 keeps only 10 of 58 indicators: its sub-dimension scores stand, its index is missing (not ranked)."""
    svc = ScoreboardService(filled)
    data = svc.inputs.data
    keep = list(data.columns[:10])
    data.loc["XB12", [c for c in data.columns if c not in keep]] = np.nan
    assert svc.region_coverage()["XB12"] == pytest.approx(10 / 58)
    scores = svc.scores
    assert math.isnan(scores.loc["XB12", "RES"])
    assert not math.isnan(scores.loc["XB12", "c1"])
    assert scores.loc[["XA11", "XA12", "XB11"], "RES"].notna().all()
    relaxed = ScoreboardService(filled, min_coverage=0.0)
    relaxed.inputs.data.loc["XB12", [c for c in data.columns if c not in keep]] = np.nan
    assert not math.isnan(relaxed.scores.loc["XB12", "RES"])
