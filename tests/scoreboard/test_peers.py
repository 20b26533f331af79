"""Peer regions (Navarro et al., 2014): a 4-region toy computed by hand, validation, and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterobs.errors import NotFoundError, UnknownMethodError, ValidationError
from clusterobs.scoreboard.io import load_peer_blocks
from clusterobs.scoreboard.peers import (
    PeerBlocks,
    block_distances,
    choose_peers,
    find_peers,
    peer_blocks_from_dict,
    standardise,
    structural_distances,
)

pytestmark = pytest.mark.core

BLOCKS = PeerBlocks(version="t", blocks={"A": "block A", "B": "block B"}, variables={"x1": "A", "x2": "A", "y": "B"})
# x1, x2 on the corners of a unit square; y = 0, 1, -, 2 (DE11 lacks y).
TOY = pd.DataFrame(
    {"x1": [0, 1, 0, 1], "x2": [0, 0, 1, 1], "y": [0, 1, np.nan, 2], "ignored": [9, 9, 9, 9]},
    index=["AT11", "AT12", "DE11", "DE12"],
)
R2 = 1 / math.sqrt(2)


def test_standardise_by_hand() -> None:
    z = standardise(TOY[["x1", "y"]])
    # x1: mean .5, sample sd sqrt(1/3) -> ±sqrt(3)/2 ; y: mean 1, sd 1 -> -1, 0, NaN, 1
    np.testing.assert_allclose(z["x1"], [-math.sqrt(3) / 2, math.sqrt(3) / 2] * 2)
    np.testing.assert_allclose(z["y"], [-1, 0, np.nan, 1])
    flat = standardise(pd.DataFrame({"c": [5.0, 5.0, np.nan]}))
    np.testing.assert_array_equal(flat["c"], [0.0, 0.0, np.nan])


def test_block_distances_by_hand() -> None:
    d = block_distances(TOY, BLOCKS)
    # block A: sides of the square over its diagonal -> 1/sqrt2, diagonal -> 1
    a = d["A"].to_numpy()
    np.testing.assert_allclose(a, [[0, R2, R2, 1], [R2, 0, 1, R2], [R2, 1, 0, R2], [1, R2, R2, 0]], atol=1e-12)
    # block B: |z| differences 1, 2, 1 over the max 2; DE11 missing
    b = d["B"]
    assert b.loc["AT11", "AT12"] == pytest.approx(0.5)
    assert b.loc["AT11", "DE12"] == pytest.approx(1.0)
    assert b.loc["AT12", "DE12"] == pytest.approx(0.5)
    assert b.loc["DE11"].isna().all() and b["DE11"].isna().all()


def test_structural_distance_mean_over_available_blocks() -> None:
    d = structural_distances(TOY, BLOCKS)
    assert d.loc["AT11", "AT12"] == pytest.approx((R2 + 0.5) / 2)
    assert d.loc["AT11", "DE11"] == pytest.approx(R2)  # block B skipped
    assert d.loc["AT11", "DE12"] == pytest.approx(1.0)
    assert d.loc["AT12", "DE11"] == pytest.approx(1.0)
    assert d.loc["DE11", "DE12"] == pytest.approx(R2)


def test_find_peers_nearest_and_report() -> None:
    res = find_peers(TOY, BLOCKS, "AT11", k=2)
    assert res.peers == ("AT12", "DE11")
    assert res.table["distance"].tolist() == pytest.approx([(R2 + 0.5) / 2, R2])
    assert res.table["blocks_used"].tolist() == [2, 1]
    assert res.table["rank"].tolist() == [1, 2]
    assert res.skipped_blocks == ()
    assert find_peers(TOY, BLOCKS, "DE11", k=3).skipped_blocks == ("B",)


def test_find_peers_excluding_own_country() -> None:
    res = find_peers(TOY, BLOCKS, "AT11", k=5, exclude_own_country=True)
    assert res.peers == ("DE11", "DE12")
    assert set(res.table["country"]) == {"DE"}


def test_find_peers_errors() -> None:
    with pytest.raises(NotFoundError, match="XX11"):
        find_peers(TOY, BLOCKS, "XX11")
    with pytest.raises(ValidationError, match="k must be"):
        find_peers(TOY, BLOCKS, "AT11", k=0)
    with pytest.raises(UnknownMethodError, match="euclidean, manhattan"):
        find_peers(TOY, BLOCKS, "AT11", distance="cosine")


def test_manhattan_variant_by_hand() -> None:
    d = block_distances(TOY, BLOCKS, distance="manhattan")["A"]
    assert d.loc["AT11", "AT12"] == pytest.approx(0.5)  # 1 side over 2 sides


def test_user_peers() -> None:
    dist = structural_distances(TOY, BLOCKS)
    res = choose_peers("AT11", ["DE12", "AT12"], regions=TOY.index, distances=dist)
    assert res.method == "user" and res.peers == ("DE12", "AT12")
    assert res.table["distance"].tolist() == pytest.approx([1.0, (R2 + 0.5) / 2])
    six = [f"R{i}" for i in range(6)]
    with pytest.raises(ValidationError, match="at most 5 peer regions can be chosen, got 6"):
        choose_peers("AT11", six, regions=[*six, "AT11"])
    with pytest.raises(ValidationError, match="listed twice: AT12"):
        choose_peers("AT11", ["AT12", "AT12"], regions=TOY.index)
    with pytest.raises(ValidationError, match="its own peer"):
        choose_peers("AT11", ["AT11"], regions=TOY.index)
    with pytest.raises(NotFoundError, match="ZZ99"):
        choose_peers("AT11", ["ZZ99"], regions=TOY.index)
    with pytest.raises(ValidationError, match="at least one"):
        choose_peers("AT11", [], regions=TOY.index)


def test_packaged_blocks_cover_the_five_navarro_blocks() -> None:
    blocks = load_peer_blocks()
    assert list(blocks.blocks) == [
        "demography_geography", "sectoral_specialisation", "business_structure", "human_capital", "institutions"
    ]
    assert all(v for v in blocks.block_variables().values())
    assert blocks.version and any("Navarro" in s for s in blocks.sources)


def test_block_file_validation() -> None:
    with pytest.raises(ValidationError, match="unknown block 'Z'"):
        peer_blocks_from_dict({"blocks": {"A": "a"}, "variables": [{"code": "x", "block": "Z"}]})
    with pytest.raises(ValidationError, match="'x' is listed twice"):
        peer_blocks_from_dict({"blocks": {"A": "a"}, "variables": [{"code": "x", "block": "A"}] * 2})


values = st.floats(-1e3, 1e3, allow_nan=False) | st.just(float("nan"))


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 7), st.just(4)), elements=values))
def test_distance_properties(x: np.ndarray) -> None:
    regions = [f"R{i}" for i in range(x.shape[0])]
    blocks = PeerBlocks("p", {"A": "a", "B": "b"}, {"v0": "A", "v1": "A", "v2": "B", "v3": "B"})
    data = pd.DataFrame(x, index=regions, columns=["v0", "v1", "v2", "v3"])
    d = structural_distances(data, blocks).to_numpy()
    np.testing.assert_array_equal(np.isnan(d), np.isnan(d.T))
    np.testing.assert_allclose(d, d.T, atol=1e-12)
    diag = np.diag(d)
    assert np.all(np.isnan(diag) | (diag == 0))
    ok = d[~np.isnan(d)]
    assert np.all((ok >= 0) & (ok <= 1 + 1e-12))
