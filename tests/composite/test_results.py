"""Scores, ranks (ties "min") and strengths/weaknesses on a hand example."""

from __future__ import annotations

import pandas as pd
import pytest

from clusterobs.composite.framework import Element, build_framework
from clusterobs.composite.results import rank_desc, scores_and_ranks, strengths_weaknesses

pytestmark = pytest.mark.core

FW = build_framework([Element("a", 1, "I"), Element("b", 1, "I", direction=-1), Element("I", 2)])


def test_ranks_and_strengths() -> None:
    assert rank_desc(pd.Series([3.0, 5.0, 3.0, 1.0])).tolist() == [2, 1, 2, 4]
    agg = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 2.0, 1.0], "I": [2.0, 2.0, 1.0]}, index=list("uvw"))
    s, r = scores_and_ranks(agg, FW)
    assert list(s.columns) == ["I", "a", "b"] and list(s.index) == ["u", "v", "w"]
    assert r["I"].tolist() == [1, 1, 3]
    best, worst = strengths_weaknesses(agg, FW, "w", top=1, bottom=1)
    # w: a = 3 is rank 1; b = 1 with direction −1 is also rank 1 → framework order keeps a first
    assert best["Code"].tolist() == ["a"] and worst["Code"].tolist() == ["b"]
