"""Cluster mapping over the observatory store: NACE facts → category table → the pure mapping core.

Business statistics arrive by NACE class (firm microdata, the demo world, detailed SBS) or only by NACE
division (the regional SBS table ``sbs_r_nuts06_r2``); the mapping core rates categories.

* **Classes** sum exactly into the taxonomy's categories (inside DuckDB, through the store's
  ``industry_links``). Missing (e.g. confidential) class values are excluded from the sum — never read as
  zero — and counted per region × category × year in ``missing_classes``, so every total built on an
  incomplete set of classes is reported as such (a strict "unknown if any class is unknown" rule would hide
  most large clusters, since some small class in them is nearly always confidential in official statistics).
* **Divisions** are used only when a NUTS level has no class-level facts at all. A division's classes can fall
  into several categories, so it is *allocated* by an explicit rule of
  :data:`clusterobs.industries.ALLOCATION_RULES` (``division_rule``, default ``'dominant'``: the whole division
  goes to the category holding most of its classes), the taxonomy's :class:`~clusterobs.errors.ClusterObsWarning`
  is emitted, and the table carries a :class:`DivisionAllocation` (``table.attrs["division_allocation"]``) whose
  :attr:`~DivisionAllocation.note` pages and the API show. Missing division values are treated as for classes:
  excluded from the sum and counted in ``missing_classes`` (here: missing *divisions*). Divisions cannot be
  allocated to emerging industries (their sets are defined by class), so that scheme has no table then.

Region totals: every table carries ``region_employment``, the region's employment over all NACE classes (or
allocated divisions) in that year, so the mapping core measures E_r and E against the whole economy. This
matters for the emerging industries, which overlap and cover only part of the economy; for the partitioning
cluster categories it is the sum of their rows and changes nothing.

Indicators: the demo's names (``employment``, ``enterprises``, ``wage_bill``, ``value_added``) and Eurostat's
SBS codes (``V16110`` persons employed, ``V11210`` enterprises, ``V13320`` personnel costs) map onto the
mapping roles (:data:`ROLES`).

Regions: the codes of one NUTS level known in *any* NUTS version of the store (SBS regions are NUTS 2013
codes, the registry's default is 2021; for NUTS the registry's level is the code length − 2), extra-regio
units (``..ZZ``, flagged in any version) excluded. Codes unknown to every version (e.g. the NUTS 2010 ``DE41``
that Eurostat keeps publishing, empty, beside ``DE40``) are left out, so no territory is counted twice.

Reference area: the mapping core's default, the **sum of the regions of the level** in this table (not a
published EU total, which would also include regions missing from the regional breakdown).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clusterobs.errors import NotFoundError, UnknownMethodError
from clusterobs.industries import ALLOCATION_RULES, allocate_divisions, load_taxonomy
from clusterobs.mapping import map_clusters
from clusterobs.mapping.panel import REGION_TOTAL
from clusterobs.store import Store

#: Store indicator → mapping role column (the demo's names and Eurostat's SBS codes).
ROLES = {"employment": "employment", "enterprises": "establishments", "wage_bill": "wage_bill",
         "value_added": "value_added", "V16110": "employment", "V11210": "establishments", "V13320": "wage_bill"}
#: The division allocation rule used unless the caller names another.
DEFAULT_DIVISION_RULE = "dominant"
#: Key of :class:`DivisionAllocation` in ``DataFrame.attrs`` of a table built from divisions.
ALLOCATION_ATTR = "division_allocation"
_KEYS = ["region", "category", "year"]
#: Regions of one level known in any NUTS version of the store, extra-regio excluded.
_LEVEL_REGIONS = """SELECT code FROM regions GROUP BY code
                    HAVING bool_and(level = ?) AND NOT bool_or(is_extra_regio)"""


@dataclass(frozen=True)
class DivisionAllocation:
    """How a category table was made from NACE divisions: the rule, and what it covered."""

    rule: str
    datasets: tuple[str, ...]
    divisions: int

    @property
    def note(self) -> str:
        """The caveat pages and the API show beside results built on this allocation."""
        return f"allocated from NACE divisions by the '{self.rule}' rule: approximate"


def allocation_of(table: pd.DataFrame) -> DivisionAllocation | None:
    """The division allocation a category (or rated) table was built with, ``None`` if built from classes."""
    found = table.attrs.get(ALLOCATION_ATTR)
    return found if isinstance(found, DivisionAllocation) else None


def _check_rule(rule: str) -> str:
    if rule not in ALLOCATION_RULES:
        raise UnknownMethodError("division allocation rule", rule, ALLOCATION_RULES)
    return rule


def _dataset_filter(dataset: str | None, params: list[object]) -> str:
    if dataset is None:
        return ""
    params.append(dataset)
    return "AND f.dataset = ?"


def _class_long(store: Store, level: int, scheme: str, dataset: str | None) -> pd.DataFrame:
    params: list[object] = [scheme, list(ROLES), level]
    ds = _dataset_filter(dataset, params)
    long = store.query(
        f"""
        SELECT f.region, l.category, f.year, f.indicator,
               sum(f.value) FILTER (WHERE NOT isnan(f.value)) AS value,
               count(*) FILTER (WHERE f.value IS NULL OR isnan(f.value)) AS missing
        FROM facts f
        JOIN industry_links l ON l.nace = f.industry AND l.scheme = ?
        WHERE f.indicator IN (SELECT unnest(?)) AND f.region IN ({_LEVEL_REGIONS}) {ds}
        GROUP BY f.region, l.category, f.year, f.indicator
        """,
        params,
    )
    long["role"] = long["indicator"].map(ROLES)
    # Two source names of one role (e.g. 'employment' and 'V16110') add up, as facts of several datasets do.
    g = long.groupby([*_KEYS, "role"])
    return pd.concat([g["value"].sum(min_count=1), g["missing"].max()], axis=1).reset_index()


def _class_region_totals(store: Store, level: int, dataset: str | None) -> pd.DataFrame:
    """Region × year employment summed over every NACE class (what the cluster-category table sums to)."""
    params: list[object] = [[k for k, v in ROLES.items() if v == "employment"], level]
    ds = _dataset_filter(dataset, params)
    return store.query(
        f"""
        SELECT f.region, f.year, sum(f.value) FILTER (WHERE NOT isnan(f.value)) AS {REGION_TOTAL}
        FROM facts f
        WHERE f.indicator IN (SELECT unnest(?)) AND f.region IN ({_LEVEL_REGIONS}) {ds}
          AND f.industry IN (SELECT nace FROM industry_links WHERE scheme = 'cluster_category'
                             UNION SELECT code FROM industries WHERE scheme = 'nace_r2' AND level = 4)
        GROUP BY f.region, f.year
        """,
        params,
    )


def _division_facts(store: Store, level: int, dataset: str | None) -> pd.DataFrame:
    params: list[object] = [list(ROLES), level]
    ds = _dataset_filter(dataset, params)
    return store.query(
        f"""
        SELECT f.dataset, f.region, f.industry, f.year, f.indicator, f.value
        FROM facts f
        WHERE f.indicator IN (SELECT unnest(?)) AND f.region IN ({_LEVEL_REGIONS}) {ds}
          AND f.industry IN (SELECT code FROM industries WHERE scheme = 'nace_r2' AND level = 2)
        """,
        params,
    )


def _division_long(facts: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Allocate division facts to categories by ``rule`` (warns); missing divisions counted, not summed."""
    tax = load_taxonomy()
    facts = facts.assign(role=facts["indicator"].map(ROLES), value=facts["value"].astype(float))
    present = facts[facts["value"].notna()][["region", "year", "role", "industry", "value"]]
    allocated = allocate_divisions(present, tax, rule=rule).rename(columns={"industry": "category"})
    weights = ALLOCATION_RULES[rule](tax)
    gaps = facts[facts["value"].isna()].merge(weights, left_on="industry", right_on="division")
    missing = gaps.groupby([*_KEYS, "role"]).size().rename("missing").reset_index()
    long = allocated[[*_KEYS, "role", "value"]].merge(missing, on=[*_KEYS, "role"], how="outer")
    long["missing"] = long["missing"].fillna(0).astype(int)
    return long


def category_table(store: Store, *, level: int = 2, scheme: str = "cluster_category",
                   dataset: str | None = None, division_rule: str = DEFAULT_DIVISION_RULE) -> pd.DataFrame:
    """Role-column table (region, category, year, employment, establishments, wage_bill, value_added,
    missing_classes, traded, region_employment) of one NUTS level; from divisions (see the module docstring)
    only when the level has no class-level facts, and then ``allocation_of(table)`` says by which rule.

    ``region_employment`` is the region's employment in all NACE classes (or allocated divisions) that year:
    the E_r of the location quotient. The emerging industries overlap and cover only part of the economy,
    so the sum of their rows is no region total (the European Cluster Observatory's emerging-industry LQ is
    relative to the region's whole business economy); for the partitioning cluster categories it equals
    the sum of the rows."""
    _check_rule(division_rule)
    long = _class_long(store, level, scheme, dataset)
    allocation: DivisionAllocation | None = None
    if long.empty:
        divisions = _division_facts(store, level, dataset)
        if not divisions.empty and scheme == "cluster_category":
            long = _division_long(divisions, division_rule)
            allocation = DivisionAllocation(rule=division_rule, datasets=tuple(sorted(divisions["dataset"].unique())),
                                            divisions=int(divisions["industry"].nunique()))
        elif not divisions.empty:
            raise NotFoundError(f"the store has business statistics only by NACE division for NUTS level {level}, "
                                f"which cannot be allocated to scheme '{scheme}' (defined by NACE classes)",
                                hint="load class-level data (clusterobs ingest firms, or a detailed SBS table)")
    if long.empty:
        raise NotFoundError(f"the store has no business statistics by NACE class or division for NUTS level {level}",
                            hint="load them (clusterobs demo, clusterobs ingest eurostat, clusterobs ingest firms)")
    kind = store.query("SELECT code, kind FROM industries WHERE scheme = ?", [scheme]).set_index("code")["kind"]
    wide = long.pivot(index=_KEYS, columns="role", values="value")
    wide["missing_classes"] = long.pivot(index=_KEYS, columns="role", values="missing").max(axis=1).astype(int)
    wide = wide.reset_index()
    wide.columns.name = None
    wide["traded"] = wide["category"].map(kind).eq("traded") if scheme == "cluster_category" else True
    if allocation is None:
        totals = _class_region_totals(store, level, dataset)
    elif "employment" in wide.columns:  # allocated divisions: each goes wholly or in shares to the categories
        totals = wide.groupby(["region", "year"])["employment"].sum(min_count=1).rename(REGION_TOTAL).reset_index()
    else:
        totals = pd.DataFrame({"region": pd.Series(dtype=str), "year": pd.Series(dtype="int64"),
                               REGION_TOTAL: pd.Series(dtype="float64")})
    wide = wide.merge(totals.astype({"year": wide["year"].dtype}), on=["region", "year"], how="left")
    wide[REGION_TOTAL] = wide[REGION_TOTAL].astype("float64")
    if allocation is not None:
        wide.attrs[ALLOCATION_ATTR] = allocation
    return wide


def clusters(store: Store, *, preset: str = "eco2007", level: int = 2, scheme: str = "cluster_category",
             dataset: str | None = None, division_rule: str = DEFAULT_DIVISION_RULE) -> pd.DataFrame:
    """The preset's ratings for every region × category × year of a level (``allocation_of`` as the input's)."""
    table = category_table(store, level=level, scheme=scheme, dataset=dataset, division_rule=division_rule)
    rated = map_clusters(table, preset)
    allocation = allocation_of(table)
    if allocation is not None:
        rated.attrs[ALLOCATION_ATTR] = allocation
    return rated


__all__ = ["ALLOCATION_ATTR", "DEFAULT_DIVISION_RULE", "ROLES", "DivisionAllocation", "allocation_of",
           "category_table", "clusters"]
