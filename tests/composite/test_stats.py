"""Skewness/kurtosis against hand formulas and scipy's bias-corrected estimators (an independent oracle)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from clusterobs.composite.stats import indicator_stats, kurt, skew, skew_kurt_pass, unit_availability

pytestmark = pytest.mark.core


def test_skew_kurt_known_answer() -> None:
    x = [1.0, 2.0, 3.0, 10.0]
    # hand: mean 4, deviations -3,-2,-1,6; m2 = 50/4 = 12.5, m3 = 180/4 = 45, m4 = 1394/4 = 348.5
    g1 = 45 / 12.5**1.5
    assert skew(x) == pytest.approx(g1 * np.sqrt(12) / 2, abs=1e-12)
    g2 = 348.5 / 12.5**2 - 3
    assert kurt(x) == pytest.approx((5 * g2 + 6) * 3 / (2 * 1), abs=1e-12)


def test_against_scipy() -> None:
    rng = np.random.default_rng(1)
    x = rng.lognormal(size=40)
    assert skew(x) == pytest.approx(sps.skew(x, bias=False), rel=1e-12)
    assert kurt(x) == pytest.approx(sps.kurtosis(x, bias=False), rel=1e-12)
    assert skew(np.append(x, np.nan)) == pytest.approx(skew(x), rel=1e-15)


def test_pass_rule_and_table() -> None:
    assert skew_kurt_pass([1, 2, 3, 4, 5.0])
    assert not skew_kurt_pass([1.0] * 20 + [100.0])
    df = pd.DataFrame({"a": [0.0, 0, 1, np.nan], "b": [1.0, 2, 3, 4]})
    st = indicator_stats(df)
    assert st.loc["a", "N.Avail"] == 3 and st.loc["a", "Frc.Avail"] == 0.75
    assert st.loc["a", "N.NonZero"] == 1 and st.loc["a", "N.Same"] == 2
    assert st.loc["a", "Flag.NonZero"] == "LOW" and st.loc["b", "Flag.Avail"] == "ok"
    av = unit_availability(df)
    assert av["Dat_Avail"].tolist() == [1.0, 1.0, 1.0, 0.5]
