"""Carrying facts from NACE to cluster categories or emerging industries.

Class-level data aggregates exactly (each class belongs to one category). Division-level data does not: a
division's classes can fall into several categories, so it can only be *allocated*, by a named rule from
:data:`ALLOCATION_RULES`, and every allocation warns that the result is approximate.

Missing values stay missing: a category with any missing class value gets NaN (and a count of the missing
classes), never a sum that silently reads the gap as zero.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from clusterobs.errors import ClusterObsWarning, UnknownMethodError, ValidationError
from clusterobs.industries.taxonomy import Taxonomy

SCHEMES = ("cluster_category", "emerging")
#: Columns that are not grouping keys when aggregating a facts-like table.
_VALUE_COLUMNS = ("value", "flag")


def _links(tax: Taxonomy, scheme: str) -> pd.DataFrame:
    """(nace, target) pairs of a scheme."""
    if scheme == "cluster_category":
        return tax.nace_to_category[["nace", "category"]].rename(columns={"category": "target"})
    if scheme == "emerging":
        return tax.emerging[["nace", "industry"]].rename(columns={"industry": "target"})
    raise UnknownMethodError("aggregation scheme", scheme, SCHEMES)


def _sum_keep_missing(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum ``value`` per key; NaN if any part is missing. Counts parts and missing parts."""
    g = frame.assign(_missing=frame["value"].isna()).groupby(keys, sort=True, dropna=False)
    out = g.agg(value=("value", "sum"), n_parts=("value", "size"), n_missing=("_missing", "sum")).reset_index()
    out.loc[out["n_missing"] > 0, "value"] = np.nan
    out["n_missing"] = out["n_missing"].astype(int)
    return out


def _check_codes(df: pd.DataFrame, known: set[str], what: str, hint: str) -> None:
    bad = sorted(set(df["industry"]) - known)
    if bad:
        shown = ", ".join(bad[:10]) + (" …" if len(bad) > 10 else "")
        raise ValidationError(f"{len(bad)} industry code(s) are not NACE {what}: {shown}", field="industry",
                              hint=hint)


def aggregate_to_categories(facts: pd.DataFrame, tax: Taxonomy, *, scheme: str = "cluster_category") -> pd.DataFrame:
    """Sum additive class-level facts into cluster categories (or emerging industries).

    ``facts`` has an ``industry`` column of NACE classes ('C1011'), a ``value`` column and any key columns
    (region, indicator, year, unit …), which are kept. ``flag`` is dropped. The result has ``industry`` =
    category code, ``value``, ``n_classes`` (classes with a row) and ``n_missing`` (of those, missing values;
    the value is NaN when it is above zero). With ``scheme='emerging'`` a class counts in every emerging
    industry that lists it.
    """
    classes = set(tax.nace.loc[tax.nace["level"] == 4, "code"])
    _check_codes(facts, classes, "classes", "aggregate class-level data only; for divisions use allocate_divisions")
    keys = [c for c in facts.columns if c not in ("industry", *_VALUE_COLUMNS)]
    links = _links(tax, scheme)
    merged = facts.merge(links, left_on="industry", right_on="nace", how="inner")
    out = _sum_keep_missing(merged, [*keys, "target"]).rename(columns={"target": "industry", "n_parts": "n_classes"})
    return out[[*keys, "industry", "value", "n_classes", "n_missing"]]


# --- division allocation rules: each returns (division, category, share) with shares summing to 1 -----------

def _division_counts(tax: Taxonomy) -> pd.DataFrame:
    m = tax.nace_to_category.assign(division=tax.nace_to_category["nace"].str[:3])
    return m.groupby(["division", "category"], sort=True).size().rename("n").reset_index()


def dominant(tax: Taxonomy) -> pd.DataFrame:
    """All of a division to the category holding most of its classes (ties: alphabetically first category)."""
    c = _division_counts(tax).sort_values(["division", "n", "category"], ascending=[True, False, True])
    top = c.drop_duplicates("division", keep="first")
    return top.assign(share=1.0)[["division", "category", "share"]].reset_index(drop=True)


def proportional_classes(tax: Taxonomy) -> pd.DataFrame:
    """A division split across categories by their share of the division's classes (equal class weights)."""
    c = _division_counts(tax)
    c["share"] = c["n"] / c.groupby("division")["n"].transform("sum")
    return c[["division", "category", "share"]]


AllocationRule = Callable[[Taxonomy], pd.DataFrame]

ALLOCATION_RULES: dict[str, AllocationRule] = {
    "dominant": dominant,
    "proportional-classes": proportional_classes,
}


def allocate_divisions(facts: pd.DataFrame, tax: Taxonomy, *, rule: str) -> pd.DataFrame:
    """Allocate division-level facts ('C10') to cluster categories by an explicit ``rule``.

    Same shape as :func:`aggregate_to_categories`, with ``n_divisions`` instead of ``n_classes``. Emits a
    :class:`ClusterObsWarning` naming the rule: the result is an approximation, not a measurement.
    """
    if rule not in ALLOCATION_RULES:
        raise UnknownMethodError("division allocation rule", rule, ALLOCATION_RULES)
    divisions = set(tax.nace.loc[tax.nace["level"] == 2, "code"])
    _check_codes(facts, divisions, "divisions", "give 2-digit divisions in Eurostat form, e.g. 'C10'")
    weights = ALLOCATION_RULES[rule](tax)
    keys = [c for c in facts.columns if c not in ("industry", *_VALUE_COLUMNS)]
    merged = facts.merge(weights, left_on="industry", right_on="division", how="inner")
    merged["value"] = merged["value"] * merged["share"]
    out = _sum_keep_missing(merged, [*keys, "category"]).rename(
        columns={"category": "industry", "n_parts": "n_divisions"})
    warnings.warn(
        f"division-level data allocated to cluster categories by rule '{rule}': the result is approximate "
        "(classes of one division can belong to different categories)",
        ClusterObsWarning,
        stacklevel=2,
    )
    return out[[*keys, "industry", "value", "n_divisions", "n_missing"]]
