"""Effective weights through the hierarchy against COINr's get_eff_weights() and hand computations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterobs.composite.effective_weights import Hierarchy, effective_weights
from clusterobs.errors import ValidationError
from refdata import shared_file

ASEM = "composite/coinr_asem/"


@pytest.fixture(scope="module")
def imeta(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_file(shared_data, ASEM + "input_ASEM_iMeta.csv"))


def test_matches_coinr_eff_weights(shared_data: Path, imeta: pd.DataFrame) -> None:
    exp = pd.read_csv(shared_file(shared_data, ASEM + "expected_effective_weights.csv"))
    w = pd.read_csv(shared_file(shared_data, ASEM + "input_weights_original.csv"))
    got = effective_weights(imeta, w).set_index("iCode")
    assert len(got) == len(exp) == 60
    np.testing.assert_allclose(got.loc[exp["iCode"], "EffWeight"], exp["EffWeight"], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(got.loc[exp["iCode"], "Level"], exp["Level"])


def test_hand_computed_path(imeta: pd.DataFrame) -> None:
    # Goods: 1 of 5 in ConEcFin, ConEcFin 1 of 5 pillars of Conn, Conn 1 of 2 sub-indices -> 1/5 * 1/5 * 1/2
    got = effective_weights(imeta).set_index("iCode")["EffWeight"]
    assert got["Goods"] == pytest.approx(1 / 5 * 1 / 5 * 1 / 2, abs=1e-15)
    # doubling Social's weight: Social gets 2/4 of Sust (1/2) = 1/4; Poverty 1/9 of that
    got2 = effective_weights(imeta, {"Social": 2.0}).set_index("iCode")["EffWeight"]
    assert got2["Social"] == pytest.approx(0.25, abs=1e-15)
    assert got2["Poverty"] == pytest.approx(0.25 / 9, abs=1e-15)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.1, 10.0), min_size=60, max_size=60))
def test_levels_sum_to_one(imeta: pd.DataFrame, ws: list[float]) -> None:
    tree = Hierarchy.from_imeta(imeta)
    got = effective_weights(imeta, dict(zip(tree.codes, ws, strict=True)))
    sums = got.groupby("Level")["EffWeight"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-12)
    # each aggregate's effective weight equals the sum over its children
    eff = got.set_index("iCode")["EffWeight"]
    for code in tree.codes_at(3):
        assert eff[code] == pytest.approx(sum(eff[c] for c in tree.children_of(code)), abs=1e-12)


def test_errors_name_the_codes(imeta: pd.DataFrame) -> None:
    bad = imeta.copy()
    bad.loc[bad["iCode"] == "Goods", "Parent"] = "Nowhere"
    with pytest.raises(ValidationError, match="Goods"):
        effective_weights(bad)
    dup = pd.concat([imeta, imeta[imeta["iCode"] == "LPI"]])
    with pytest.raises(ValidationError, match="LPI"):
        Hierarchy.from_imeta(dup)
    with pytest.raises(ValidationError, match="Ghost"):
        effective_weights(imeta, {"Ghost": 1.0})
