"""Denomination: x / d per unit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterobs.composite.denominate import denominate_table
from clusterobs.errors import ValidationError

pytestmark = pytest.mark.core


def test_denominate_table() -> None:
    df = pd.DataFrame({"a": [10.0, 20.0], "b": [1.0, 2.0]}, index=["u", "v"])
    den = pd.DataFrame({"pop": [2.0, 0.0]}, index=["u", "v"])
    out = denominate_table(df, den, {"a": "pop"}, scale={"a": 1000})
    assert out["a"].iloc[0] == 5000 and np.isinf(out["a"].iloc[1]) and out["b"].tolist() == [1, 2]
    with pytest.raises(ValidationError, match="denominator columns not found: gdp"):
        denominate_table(df, den, {"a": "gdp"})
