"""Golden files for one demo region's scorecard and policy action dashboard, plus numbers checked by hand.

The golden files freeze what the whole chain (demo generator → store → service → scoreboard core) produces for
seed 42; they are rewritten only with CLUSTEROBS_UPDATE_SNAPSHOTS=1 (the approach of
tests/scoreboard/conftest.py). Independently of the service, the hand computation below recomputes the scores
from the raw facts in the store with the published method (latest available year, min-max to [0, 1] with the
framework direction over all NUTS2 regions, arithmetic means up the tree) and checks the scorecard against it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from clusterobs.scoreboard import Framework, load_framework
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="module")
def svc(demo_store: Store) -> ScoreboardService:
    return ScoreboardService(demo_store)


@pytest.fixture(scope="module")
def region(demo_store: Store) -> str:
    """The first NUTS2 code of Demoland (by code)."""
    codes = demo_store.query("SELECT code FROM regions WHERE version = 'demo' AND level = 2 "
                             "AND NOT is_extra_regio ORDER BY code LIMIT 1")
    return str(codes["code"].iloc[0])


@pytest.fixture(scope="module")
def card(svc: ScoreboardService, region: str) -> pd.DataFrame:
    return svc.scorecard(region)


@pytest.fixture(scope="module")
def by_hand(demo_store: Store, fw: Framework) -> pd.DataFrame:
    """Regions × element codes, recomputed from the facts with pandas only (no clusterobs scoring code)."""
    regions = demo_store.query("SELECT code FROM regions WHERE version = 'demo' AND level = 2 "
                               "AND NOT is_extra_regio")["code"]
    facts = demo_store.query("SELECT region, indicator, year, value FROM facts WHERE dataset = 'demo_scoreboard'")
    facts = facts[facts["value"].notna() & facts["region"].isin(regions)]
    last = facts.sort_values("year").groupby(["region", "indicator"])["value"].last().unstack()
    codes = list(fw.indicators)
    raw = last.reindex(index=sorted(regions), columns=codes)
    signed = raw * np.array([fw.element(c).direction for c in codes])
    out = (signed - signed.min()) / (signed.max() - signed.min())
    for level_codes in _levels_bottom_up(fw):
        for code in level_codes:
            out[code] = out[list(fw.children(code))].mean(axis=1)  # mean over the available children
    return out


def _levels_bottom_up(fw: Framework) -> list[list[str]]:
    """Sub-dimensions, then dimensions, then the index (from the framework's parent links)."""
    subs = sorted({str(fw.element(c).parent) for c in fw.indicators}, key=lambda c: int(c[1:]))
    dims = sorted({str(fw.element(c).parent) for c in subs}, key=lambda c: int(c[1:]))
    return [subs, dims, [fw.index_code]]




def test_golden_scorecard(card: pd.DataFrame, fw: Framework, snapshot: Callable[[pd.DataFrame, str], None]) -> None:
    # rows in the framework's depth-first order: index, 6 dimensions, 17 sub-dimensions, 58 indicators
    assert list(card["code"]) == fw.tree_order() and len(card) == 1 + 6 + 17 + 58
    assert card["value"].between(0, 1).all()
    snapshot(card, "out.csv")


def test_golden_dashboard(svc: ScoreboardService, region: str, card: pd.DataFrame, by_hand: pd.DataFrame,
                          snapshot: Callable[[pd.DataFrame, str], None]) -> None:
    dash = svc.dashboard(region)
    # the items are exactly the red (bottleneck) sub-dimensions and indicators of the scorecard
    red = card[(card["peer status"] == "red") & card["level"].isin(["sub-dimension", "indicator"])]
    assert not red.empty and sorted(dash["code"]) == sorted(red["code"])
    # gap = (peer mean − value) / peer sd (n − 1), by hand over the service's peers; the rank follows the gap
    peers = list(svc.peers(region).peers)
    for rec in dash.to_dict("records"):
        code = rec["code"]
        expected = (by_hand.loc[peers, code].mean() - by_hand.loc[region, code]) / by_hand.loc[peers, code].std()
        assert rec["gap"] == pytest.approx(expected, rel=1e-9), code
    assert (dash["gap"] > 1).all()
    assert list(dash.sort_values("rank", kind="stable")["gap"]) == sorted(dash["gap"], reverse=True)
    snapshot(dash, "out.csv")


def test_res_is_the_mean_of_the_six_dimensions(card: pd.DataFrame, fw: Framework) -> None:
    dims = card[card["level"] == "dimension"]
    assert list(dims["code"]) == ["p1", "p2", "p3", "p4", "p5", "p6"]
    res = card.loc[card["code"] == fw.index_code, "value"].item()
    assert res == pytest.approx(dims["value"].mean(), abs=1e-12)


def test_scorecard_values_match_the_hand_computation(card: pd.DataFrame, by_hand: pd.DataFrame, region: str,
                                                     fw: Framework) -> None:
    values = card.set_index("code")["value"]
    # a sub-dimension is the mean of its normalised indicators: c1 = mean(ind1..ind4), written out
    c1_kids = ["ind1", "ind2", "ind3", "ind4"]
    assert list(fw.children("c1")) == c1_kids
    assert values["c1"] == pytest.approx(np.nanmean([by_hand.loc[region, k] for k in c1_kids]), abs=1e-12)
    # and every element of the region agrees with the independent recomputation
    np.testing.assert_allclose(values.to_numpy(dtype=float),
                               by_hand.loc[region, list(values.index)].to_numpy(dtype=float), atol=1e-12)


def test_rank_labels_are_pandas_ranks_over_all_regions(card: pd.DataFrame, by_hand: pd.DataFrame,
                                                       region: str) -> None:
    assert len(by_hand) == 60
    ranks = by_hand.rank(ascending=False, method="min")
    n = by_hand.notna().sum()
    labels = card.set_index("code")["rank"]
    for code in ["RES", "p1", "p6", "c1", "c17", "ind42", "ind50"]:
        assert labels[code] == f"{int(ranks.loc[region, code])}/{int(n[code])}", code
    expected = [f"{int(ranks.loc[region, c])}/{int(n[c])}" if not np.isnan(ranks.loc[region, c]) else ""
                for c in labels.index]
    assert list(labels) == expected


def test_eu_and_peer_means_by_hand(card: pd.DataFrame, by_hand: pd.DataFrame, svc: ScoreboardService,
                                   region: str) -> None:
    table = card.set_index("code")
    peers = list(svc.peers(region).peers)
    assert len(peers) == 5 and region not in peers
    for code in ["RES", "p4", "c11", "ind42"]:
        assert table.loc[code, "EU mean"] == pytest.approx(by_hand[code].mean(), abs=1e-12)
        assert table.loc[code, "peer mean"] == pytest.approx(by_hand.loc[peers, code].mean(), abs=1e-12)
