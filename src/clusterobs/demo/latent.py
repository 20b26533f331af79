"""The hidden traits of Demoland's regions: population and three latent factors that drive everything else.

Real regional statistics correlate because a few underlying conditions (how rich a region is, how much it
innovates, how well it is governed) show up in many measures at once. Demoland draws those conditions first
(a country effect plus a regional deviation, so that regions of one country resemble each other), and the
economy and the scoreboard indicators are then generated from them. That is what gives the synthetic data
realistic correlations, including negative ones (richer regions have less unemployment).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterobs.demo.geography import Geography

FACTORS: tuple[str, ...] = ("wealth", "innovation", "governance")
YEARS: tuple[int, ...] = tuple(range(2015, 2023))


@dataclass
class Latent:
    """Per NUTS3 region: population in the first year and yearly growth; per NUTS2: standardised factors."""

    nuts3: pd.DataFrame  # index code; columns nuts2, country, population, pop_growth
    nuts2: pd.DataFrame  # index code; columns country, capital, wealth, innovation, governance

    def population(self, year: int) -> pd.Series:
        """Population of each NUTS3 region in ``year`` (persons, rounded)."""
        t = year - YEARS[0]
        return (self.nuts3["population"] * (1.0 + self.nuts3["pop_growth"]) ** t).round()


def build_latent(rng: np.random.Generator, geo: Geography) -> Latent:
    regions = geo.regions
    n2 = regions.loc[regions["level"] == 2, ["code", "country"]].set_index("code")
    countries = sorted(n2["country"].unique())
    # factors are correlated (rich regions tend to innovate and be well governed), as in real data
    corr = np.array([[1.0, 0.65, 0.55], [0.65, 1.0, 0.45], [0.55, 0.45, 1.0]])
    chol = np.linalg.cholesky(corr)
    country_fx = pd.DataFrame(rng.standard_normal((len(countries), 3)) @ chol.T * 0.7, index=countries,
                              columns=list(FACTORS))
    regional = rng.standard_normal((len(n2), 3)) @ chol.T * 0.6
    factors = country_fx.loc[n2["country"]].to_numpy() + regional
    # each country's first NUTS2 region with the highest wealth is its capital region: richer and larger
    n2 = n2.assign(**{f: factors[:, i] for i, f in enumerate(FACTORS)})
    capital = n2.groupby("country")["wealth"].transform("max") == n2["wealth"]
    n2["capital"] = capital
    n2.loc[capital, ["wealth", "innovation"]] += 0.6
    # standardise so factor values mean the same at every scale
    for f in FACTORS:
        n2[f] = (n2[f] - n2[f].mean()) / n2[f].std(ddof=0)
    n3 = regions.loc[regions["level"] == 3, ["code", "parent", "country"]].set_index("code")
    n3 = n3.rename(columns={"parent": "nuts2"})
    base = rng.lognormal(np.log(260_000.0), 0.55, len(n3))
    is_cap = n2.loc[n3["nuts2"], "capital"].to_numpy()
    first_child = ~n3["nuts2"].duplicated().to_numpy()
    base = np.where(is_cap & first_child, base * 4.0, base)  # the capital city itself
    wealth = n2.loc[n3["nuts2"], "wealth"].to_numpy()
    growth = 0.002 + 0.004 * wealth + rng.normal(0.0, 0.003, len(n3))
    n3 = n3.assign(population=np.round(base * np.exp(0.15 * wealth)), pop_growth=growth)
    return Latent(nuts3=n3, nuts2=n2)
