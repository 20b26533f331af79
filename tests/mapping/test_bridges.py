"""Bridges and opportunities with a hand-made relatedness matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterobs.errors import NotFoundError
from clusterobs.mapping.bridges import bridges, default_threshold, opportunities

# Region R is starred in a, b, c; not in d, e.
TABLE = pd.DataFrame({"region": "R", "year": 2020, "category": list("abcde"),
                      "stars": [2, 1, 3, 0, 0], "employment": [1.0] * 5})
CODES = list("abcde")
PHI = pd.DataFrame([[1.0, 0.8, 0.1, 0.6, 0.0],
                    [0.8, 1.0, 0.5, 0.2, 0.1],
                    [0.1, 0.5, 1.0, np.nan, 0.3],
                    [0.6, 0.2, np.nan, 1.0, 0.0],
                    [0.0, 0.1, 0.3, 0.0, 1.0]], index=CODES, columns=CODES)


def test_bridges_are_related_pairs_of_starred_clusters() -> None:
    b = bridges(TABLE, PHI, "R", min_relatedness=0.5)
    assert b[["category_a", "category_b", "relatedness"]].values.tolist() == [["a", "b", 0.8], ["b", "c", 0.5]]
    # default: the 90th percentile of the 20 off-diagonal values (18 known): sorted …, 0.6, 0.6, 0.8, 0.8
    # h = 17*0.9 = 15.3 → 0.6 + 0.3*(0.8-0.6) = 0.66 → only a–b
    assert default_threshold(PHI) == pytest.approx(0.66)
    assert bridges(TABLE, PHI, "R")["category_a"].tolist() == ["a"]


def test_opportunities_ranked_by_density() -> None:
    o = opportunities(TABLE, PHI, "R")
    # density_d = (0.6 + 0.2 + 0) / (0.6 + 0.2 + 0 + 1 + 0) = 0.8/1.8; density_e = (0 + .1 + .3)/1.4
    assert o["category"].tolist() == ["d", "e"]
    assert o["density"].tolist() == pytest.approx([0.8 / 1.8, 0.4 / 1.4])
    assert o.loc[0, "related_to"] == "a (0.60), b (0.20)"
    with pytest.raises(NotFoundError):
        opportunities(TABLE, PHI, "Q")
