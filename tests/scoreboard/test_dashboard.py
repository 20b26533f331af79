"""Policy action dashboard: gap ranking, grouping and coverage warnings by hand; mapping file; golden file."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from clusterobs.errors import ValidationError
from clusterobs.scoreboard.compute import compute_scores
from clusterobs.scoreboard.dashboard import (
    DASHBOARD_COLUMNS,
    PolicyAction,
    PolicyActions,
    coverage,
    policy_actions_from_dict,
    policy_dashboard,
)
from clusterobs.scoreboard.elements import element_table
from clusterobs.scoreboard.framework import Framework
from clusterobs.scoreboard.io import load_peer_blocks, load_policy_actions
from clusterobs.scoreboard.peers import find_peers

pytestmark = pytest.mark.core

TOY_ACTIONS = PolicyActions(
    version="t",
    actions={
        "c1": (PolicyAction("c1.x", "Act X"), PolicyAction("c1.y", "Act Y")),
        "c2": (PolicyAction("c2.x", "Act Z"),),
        "c3": (PolicyAction("c3.x", "Act W"),),
    },
)


def _elements(fw: Framework) -> pd.DataFrame:
    rows = {
        #        value  peer_mean peer_sd colour
        "T": (0.5, 0.5, 0.1, "orange"),
        "p1": (0.5, 0.5, 0.1, "orange"),
        "c1": (0.1, 0.5, 0.2, "red"),     # gap 2
        "a": (0.2, 0.6, 0.1, "red"),      # gap 4
        "b": (np.nan, 0.5, 0.1, "grey"),  # missing -> c1 coverage 1/2
        "c2": (0.5, 0.5, 0.1, "orange"),
        "d": (0.5, 0.5, 0.1, "orange"),
        "p2": (0.0, 0.3, 0.2, "red"),     # dimensions are not listed
        "c3": (0.5, 0.5, 0.1, "orange"),
        "e": (0.0, 0.3, 0.2, "red"),      # gap 1.5
    }
    return pd.DataFrame(
        [
            {"code": c, "name": fw.element(c).name, "level": {1: "indicator", 2: "sub-dimension", 3: "dimension",
                                                              4: "index"}[fw.element(c).level],
             "value": v, "peer_mean": m, "peer_sd": s, "colour": col}
            for c, (v, m, s, col) in rows.items()
        ]
    )


def test_gap_ranking_and_grouping_by_hand(toy_framework: Framework) -> None:
    d = policy_dashboard(toy_framework, _elements(toy_framework), TOY_ACTIONS)
    assert tuple(d.columns) == DASHBOARD_COLUMNS
    assert d["code"].tolist() == ["a", "c1", "e"]  # p1 (max gap 4) before p2 (1.5)
    assert d["gap"].tolist() == pytest.approx([4.0, 2.0, 1.5])
    assert d["rank"].tolist() == [1, 2, 3]
    assert d["rank_in_dimension"].tolist() == [1, 2, 1]
    assert d["dimension"].tolist() == ["p1", "p1", "p2"]
    assert d["action_ids"].tolist() == ["c1.x; c1.y", "c1.x; c1.y", "c3.x"]
    assert d["policy_actions"].iloc[0] == "Act X; Act Y"
    assert d["coverage"].tolist() == pytest.approx([0.5, 0.5, 1.0])
    assert d["coverage_warning"].tolist() == ["only 1 of 2 indicators of c1 available"] * 2 + [""]


def test_dimension_order_follows_largest_gap(toy_framework: Framework) -> None:
    el = _elements(toy_framework)
    el.loc[el["code"] == "e", "value"] = -0.7  # gap (0.3 + 0.7) / 0.2 = 5 > 4
    d = policy_dashboard(toy_framework, el, TOY_ACTIONS)
    assert d["code"].tolist() == ["e", "a", "c1"]
    assert d["rank"].tolist() == [1, 2, 3]


def test_zero_peer_spread_ranks_first(toy_framework: Framework) -> None:
    el = _elements(toy_framework)
    el.loc[el["code"] == "e", "peer_sd"] = 0.0
    d = policy_dashboard(toy_framework, el, TOY_ACTIONS)
    assert d.loc[0, "code"] == "e" and np.isinf(d.loc[0, "gap"])


def test_no_red_gives_empty_table(toy_framework: Framework) -> None:
    el = _elements(toy_framework).assign(colour="orange")
    d = policy_dashboard(toy_framework, el, TOY_ACTIONS)
    assert d.empty and tuple(d.columns) == DASHBOARD_COLUMNS


def test_coverage_by_hand(toy_framework: Framework) -> None:
    assert coverage(toy_framework, _elements(toy_framework)) == {"c1": 0.5, "c2": 1.0, "c3": 1.0}


def test_packaged_actions_cover_every_subdimension(res_framework: Framework) -> None:
    acts = load_policy_actions(framework=res_framework)
    assert sorted(acts.actions, key=lambda c: int(c[1:])) == res_framework.codes(2)
    assert acts.version and acts.sources
    ids = [a.id for items in acts.actions.values() for a in items]
    assert len(ids) == len(set(ids))


def test_action_file_validation(toy_framework: Framework) -> None:
    with pytest.raises(ValidationError, match="without policy actions: c2, c3"):
        policy_actions_from_dict({"actions": {"c1": [{"id": "x", "title": "X"}]}}, toy_framework)
    with pytest.raises(ValidationError, match="not sub-dimensions: zz"):
        policy_actions_from_dict({"actions": {"zz": [{"id": "x", "title": "X"}]}}, toy_framework)
    with pytest.raises(ValidationError, match="'x' is used twice"):
        policy_actions_from_dict({"actions": {"c1": [{"id": "x", "title": "X"}, {"id": "x", "title": "Y"}]}})
    with pytest.raises(ValidationError, match="needs an id and a title"):
        policy_actions_from_dict({"actions": {"c1": [{"id": "x"}]}})


def test_golden_dashboard(
    world: tuple[pd.DataFrame, pd.DataFrame], res_framework: Framework,
    snapshot: Callable[[pd.DataFrame, str], None],
) -> None:
    raw, structural = world
    scores = compute_scores(res_framework, raw)
    peers = find_peers(structural, load_peer_blocks(), "AT11", k=5)
    el = element_table(res_framework, scores, "AT11", peers.peers)
    d = policy_dashboard(res_framework, el, load_policy_actions(framework=res_framework))
    red = el[(el["colour"] == "red") & el["level"].isin(["sub-dimension", "indicator"])]
    assert sorted(d["code"]) == sorted(red["code"])
    assert (d["gap"] > 1).all()
    assert d["rank"].min() == 1
    snapshot(d, "out.csv")
