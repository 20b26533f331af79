"""Unit screening by availability and non-zero share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterobs.composite.screen import screen_units

pytestmark = pytest.mark.core


def test_screen_rules() -> None:
    df = pd.DataFrame({"a": [1.0, np.nan, 0.0], "b": [1.0, np.nan, 0.0], "c": [1.0, 2.0, 0.0]}, index=list("uvw"))
    r = screen_units(df, dat_thresh=0.5)
    assert r.removed == ["v"] and list(r.data.index) == ["u", "w"]
    assert screen_units(df, unit_screen="byNZ", nonzero_thresh=0.1).removed == ["w"]
    assert screen_units(df, unit_screen="byBoth", dat_thresh=0.5, nonzero_thresh=0.1).removed == ["v", "w"]
    assert screen_units(df, dat_thresh=0.5, force_include=["v"]).removed == []
