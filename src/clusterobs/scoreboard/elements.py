"""One region's reading of every scoreboard element: value, rank, EU and peer references, colour.

The scoreboard is about conditions relative to comparable regions, so the colour compares a region with its
peers, not with the EU: with ``m`` the mean and ``s`` the sample standard deviation (n − 1) of the element
over the peer regions that have a value,

* green  if value > m + s   (clearly better than the peers),
* red    if value < m − s   (clearly worse: a bottleneck candidate),
* orange if m − s ≤ value ≤ m + s (within one standard deviation, bounds included),
* grey   if the value is missing, or fewer than two peers have a value (no sd, so no reference band).

Ranks are among all scored regions, higher value = better (values are normalised with their direction, so
this holds for every element), ties share the smallest rank ("min"), and N counts the regions with a value.
The "EU mean" is the mean over all scored regions (those given in ``scores``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import numpy as np
import pandas as pd

from clusterobs.errors import NotFoundError
from clusterobs.scoreboard.framework import LEVEL_DIMENSION, LEVEL_NAMES, Framework

GREEN: Final = "green"
ORANGE: Final = "orange"
RED: Final = "red"
GREY: Final = "grey"
COLOURS: Final = (GREEN, ORANGE, RED, GREY)
MIN_PEERS_FOR_SD: Final = 2

ELEMENT_COLUMNS: Final = (
    "code", "name", "level", "dimension", "parent", "value", "rank", "n", "rank_label",
    "eu_mean", "peer_mean", "peer_sd", "n_peers", "colour",
)


def status_colours(value: np.ndarray, peer_mean: np.ndarray, peer_sd: np.ndarray) -> np.ndarray:
    """Colour per element by the one-standard-deviation band around the peer mean (see module doc)."""
    v = np.asarray(value, dtype=float)
    m = np.asarray(peer_mean, dtype=float)
    s = np.asarray(peer_sd, dtype=float)
    missing = np.isnan(v) | np.isnan(m) | np.isnan(s)
    out = np.full(v.shape, ORANGE, dtype=object)
    with np.errstate(invalid="ignore"):
        out[v > m + s] = GREEN
        out[v < m - s] = RED
    out[missing] = GREY
    return out


def ranks(scores: pd.DataFrame) -> pd.DataFrame:
    """Rank of each region per column, 1 = highest, ties "min", missing stays missing."""
    return scores.rank(axis=0, ascending=False, method="min", na_option="keep")


def element_table(
    framework: Framework, scores: pd.DataFrame, region: str, peers: Iterable[str]
) -> pd.DataFrame:
    """Every element of ``framework`` for ``region``, in the scorecard's depth-first order.

    ``scores`` is the units × element codes table of :func:`clusterobs.scoreboard.compute.compute_scores`;
    ``peers`` are region codes of that table (the region itself is ignored if listed).
    """
    index = scores.index.astype(str)
    table = scores.set_axis(index, axis=0)
    if region not in table.index:
        raise NotFoundError(f"region '{region}' has no scores", hint="pick a region of the scored table")
    peer_list = [p for p in dict.fromkeys(map(str, peers)) if p != region]
    unknown = [p for p in peer_list if p not in table.index]
    if unknown:
        raise NotFoundError("peer regions without scores: " + ", ".join(unknown))
    codes = framework.tree_order()
    missing_cols = [c for c in codes if c not in table.columns]
    if missing_cols:
        raise NotFoundError("scores lack element columns: " + ", ".join(missing_cols))
    sub = table[codes].astype(float)
    r = ranks(sub)
    peer_vals = sub.loc[peer_list]
    n_peers = peer_vals.notna().sum()
    peer_mean = peer_vals.mean()
    peer_sd = peer_vals.std(ddof=1).where(n_peers >= MIN_PEERS_FOR_SD)
    value = sub.loc[region]
    n = sub.notna().sum()
    rank = r.loc[region]
    rank_arr = rank.to_numpy(dtype=float)
    labels = [
        f"{int(rk)}/{int(nn)}" if not np.isnan(rk) else ""
        for rk, nn in zip(rank_arr, n.to_numpy(), strict=True)
    ]
    els = [framework.element(c) for c in codes]
    out = pd.DataFrame(
        {
            "code": codes,
            "name": [e.name for e in els],
            "level": [LEVEL_NAMES.get(e.level, str(e.level)) for e in els],
            "dimension": [framework.ancestor(c, LEVEL_DIMENSION) or "" for c in codes],
            "parent": [e.parent or "" for e in els],
            "value": value.to_numpy(),
            "rank": rank.astype("Int64").to_numpy(),
            "n": n.to_numpy().astype(int),
            "rank_label": labels,
            "eu_mean": sub.mean().to_numpy(),
            "peer_mean": peer_mean.to_numpy(),
            "peer_sd": peer_sd.to_numpy(),
            "n_peers": n_peers.to_numpy().astype(int),
        }
    )
    out["colour"] = status_colours(out["value"].to_numpy(), out["peer_mean"].to_numpy(), out["peer_sd"].to_numpy())
    return out


__all__ = [
    "COLOURS",
    "ELEMENT_COLUMNS",
    "GREEN",
    "GREY",
    "MIN_PEERS_FOR_SD",
    "ORANGE",
    "RED",
    "element_table",
    "ranks",
    "status_colours",
]
