"""Cluster mapping over the observatory store: NACE-class facts → category table → the pure mapping core.

Business statistics arrive by NACE class (Eurostat SBS, firm microdata, the demo world); the mapping core
rates categories. This service sums classes into the taxonomy's categories inside DuckDB. Missing (e.g.
confidential) class values are excluded from the sum — never read as zero — and counted per region × category
× year in ``missing_classes``, so every total built on an incomplete set of classes is reported as such
(a strict "unknown if any class is unknown" rule would hide most large clusters, since some small class in
them is nearly always confidential in official business statistics).
"""

from __future__ import annotations

import pandas as pd

from clusterobs.errors import NotFoundError
from clusterobs.mapping import map_clusters
from clusterobs.store import Store

#: Store indicator → mapping role column.
ROLES = {"employment": "employment", "enterprises": "establishments", "wage_bill": "wage_bill",
         "value_added": "value_added"}


def category_table(store: Store, *, level: int = 2, scheme: str = "cluster_category",
                   dataset: str | None = None) -> pd.DataFrame:
    """Role-column table (region, category, year, employment, establishments, wage_bill, value_added, traded)."""
    params: list[object] = [scheme, list(ROLES), level]
    ds_filter = ""
    if dataset is not None:
        ds_filter = "AND f.dataset = ?"
        params.append(dataset)
    long = store.query(
        f"""
        SELECT f.region, l.category, f.year, f.indicator,
               sum(f.value) FILTER (WHERE NOT isnan(f.value)) AS value,
               count(*) FILTER (WHERE f.value IS NULL OR isnan(f.value)) AS missing,
               any_value(c.kind) AS kind
        FROM facts f
        JOIN industry_links l ON l.nace = f.industry AND l.scheme = ?
        LEFT JOIN industries c ON c.scheme = l.scheme AND c.code = l.category
        WHERE f.indicator IN (SELECT unnest(?))
          AND f.region IN (SELECT code FROM regions WHERE level = ? AND NOT is_extra_regio) {ds_filter}
        GROUP BY f.region, l.category, f.year, f.indicator
        """,
        params,
    )
    if long.empty:
        raise NotFoundError(f"the store has no business statistics by NACE class for NUTS level {level}",
                            hint="load them (clusterobs demo, clusterobs ingest eurostat, clusterobs ingest firms)")
    kind = long.groupby("category")["kind"].first()
    keys = ["region", "category", "year"]
    wide = long.pivot(index=keys, columns="indicator", values="value").rename(columns=ROLES)
    wide["missing_classes"] = long.pivot(index=keys, columns="indicator", values="missing").max(axis=1)
    wide = wide.reset_index()
    wide.columns.name = None
    wide["traded"] = wide["category"].map(kind).eq("traded") if scheme == "cluster_category" else True
    return wide


def clusters(store: Store, *, preset: str = "eco2007", level: int = 2, scheme: str = "cluster_category",
             dataset: str | None = None) -> pd.DataFrame:
    """The preset's ratings for every region × category × year of a level."""
    return map_clusters(category_table(store, level=level, scheme=scheme, dataset=dataset), preset)
