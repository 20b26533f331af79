"""Results: scores and ranks at every level, unit summaries, strengths and weaknesses per unit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from clusterobs.composite.framework import Framework


def rank_desc(x: pd.Series) -> pd.Series:
    """Rank with 1 = highest score, ties get the minimum rank ("min"), NaN stays NaN."""
    return x.rank(ascending=False, method="min", na_option="keep")


def hierarchy_order(framework: Framework) -> list[str]:
    """Codes from the index down: each level in framework order, top level first."""
    return [c for lvl in range(framework.max_level, 0, -1) for c in framework.codes_at(lvl)]


def scores_and_ranks(aggregated: pd.DataFrame, framework: Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores (index first, then each lower level) and their ranks (ties "min"), rows sorted by the index."""
    cols = [c for c in hierarchy_order(framework) if c in aggregated.columns]
    scores = aggregated[cols]
    ranks = scores.apply(rank_desc).astype("Int64")
    order = scores[framework.index_code].sort_values(ascending=False, kind="stable", na_position="last").index
    return scores.loc[order], ranks.loc[order]


def results_table(aggregated: pd.DataFrame, framework: Framework, names: pd.Series | None = None) -> pd.DataFrame:
    """COINr's ``get_results(tab_type="Full")``: uName, Rank (of the index), then all scores."""
    scores, ranks = scores_and_ranks(aggregated, framework)
    out = scores.copy()
    out.insert(0, "Rank", ranks[framework.index_code])
    if names is not None:
        out.insert(0, "uName", names.reindex(out.index))
    return out


def unit_summary(aggregated: pd.DataFrame, framework: Framework, unit: str,
                 levels: Sequence[int] | None = None) -> pd.DataFrame:
    """Score and rank of one unit for every element of ``levels`` (default: all aggregate levels, top first)."""
    lv = levels if levels is not None else list(range(framework.max_level, 1, -1))
    rows = []
    for lvl in lv:
        for code in framework.codes_at(lvl):
            col = aggregated[code]
            rows.append({"Code": code, "Name": framework[code].name, "Score": col[unit],
                         "Rank": rank_desc(col)[unit]})
    return pd.DataFrame(rows)


def strengths_weaknesses(
    data: pd.DataFrame, framework: Framework, unit: str, *, top: int = 5, bottom: int = 5,
    adjust_direction: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The unit's best and worst indicators by rank among all units (ties "min").

    Ranks are of x·direction when ``adjust_direction`` (use it on raw data; normalised data already point up).
    Strengths: the ``top`` best ranks, ascending; weaknesses: the ``bottom`` worst, listed by ascending rank.
    Ties in rank keep framework order. Columns: Code, Name, Parent, Rank, Value (the unit's value in ``data``),
    Unit.
    """
    rows = []
    for code in framework.indicators:
        if code not in data.columns or pd.isna(data[code].get(unit)):
            continue
        d = framework[code].direction if adjust_direction else 1
        r = rank_desc(data[code] * d)[unit]
        el = framework[code]
        rows.append({"Code": code, "Name": el.name, "Parent": el.parent, "Rank": int(r),
                     "Value": float(data[code].astype(float)[unit]), "Unit": el.unit})
    tab = pd.DataFrame(rows)
    tab = tab.assign(_o=np.arange(len(tab)))
    best = tab.sort_values(["Rank", "_o"], kind="stable").head(top).drop(columns="_o").reset_index(drop=True)
    worst = tab.sort_values(["Rank", "_o"], kind="stable").tail(bottom).drop(columns="_o").reset_index(drop=True)
    return best, worst


__all__ = ["hierarchy_order", "rank_desc", "results_table", "scores_and_ranks", "strengths_weaknesses",
           "unit_summary"]
