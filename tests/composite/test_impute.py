"""Imputation on hand examples, cross-sectional and panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterobs.composite.impute import impute_panel, impute_table
from clusterobs.errors import UnknownMethodError, ValidationError

pytestmark = pytest.mark.core


def test_cross_section() -> None:
    df = pd.DataFrame({"a": [1.0, np.nan, 3.0, 10.0, np.nan]}, index=list("uvwxy"))
    g = pd.Series(["E", "E", "E", "A", "A"], index=df.index)
    out, mask = impute_table(df, "mean")
    assert out["a"].tolist() == [1, 14 / 3, 3, 10, 14 / 3] and mask["a"].tolist() == [0, 1, 0, 0, 1]
    assert impute_table(df, "median")[0]["a"].tolist() == [1, 3, 3, 10, 3]
    assert impute_table(df, "mean_group", groups=g)[0]["a"].tolist() == [1, 2, 3, 10, 10]
    with pytest.raises(ValidationError):
        impute_table(df, "mean_group")
    with pytest.raises(UnknownMethodError, match="median_group"):
        impute_table(df, "mode")


def test_panel() -> None:
    p = pd.DataFrame({"uCode": ["A"] * 4, "Time": [2018, 2019, 2020, 2021], "x": [np.nan, 1.0, np.nan, 3.0]})
    assert impute_panel(p, ["x"], method="latest")[0]["x"].tolist()[1:] == [1, 1, 3]
    assert impute_panel(p, ["x"], method="constant")[0]["x"].tolist() == [1, 1, 1, 3]
    out, mask = impute_panel(p, ["x"], method="linear")
    assert out["x"].tolist() == [1, 1, 2, 3] and mask["x"].tolist() == [True, False, True, False]
