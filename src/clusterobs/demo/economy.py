"""Demoland's business economy: employment, enterprises, wage bill and value added by NACE class and region.

The generator works on dense arrays (year × NUTS3 region × NACE class) so that it stays fast at large scales:

1. **Background.** A region's business-economy employment follows its population and wealth. It is spread
   over the NACE classes of the business economy (sections B–N without K, the coverage of Eurostat's
   structural business statistics) by EU-like section shares, a random weight per class and regional noise.
   Local industries (construction, retail, restaurants, real estate …) get little regional noise, so they stay
   proportional to population; traded industries get a lot, so they concentrate. Innovative regions lean to
   high-tech classes, poorer regions to low-tech manufacturing.
2. **Planted clusters.** Chosen regions get extra employment in the NACE classes of a cluster category of
   the package taxonomy (those within the business economy) until
   the category's location quotient at NUTS2 level reaches a target: strong 6, medium 3.5, weak 2.7. Strong
   clusters sit preferably in large regions and grow faster. Every planted cluster is recorded, so the cluster
   mapping can be checked against the truth.
3. **Years.** Region growth, section trends (ICT up, manufacturing flat), a 2020 shock to hospitality and a
   random walk per cell.
4. **Counts and money.** Employment is a Poisson draw, enterprises follow a class's typical firm size, wages
   a section wage level scaled by regional wealth; value added = wage bill / labour share.

Statistical confidentiality is imitated where it bites in real data: a cell with one or two enterprises has its
employment and money values suppressed (NaN with flag ``c``), while its enterprise count stays published.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterobs.demo.latent import YEARS, Latent
from clusterobs.demo.taxonomy import Category

DATASET = "demo_sbs"
_SECTION_SHARE = {"B": 0.004, "C": 0.23, "D": 0.008, "E": 0.012, "F": 0.10, "G": 0.24, "H": 0.08, "I": 0.085,
                  "J": 0.035, "L": 0.015, "M": 0.07, "N": 0.10}
_FIRM_SIZE = {"B": 20, "C": 14, "D": 25, "E": 18, "F": 4, "G": 5, "H": 9, "I": 5, "J": 6, "L": 2.5, "M": 3, "N": 8}
_WAGE = {"B": 45e3, "C": 38e3, "D": 55e3, "E": 36e3, "F": 30e3, "G": 27e3, "H": 33e3, "I": 18e3, "J": 52e3,
         "L": 30e3, "M": 42e3, "N": 24e3}
_LABOUR_SHARE = {"B": 0.35, "D": 0.3, "L": 0.2, "J": 0.55}
_TREND = {"J": 0.04, "M": 0.025, "N": 0.02, "I": 0.02, "C": -0.003, "F": 0.01, "G": 0.005, "H": 0.015}
_SHOCK_2020 = {"I": (0.80, 0.88), "N": (0.95, 0.98)}
_LOCAL = ("F41", "F42", "F43", "G45", "G47", "I56", "L68", "N80", "N81", "H493", "E36", "E37", "E38", "D35")
_HIGH_TECH = ("C21", "C26", "C303", "J58", "J61", "J62", "J63", "M71", "M72")
_KIBS = ("M69", "M70", "M73", "N78")
_LOW_TECH = ("C13", "C14", "C15", "C16")

STRENGTHS: dict[str, tuple[float, float, float]] = {
    # name: (target location quotient at NUTS2, share of planted clusters, extra yearly growth)
    "strong": (6.0, 0.25, 0.02),
    "medium": (3.5, 0.35, 0.01),
    "weak": (2.7, 0.40, 0.005),
}


@dataclass(frozen=True)
class PlantedCluster:
    region: str
    category: str
    label: str
    strength: str
    classes: tuple[str, ...]
    target_lq: float


@dataclass
class Economy:
    """True (unsuppressed) values per year × NUTS3 region × NACE class; 0 employment means the class is absent."""

    nuts3: list[str]
    classes: list[str]
    employment: np.ndarray
    enterprises: np.ndarray
    wage_bill: np.ndarray
    value_added: np.ndarray
    planted: list[PlantedCluster]


def _has_prefix(codes: pd.Series, prefixes: tuple[str, ...]) -> np.ndarray:
    return codes.str.startswith(prefixes).to_numpy()


def _choose_planted(rng: np.random.Generator, latent: Latent, categories: dict[str, Category]) -> list[PlantedCluster]:
    n2 = latent.nuts2
    pop2 = latent.nuts3.groupby("nuts2")["population"].sum().reindex(n2.index).to_numpy()
    n_planted = max(3, round(0.5 * len(n2)))
    names = sorted(categories)
    per_region: dict[str, list[str]] = {}
    # a category planted in too many places swells until no site can stand out (its LQ peaks, then falls)
    per_category: dict[str, int] = {}
    cap = max(2, -(-n_planted // len(names)))
    out: list[PlantedCluster] = []
    order = ["strong", "medium", "weak"]
    counts = [round(n_planted * STRENGTHS[s][1]) for s in order]
    for strength, count in zip(order, counts, strict=True):
        # strong clusters favour large regions; at most one strong and two clusters in all per region, so
        # that each can reach its target without crowding out the others
        weight = pop2 if strength == "strong" else (np.sqrt(pop2) if strength == "medium" else np.ones_like(pop2))
        for _ in range(count):
            for _attempt in range(1000):
                region = str(n2.index[rng.choice(len(n2), p=weight / weight.sum())])
                category = str(names[rng.integers(len(names))])
                taken = per_region.get(region, [])
                if (len(taken) < 2 and category not in taken and not (strength == "strong" and taken)
                        and per_category.get(category, 0) < cap):
                    break
            per_region.setdefault(region, []).append(category)
            per_category[category] = per_category.get(category, 0) + 1
            label, nace = categories[category]
            out.append(PlantedCluster(region, category, label, strength, nace, STRENGTHS[strength][0]))
    return out


def build_economy(rng: np.random.Generator, latent: Latent, cls: pd.DataFrame,
                  categories: dict[str, Category]) -> Economy:
    """``cls``: NACE classes (code, section); ``categories``: where clusters may be planted (label, classes)."""
    codes = cls["code"]
    sec = cls["section"].to_numpy()
    n3 = latent.nuts3
    n_r, n_c = len(n3), len(cls)
    wealth = latent.nuts2.loc[n3["nuts2"], "wealth"].to_numpy()
    innov = latent.nuts2.loc[n3["nuts2"], "innovation"].to_numpy()

    # 1. background
    share = np.array([_SECTION_SHARE[s] for s in sec])
    within = rng.lognormal(0.0, 1.1, n_c)
    within /= pd.Series(within).groupby(sec).transform("sum").to_numpy()
    w = share * within
    local = _has_prefix(codes, _LOCAL)
    sigma = np.where(local, 0.25, 0.85)
    tilt = (0.35 * np.outer(innov, _has_prefix(codes, _HIGH_TECH))
            + 0.25 * np.outer(wealth, _has_prefix(codes, _KIBS))
            - 0.3 * np.outer(wealth, _has_prefix(codes, _LOW_TECH)))
    raw = w * np.exp(sigma * rng.standard_normal((n_r, n_c)) - sigma**2 / 2 + tilt)
    emp_total = n3["population"].to_numpy() * 0.36 * np.exp(0.12 * wealth) * rng.lognormal(0, 0.05, n_r)
    mu = emp_total[:, None] * raw / raw.sum(axis=1, keepdims=True)

    # 2. planted clusters: iterate multipliers until each reaches its target LQ (jointly, as they interact)
    planted = _choose_planted(rng, latent, categories)
    col_of = {c: i for i, c in enumerate(codes)}
    row_groups = {r: np.flatnonzero(n3["nuts2"].to_numpy() == r) for r in {p.region for p in planted}}
    cols_of = [np.array([col_of[c] for c in p.classes], dtype=np.int64) for p in planted]
    mult = np.ones(len(planted))
    base_mu = mu.copy()
    for _ in range(30):
        mu = base_mu.copy()
        for k, p in enumerate(planted):
            mu[np.ix_(row_groups[p.region], cols_of[k])] *= mult[k]
        total, col_tot, row_tot = mu.sum(), mu.sum(axis=0), mu.sum(axis=1)
        for k, p in enumerate(planted):
            rows = row_groups[p.region]
            lq = float((mu[np.ix_(rows, cols_of[k])].sum() / row_tot[rows].sum())
                       / (col_tot[cols_of[k]].sum() / total))
            # lowering is allowed too, so a region that is naturally specialised still gets its strength
            mult[k] = min(30.0, max(0.01, mult[k] * (p.target_lq / lq) ** 0.8))
    emp0 = rng.poisson(mu).astype(float)

    # 3. years
    years = np.array(YEARS) - YEARS[0]
    g_region = 0.008 + 0.006 * wealth + rng.normal(0, 0.006, n_r)
    g_sector = np.array([_TREND.get(s, 0.005) for s in sec])
    extra = np.zeros((n_r, n_c))
    for k, p in enumerate(planted):
        extra[np.ix_(row_groups[p.region], cols_of[k])] = STRENGTHS[p.strength][2]
    shock = np.ones((len(YEARS), n_c))
    for s, (y20, y21) in _SHOCK_2020.items():
        shock[YEARS.index(2020), sec == s] = y20
        shock[YEARS.index(2021), sec == s] = y21
    other = ~np.isin(sec, list(_SHOCK_2020))
    shock[YEARS.index(2020), other] = 0.97
    shock[YEARS.index(2021), other] = 0.99
    walk = np.cumsum(rng.normal(0.0, 0.03, (len(YEARS), n_r, n_c)), axis=0)
    walk -= walk[0]
    rate = (g_region[:, None] + g_sector[None, :] + extra)[None]
    factor = np.exp(years[:, None, None] * rate + walk) * shock[:, None]
    present = emp0 > 0
    employment = np.where(present, np.maximum(1.0, np.round(emp0 * factor)), 0.0)

    # 4. enterprises and money
    size = np.array([_FIRM_SIZE[s] for s in sec]) * rng.lognormal(0.0, 0.35, n_c)
    ent0 = np.clip(np.round(emp0 / (size * rng.lognormal(0.0, 0.25, (n_r, n_c)))), 1, None)
    enterprises = np.where(present, np.clip(np.round(ent0 * (employment / np.maximum(emp0, 1)) ** 0.6), 1,
                                            employment), 0.0)
    country_fx = pd.Series(rng.normal(0, 0.1, len(latent.nuts2)), index=latent.nuts2.index)
    avg_wage = (np.array([_WAGE[s] for s in sec])[None, :] * np.exp(0.18 * wealth + country_fx.loc[
        n3["nuts2"]].to_numpy())[:, None] * rng.lognormal(0.0, 0.08, (n_r, n_c)))
    wage_bill = np.round(employment * avg_wage[None] * (1.025 ** years)[:, None, None])
    labour = np.array([_LABOUR_SHARE.get(s, 0.6) for s in sec]) * rng.lognormal(0.0, 0.1, (n_r, n_c))
    value_added = np.round(wage_bill / labour[None])
    return Economy(nuts3=list(n3.index), classes=list(codes), employment=employment, enterprises=enterprises,
                   wage_bill=wage_bill, value_added=value_added, planted=planted)
