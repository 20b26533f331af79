"""Per-region element table: ranks with ties, EU and peer means, colour thresholds, all by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterobs.errors import NotFoundError
from clusterobs.scoreboard.elements import GREEN, GREY, ORANGE, RED, element_table, ranks, status_colours
from clusterobs.scoreboard.framework import Framework

pytestmark = pytest.mark.core


def test_ranks_ties_min_and_missing() -> None:
    r = ranks(pd.DataFrame({"x": [0.5, 0.9, 0.5, np.nan, 0.1]}))
    np.testing.assert_array_equal(r["x"], [2, 1, 2, np.nan, 4])


def test_colour_thresholds_by_hand() -> None:
    # peers 1, 3, 5: mean 3, sample sd 2 -> band [1, 5], bounds orange
    v = np.array([5.0, 5.001, 1.0, 0.999, 3.0, np.nan])
    got = status_colours(v, np.full(6, 3.0), np.full(6, 2.0))
    assert got.tolist() == [ORANGE, GREEN, ORANGE, RED, ORANGE, GREY]
    assert status_colours(np.array([1.0]), np.array([np.nan]), np.array([np.nan])).tolist() == [GREY]
    # no spread among peers: any difference is outside the band
    assert status_colours(np.array([2.0, 3.0, 4.0]), np.full(3, 3.0), np.zeros(3)).tolist() == [RED, ORANGE, GREEN]


def _scores(fw: Framework) -> pd.DataFrame:
    codes = fw.codes()
    base = pd.DataFrame(0.5, index=["R0", "P1", "P2", "P3", "X1"], columns=codes)
    base["a"] = [0.2, 0.1, 0.3, 0.5, 0.2]      # peers .1 .3 .5: mean .3, sd .2 -> .2 within -> orange
    base["c1"] = [0.0, 0.4, 0.6, 0.8, 1.0]     # peers mean .6, sd .2 -> 0 < .4 -> red
    base["e"] = [0.9, 0.4, 0.6, 0.8, np.nan]   # 0.9 > .8 -> green; X1 missing -> N = 4
    base["d"] = [np.nan, 0.1, 0.2, 0.3, 0.4]   # region missing -> grey, no rank
    base["b"] = [0.7, 0.2, np.nan, np.nan, 0.1]  # one peer with data -> no sd -> grey
    return base


def test_element_table_by_hand(toy_framework: Framework) -> None:
    t = element_table(toy_framework, _scores(toy_framework), "R0", ["P1", "P2", "P3", "R0"]).set_index("code")
    assert list(t.index) == toy_framework.tree_order()
    assert t.loc["a", "rank_label"] == "3/5"  # .5 (1), .3 (2), .2 = .2 (3, ties min), .1 (5)
    assert t.loc["a", "eu_mean"] == pytest.approx((0.2 + 0.1 + 0.3 + 0.5 + 0.2) / 5)
    assert t.loc["a", "peer_mean"] == pytest.approx(0.3)
    assert t.loc["a", "peer_sd"] == pytest.approx(0.2)
    assert t.loc["a", "colour"] == ORANGE
    assert t.loc["c1", "colour"] == RED and t.loc["c1", "rank_label"] == "5/5"
    assert t.loc["e", "colour"] == GREEN and t.loc["e", "rank_label"] == "1/4" and t.loc["e", "n"] == 4
    assert t.loc["d", "colour"] == GREY and t.loc["d", "rank_label"] == "" and pd.isna(t.loc["d", "rank"])
    assert t.loc["b", "colour"] == GREY and t.loc["b", "n_peers"] == 1 and np.isnan(t.loc["b", "peer_sd"])
    assert t.loc["T", "level"] == "index" and t.loc["T", "dimension"] == ""
    assert t.loc["b", "dimension"] == "p1" and t.loc["b", "parent"] == "c1"


def test_element_table_errors(toy_framework: Framework) -> None:
    s = _scores(toy_framework)
    with pytest.raises(NotFoundError, match="'ZZ'"):
        element_table(toy_framework, s, "ZZ", ["P1"])
    with pytest.raises(NotFoundError, match="peer regions without scores: Q9"):
        element_table(toy_framework, s, "R0", ["P1", "Q9"])
    with pytest.raises(NotFoundError, match="lack element columns: T"):
        element_table(toy_framework, s.drop(columns="T"), "R0", ["P1"])


ORDER = {RED: 0, ORANGE: 1, GREEN: 2}


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(-10, 10), min_size=2, max_size=20),
    st.floats(-10, 10),
    st.floats(0, 5),
)
def test_colours_monotone_in_value(values: list[float], mean: float, sd: float) -> None:
    v = np.sort(np.array(values))
    colours = status_colours(v, np.full(len(v), mean), np.full(len(v), sd))
    levels = [ORDER[c] for c in colours]
    assert levels == sorted(levels)
