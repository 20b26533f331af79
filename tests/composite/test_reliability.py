"""Cronbach's alpha against COINr (ASEM), the Handbook TAI case, and the textbook variance formula."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusterobs.composite.reliability import cronbach_alpha, cronbach_by_group
from clusterobs.errors import ValidationError
from refdata import shared_file


def test_asem_normalised_matches_coinr(shared_data: Path) -> None:
    base = "composite/coinr_asem/"
    nor = pd.read_csv(shared_file(shared_data, base + "expected_default_Normalised.csv")).set_index("uCode")
    exp = pd.read_csv(shared_file(shared_data, base + "expected_cronbach.csv"))
    assert nor.shape == (51, 49)
    assert cronbach_alpha(nor) == pytest.approx(float(exp["alpha"].iloc[0]), abs=1e-12)


def test_tai_matches_handbook_case(shared_data: Path) -> None:
    base = "composite/handbook_tai/"
    mm = pd.read_csv(shared_file(shared_data, base + "expected_TAI_minmax01.csv")).set_index("uCode")
    exp = pd.read_csv(shared_file(shared_data, base + "expected_TAI_cronbach_alpha.csv"))
    assert cronbach_alpha(mm) == pytest.approx(float(exp["alpha_all8"].iloc[0]), abs=1e-12)


def test_hand_example() -> None:
    x = np.array([[1.0, 2.0, 4.0], [2.0, 2.0, 5.0], [3.0, 5.0, 5.0], [4.0, 3.0, 8.0]])
    k = 3
    item_var = x.var(axis=0, ddof=1).sum()  # 5/3 + 2 + 3 = 20/3
    total_var = x.sum(axis=1).var(ddof=1)  # totals 7, 9, 13, 15 -> var 40/3
    assert item_var == pytest.approx(20 / 3)
    assert total_var == pytest.approx(40 / 3)
    assert cronbach_alpha(x) == pytest.approx(k / (k - 1) * (1 - 0.5), abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, (15, 4), elements=st.floats(-50, 50)))
def test_textbook_formula_and_identical_items(a: np.ndarray) -> None:
    tot = a.sum(axis=1).var(ddof=1)
    if tot > 1e-3 and a.var(axis=0, ddof=1).min() > 1e-6:
        want = 4 / 3 * (1 - a.var(axis=0, ddof=1).sum() / tot)
        assert cronbach_alpha(a) == pytest.approx(want, rel=1e-9, abs=1e-9)
    col = a[:, :1]
    if col.var(ddof=1) > 1e-6:
        assert cronbach_alpha(np.repeat(col, 3, axis=1)) == pytest.approx(1.0, abs=1e-12)


def test_by_group_and_errors(shared_data: Path) -> None:
    base = "composite/coinr_asem/"
    nor = pd.read_csv(shared_file(shared_data, base + "expected_default_Normalised.csv")).set_index("uCode")
    meta = pd.read_csv(shared_file(shared_data, base + "input_ASEM_iMeta.csv"))
    by = cronbach_by_group(nor, meta, level=1)
    assert by["P2P"] == pytest.approx(cronbach_alpha(nor[["StMob", "Research", "Pat", "CultServ", "CultGood",
                                                          "Tourist", "MigStock", "Lang"]]), abs=1e-15)
    assert len(by) == 8
    with pytest.raises(ValidationError, match="two columns"):
        cronbach_alpha(nor[["LPI"]])
