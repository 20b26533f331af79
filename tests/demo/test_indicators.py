"""The scoreboard indicators and regional context in the demo store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterobs.demo.indicators import SCOREBOARD_YEARS, indicator_specs
from clusterobs.store import Store


@pytest.fixture(scope="module")
def board(demo_store: Store) -> pd.DataFrame:
    return demo_store.query("SELECT region, indicator, year, value, unit FROM facts "
                            "WHERE dataset = 'demo_scoreboard'")


def test_indicator_set_and_layout(board: pd.DataFrame) -> None:
    codes = set(board["indicator"])
    assert codes == {f"ind{i}" for i in range(1, 61)} - {"ind13", "ind44"}
    assert set(board["year"]) == set(SCOREBOARD_YEARS)
    assert set(board["region"].str.len()) == {4} and board["region"].nunique() == 60
    specs = indicator_specs()
    # the framework's numbering: c1 ind1-4, c2 ind5-9, c3 ind10-12 ... c17 ind57-60
    first = specs.groupby("subdimension", sort=False)["code"].first().to_dict()
    assert first["c1"] == "ind1" and first["c4"] == "ind14" and first["c12"] == "ind43"
    assert first["c17"] == "ind57" and set(specs["direction"]) == {-1, 1}


def test_values_in_their_plausible_range_with_a_few_percent_missing(board: pd.DataFrame) -> None:
    specs = indicator_specs().set_index("code")
    for code, part in board.groupby("indicator"):
        s = specs.loc[code]
        v = part["value"].dropna()
        if s["scale"] != "gdp":
            assert v.min() >= s["lo"] - 1e-9 and v.max() <= s["hi"] + 1e-9, code
        assert (part["unit"] == s["unit"]).all()
    missing = board["value"].isna().mean()
    assert 0.01 < missing < 0.10


def test_correlations_follow_the_latent_factors(board: pd.DataFrame) -> None:
    wide = board[board["year"] == 2022].pivot(index="region", columns="indicator", values="value")
    corr = wide.corr()
    # loadings in scoreboard_indicators.csv: GDP (wealth) goes with tertiary education and broadband, and
    # against early school leaving; perceived corruption (-governance) against regulatory quality
    assert corr.loc["ind50", "ind14"] > 0.3 and corr.loc["ind50", "ind10"] > 0.3
    assert corr.loc["ind50", "ind16"] < -0.3
    assert corr.loc["ind57", "ind58"] < -0.5


def test_population_and_gdp(demo_store: Store) -> None:
    r = demo_store.query("SELECT region, indicator, year, value, unit FROM facts WHERE dataset = 'demo_regional'")
    pop = r[r["indicator"] == "population"]
    assert (pop["unit"] == "persons").all() and pop["value"].notna().all()
    # a country's population is the sum of its NUTS2 regions, by hand
    p22 = pop[pop["year"] == 2022].set_index("region")["value"]
    n2 = p22[p22.index.str.len() == 4]
    by_country = n2.groupby(n2.index.str[:2]).sum()
    pd.testing.assert_series_equal(by_country, p22[p22.index.str.len() == 2].sort_index(), check_names=False)
    gdp = r[(r["indicator"] == "gdp_pps_hab") & (r["year"] == 2022)].set_index("region")["value"]
    assert gdp.between(5_000, 200_000).all() and (r.loc[r["indicator"] == "gdp_pps_hab", "unit"] == "PPS").all()
    # ind50 is the same number as gdp_pps_hab
    ind50 = demo_store.query("SELECT region, value FROM facts WHERE indicator = 'ind50' AND year = 2022")
    assert np.allclose(ind50.set_index("region")["value"].sort_index(), gdp.loc[ind50["region"]].sort_index())
