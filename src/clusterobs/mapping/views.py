"""Views on a rated table (the output of :func:`~clusterobs.mapping.stars.map_clusters`).

Each view answers one question a policy maker asks: which clusters is my region strong in (portfolio),
who leads in this category (sector), how many starred clusters per country and tier (summary), how do two
regions differ (compare), how did this cluster evolve (time series).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from clusterobs.errors import NotFoundError

_METRICS = ["employment", "lq", "size", "focus", "productivity", "employment_cagr", "lq_change", "rank",
            "percentile"]


def rating_columns(table: pd.DataFrame) -> list[str]:
    """The preset's columns in a rated table: star_* + stars + tier, or the flags (strong, strong10)."""
    stars = [c for c in table.columns if c.startswith("star_")]
    if stars:
        return [*stars, "stars", "tier"]
    return [c for c in table.columns if table[c].dtype == bool and c != "traded"]


def starred(table: pd.DataFrame, flag: str | None = None) -> pd.Series:
    """Boolean mask of starred (≥ 1 star) or flagged cells; ``flag`` picks a flag column (default: first)."""
    if flag is not None:
        return table[flag].astype(bool)
    if "stars" in table.columns:
        return table["stars"] > 0
    flags = rating_columns(table)
    if not flags:
        raise NotFoundError("the table has no star or flag columns; rate it with a preset first")
    return table[flags[0]].astype(bool)


def _year(table: pd.DataFrame, year: int | None) -> pd.DataFrame:
    if year is None:
        year = int(table["year"].max())
    out = table[table["year"] == year]
    if out.empty:
        raise NotFoundError(f"no data for year {year}", hint=f"years: {sorted(table['year'].unique())}")
    return out


def _cols(table: pd.DataFrame, first: list[str]) -> list[str]:
    extra = [c for c in ("reasons",) if c in table.columns]
    return [c for c in first + rating_columns(table) + _METRICS + extra if c in table.columns]


def portfolio(table: pd.DataFrame, region: str, *, year: int | None = None) -> pd.DataFrame:
    """Every category of one region in one year (default: latest), best rated and most specialised first."""
    t = _year(table, year)
    t = t[t["region"].astype(str) == region]
    if t.empty:
        raise NotFoundError(f"region '{region}' is not in the table", hint="check the code and --level")
    keys = [k for k in ("stars",) if k in t.columns] + ["lq"]
    return t.sort_values(keys, ascending=False)[_cols(t, ["region", "category", "year"])].reset_index(drop=True)


def sector(table: pd.DataFrame, category: str, *, year: int | None = None) -> pd.DataFrame:
    """Every region for one category in one year, best rated and largest first."""
    t = _year(table, year)
    t = t[t["category"].astype(str) == category]
    if t.empty:
        raise NotFoundError(f"category '{category}' is not in the table")
    keys = [k for k in ("stars",) if k in t.columns] + ["employment"]
    return t.sort_values(keys, ascending=False)[_cols(t, ["category", "region", "year"])].reset_index(drop=True)


def nuts_country(region: str) -> str:
    """Country of a NUTS code: its first two letters."""
    return region[:2]


def summary(table: pd.DataFrame, *, year: int | None = None, flag: str | None = None,
            country: Callable[[str], str] = nuts_country) -> pd.DataFrame:
    """Per country (and tier for star presets): starred clusters and the share of employment in them.

    ``employment_share`` = Σ E_rc over starred cells / Σ E_rc over all cells of the country's regions.
    """
    t = _year(table, year).copy()
    t["country"] = t["region"].astype(str).map(country)
    t["starred"] = starred(t, flag).to_numpy()
    t["starred_employment"] = t["employment"].where(t["starred"], 0.0)
    total = t.groupby("country")["employment"].sum(min_count=1)
    base = t.groupby("country").agg(clusters=("starred", "sum"), starred_employment=("starred_employment", "sum"))
    base["employment"] = total
    base["employment_share"] = base["starred_employment"] / base["employment"]
    if "tier" in t.columns:
        tiers = t[t["starred"]].pivot_table(index="country", columns="tier", values="starred", aggfunc="sum",
                                            fill_value=0, observed=True)
        base = base.join(tiers.add_prefix("tier_"), how="left").fillna(
            {c: 0 for c in tiers.add_prefix("tier_").columns})
    return base.reset_index()


def compare(table: pd.DataFrame, a: str, b: str, *, year: int | None = None) -> pd.DataFrame:
    """Two regions side by side per category (suffixes ``_a`` / ``_b``) with the LQ difference."""
    pa = portfolio(table, a, year=year).drop(columns=["region", "reasons"], errors="ignore")
    pb = portfolio(table, b, year=year).drop(columns=["region", "reasons"], errors="ignore")
    out = pa.merge(pb, on=["category", "year"], how="outer", suffixes=("_a", "_b"))
    out["lq_diff"] = out["lq_a"] - out["lq_b"]
    out.insert(0, "region_b", b)
    out.insert(0, "region_a", a)
    return out.sort_values("lq_diff", ascending=False, key=lambda s: s.abs()).reset_index(drop=True)


def time_series(table: pd.DataFrame, region: str, category: str) -> pd.DataFrame:
    """One region × category over all years."""
    t = table[(table["region"].astype(str) == region) & (table["category"].astype(str) == category)]
    if t.empty:
        raise NotFoundError(f"no rows for region '{region}' and category '{category}'")
    return t.sort_values("year")[_cols(t, ["region", "category", "year"])].reset_index(drop=True)


__all__ = ["compare", "nuts_country", "portfolio", "rating_columns", "sector", "starred", "summary",
           "time_series"]
