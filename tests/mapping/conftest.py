"""Small hand-computed worlds shared by the mapping tests."""

from __future__ import annotations

import pandas as pd
import pytest


def long_table(rows: dict[str, dict[str, float]], year: int = 2020, **extra: dict[str, dict[str, float]]
               ) -> pd.DataFrame:
    """{region: {category: employment}} (+ other measures in the same shape) → tidy role table."""
    out = []
    for region, cats in rows.items():
        for cat, e in cats.items():
            rec: dict[str, object] = {"region": region, "category": cat, "year": year, "employment": e}
            for name, values in extra.items():
                rec[name] = values[region][cat]
            out.append(rec)
    return pd.DataFrame(out)


#: 3 regions × 3 categories. E_r = 100, 100, 200; E_c = x 80, y 100, z 220; E = 400.
#: LQ_Ax = (50/100)/(80/400) = 2.5, LQ_Ay = 0.1/0.25 = 0.4, LQ_Az = 0.4/0.55 = 0.72727…
#: LQ_Bx = 0.1/0.2 = 0.5,          LQ_By = 0.8/0.25 = 3.2, LQ_Bz = 0.1/0.55 = 0.18181…
#: LQ_Cx = 0.1/0.2 = 0.5,          LQ_Cy = 0.05/0.25 = 0.2, LQ_Cz = 0.85/0.55 = 1.54545…
SMALL = {"A": {"x": 50.0, "y": 10.0, "z": 40.0},
         "B": {"x": 10.0, "y": 80.0, "z": 10.0},
         "C": {"x": 20.0, "y": 10.0, "z": 170.0}}


@pytest.fixture
def small() -> pd.DataFrame:
    return long_table(SMALL)
