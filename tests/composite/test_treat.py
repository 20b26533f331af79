"""Outlier treatment on hand examples: winsorisation with ties, the log fallback, overrides."""

from __future__ import annotations

import numpy as np
import pytest

from clusterobs.composite.stats import skew_kurt_pass
from clusterobs.composite.treat import TreatParams, boxcox, log_ct, treat_series, treat_table, winsorise

pytestmark = pytest.mark.core


def test_winsorise_replaces_max_and_ties() -> None:
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 50, 50])
    w = winsorise(x, winmax=1, force_win=True)
    assert w.x[-2:].tolist() == [12.0, 12.0] and w.nwin == 1 and w.points == (12, 13)


def test_default_treatment_passes_or_logs() -> None:
    x = np.r_[np.ones(30), 2.0, 1000.0, 1e6]
    out, det = treat_series(x, TreatParams(winmax=1))
    assert det["check_SkewKurt0.Pass"] is False and det["check_SkewKurt1.Pass"] is False
    assert det["Treatment"] == "log_ct"
    np.testing.assert_allclose(out, np.log(x - 1 + 0.01 * (1e6 - 1)))
    easy = np.arange(10.0)
    out2, det2 = treat_series(easy)
    assert det2["Treatment"] == "none" and (out2 == easy).all()


def test_winsorisation_fixes_one_outlier() -> None:
    x = np.r_[np.arange(1.0, 21.0), 200.0]
    out, det = treat_series(x)
    assert det["winsorise.nwin"] == 1 and out[-1] == 20.0 and skew_kurt_pass(out)


def test_transforms_and_overrides() -> None:
    np.testing.assert_allclose(log_ct([0.0, 100.0]), [np.log(1.0), np.log(101.0)])
    np.testing.assert_allclose(boxcox([4.0], 0.5), [2.0])
    import pandas as pd

    df = pd.DataFrame({"a": np.r_[np.arange(1.0, 21.0), 200.0], "b": np.r_[np.arange(1.0, 21.0), 200.0]})
    out, det = treat_table(df, overrides={"b": TreatParams(method="none")})
    assert out["a"].iloc[-1] == 20.0 and out["b"].iloc[-1] == 200.0 and det.loc["b", "Treatment"] == "none"
