"""Demoland's economy as store facts: the ``demo_sbs`` dataset at NUTS3, NUTS2, NUTS1 and country level.

Upper levels are sums of the true NUTS3 values, as a statistical office computes them before suppressing
cells, so an aggregate is published even where some of its children are confidential. Suppression then
follows the primary rule only (a cell with fewer than three enterprises); real offices also suppress
secondary cells, which the demo does not imitate. A small share of NUTS3 money values is simply not
available (NaN with an empty flag).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from clusterobs.demo.economy import DATASET, Economy
from clusterobs.demo.geography import Geography
from clusterobs.demo.latent import YEARS

INDICATORS: dict[str, str] = {
    "employment": "persons",
    "enterprises": "number",
    "wage_bill": "EUR",
    "value_added": "EUR",
}
#: A cell with fewer enterprises than this has its employment and money values suppressed (flag 'c').
CONFIDENTIAL_BELOW = 3
#: Share of NUTS3 cells whose wage bill and value added are not available.
MISSING_SHARE = 0.007


def _ancestors(geo: Geography, nuts3: list[str]) -> dict[int, np.ndarray]:
    parent = geo.regions.set_index("code")["parent"]
    chain = {3: np.array(nuts3, dtype=object)}
    for level in (2, 1, 0):
        chain[level] = parent.loc[chain[level + 1]].to_numpy()
    return chain


def _aggregate(values: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum axis 1 over runs of equal group codes (children of a region are contiguous in NUTS3 order)."""
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    codes = groups[starts]
    if len(set(codes)) != len(codes):
        raise ValueError("demo NUTS3 regions are not ordered by parent; aggregation needs contiguous children")
    return codes, np.add.reduceat(values, starts, axis=1)


def sbs_facts(econ: Economy, geo: Geography, rng: np.random.Generator) -> pd.DataFrame:
    """Long facts (store layout) for every level; absent classes (no employment) have no rows."""
    chain = _ancestors(geo, econ.nuts3)
    classes = np.array(econ.classes, dtype=object)
    years = np.array(YEARS, dtype=np.int64)
    frames: list[pa.Table] = []
    arrays = {"employment": econ.employment, "enterprises": econ.enterprises, "wage_bill": econ.wage_bill,
              "value_added": econ.value_added}
    for level in (3, 2, 1, 0):
        if level == 3:
            codes, agg = np.array(econ.nuts3, dtype=object), arrays
        else:
            agg = {}
            for name, arr in arrays.items():
                codes, agg[name] = _aggregate(arr, chain[level])
        yi, ri, ci = np.nonzero(agg["employment"] > 0)
        confidential = agg["enterprises"][yi, ri, ci] < CONFIDENTIAL_BELOW
        unavailable = (rng.random(len(yi)) < MISSING_SHARE) & ~confidential if level == 3 else None
        for name, unit in INDICATORS.items():
            value = agg[name][yi, ri, ci].astype(float)
            flag = np.full(len(yi), "", dtype=object)
            if name != "enterprises":
                value[confidential] = np.nan
                flag[confidential] = "c"
                if unavailable is not None and name in ("wage_bill", "value_added"):
                    value[unavailable] = np.nan
            frames.append(pa.table({
                "dataset": _const(DATASET, len(yi)), "region": _take(codes, ri), "industry": _take(classes, ci),
                "indicator": _const(name, len(yi)), "year": pa.array(years[yi]), "value": pa.array(value),
                "unit": _const(unit, len(yi)), "flag": pa.array(flag.astype(str)),
            }))
    # Arrow-built string columns convert to pandas without per-row Python objects (4 million rows at scale 1)
    out: pd.DataFrame = pa.concat_tables(frames).to_pandas()
    return out


def _take(labels: np.ndarray, index: np.ndarray) -> pa.Array:
    return pa.array(labels.astype(str)).take(pa.array(index))


def _const(value: str, n: int) -> pa.Array:
    return pa.array([value]).take(pa.array(np.zeros(n, dtype=np.int32)))
