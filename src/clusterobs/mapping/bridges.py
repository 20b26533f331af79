"""Cluster bridges and opportunities of a region, from its rated clusters and a relatedness matrix.

*Bridges* are pairs of a region's starred clusters that are related — the cross-clustering areas that
Hamburg's "cluster bridges" policy organises. *Opportunities* are the categories the region is not yet
strong in, ranked by their relatedness density to its strong clusters:

    density_c = Σ_{c' strong} φ_cc' / Σ_{c'} φ_cc'

(NaN relatedness counts as 0, i.e. unknown = unrelated).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterobs.errors import NotFoundError
from clusterobs.mapping.views import starred


def _region_year(table: pd.DataFrame, region: str, year: int | None) -> pd.DataFrame:
    y = int(table["year"].max()) if year is None else year
    t = table[(table["region"].astype(str) == region) & (table["year"] == y)]
    if t.empty:
        raise NotFoundError(f"no rows for region '{region}' in {y}", hint="check the region code and --year")
    return t


def default_threshold(matrix: pd.DataFrame, p: float = 0.9) -> float:
    """The p-quantile (linear) of the off-diagonal values: "related" = in the top 10 % of pairs by default."""
    arr = matrix.to_numpy(dtype=np.float64)
    off = arr[~np.eye(len(arr), dtype=bool)]
    off = off[~np.isnan(off)]
    return float(np.quantile(off, p)) if off.size else float("nan")


def bridges(table: pd.DataFrame, matrix: pd.DataFrame, region: str, *, year: int | None = None,
            min_relatedness: float | None = None, flag: str | None = None) -> pd.DataFrame:
    """Pairs (category_a < category_b) of the region's starred clusters with relatedness ≥ the threshold."""
    t = _region_year(table, region, year)
    strong = sorted(str(c) for c in t.loc[starred(t, flag).to_numpy(), "category"] if str(c) in matrix.index)
    thr = default_threshold(matrix) if min_relatedness is None else min_relatedness
    arr = matrix.to_numpy(dtype=np.float64)
    pos = {str(c): i for i, c in enumerate(matrix.index)}
    rows = []
    for i, a in enumerate(strong):
        for b in strong[i + 1:]:
            v = float(np.fmax(arr[pos[a], pos[b]], arr[pos[b], pos[a]]))
            if v >= thr:
                rows.append((region, a, b, float(v), thr))
    out = pd.DataFrame(rows, columns=["region", "category_a", "category_b", "relatedness", "threshold"])
    return out.sort_values("relatedness", ascending=False, ignore_index=True)


def opportunities(table: pd.DataFrame, matrix: pd.DataFrame, region: str, *, year: int | None = None,
                  flag: str | None = None, top: int = 3) -> pd.DataFrame:
    """Categories not starred in the region, by density to its starred clusters (highest first).

    ``related_to`` names the ``top`` strong clusters contributing most, e.g. ``"C20 (0.61), C21 (0.55)"``.
    """
    t = _region_year(table, region, year)
    cats = pd.Index(matrix.index.astype(str))
    phi = np.nan_to_num(matrix.to_numpy(dtype=np.float64), nan=0.0)
    is_strong = np.zeros(len(cats), dtype=bool)
    strong_codes = {str(c) for c in t.loc[starred(t, flag).to_numpy(), "category"]}
    is_strong[[i for i, c in enumerate(cats) if c in strong_codes]] = True
    den = phi.sum(axis=1)
    num = phi[:, is_strong].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(den > 0, num / den, np.nan)
    candidates = [i for i, c in enumerate(cats) if not is_strong[i]]
    strong_idx = np.flatnonzero(is_strong)
    rel = []
    for i in candidates:
        contrib = sorted(((phi[i, j], cats[j]) for j in strong_idx if phi[i, j] > 0), reverse=True)[:top]
        rel.append(", ".join(f"{c} ({v:.2f})" for v, c in contrib))
    out = pd.DataFrame({"region": region, "category": cats[candidates], "density": density[candidates],
                        "related_to": rel})
    present = set(t["category"].astype(str))
    out["in_data"] = out["category"].isin(present)
    return out.sort_values("density", ascending=False, ignore_index=True)


__all__ = ["bridges", "default_threshold", "opportunities"]
