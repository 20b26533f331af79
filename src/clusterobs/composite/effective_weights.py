"""Effective weights: how much each indicator or aggregate finally counts in the index.

Nominal weights are relative within a group (COINr's aggregation renormalises them over the children of one
parent), so the weight a user writes down is not what the index feels. The effective weight of a node is its
weight divided by the sum of its siblings' weights, times the effective weight of its parent; the root(s) share
1 the same way. This is COINr's ``get_eff_weights()`` (OECD/JRC Handbook 2008, section 6).

The module also holds :class:`Hierarchy`, the small tree view of an iMeta table that the analysis and
robustness modules (correlation, PCA, uncertainty) share. It reads COINr's iMeta layout (columns iCode, Level,
Parent, Weight, optionally Direction and Type; rows of other types such as Group or Denominator are ignored).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterobs.errors import ValidationError

__all__ = ["Hierarchy", "effective_weights"]

_NODE_TYPES = ("Indicator", "Aggregate")


@dataclass(frozen=True)
class Hierarchy:
    """A tree indicator → … → index, as parallel arrays in iMeta row order (levels 1 = indicators)."""

    codes: tuple[str, ...]
    levels: tuple[int, ...]
    parents: tuple[str | None, ...]
    weights: tuple[float, ...]
    directions: tuple[int, ...]

    @classmethod
    def from_imeta(cls, imeta: pd.DataFrame) -> Hierarchy:
        """Build from a COINr-style iMeta table, checking the tree so that later code can trust it."""
        missing = [c for c in ("iCode", "Level", "Parent", "Weight") if c not in imeta.columns]
        if missing:
            raise ValidationError(
                f"iMeta lacks column(s) {', '.join(missing)}",
                field=missing[0],
                hint="iMeta needs the COINr columns iCode, Level, Parent, Weight (Direction, Type optional)",
            )
        meta = imeta
        if "Type" in meta.columns:
            meta = meta[meta["Type"].isin(_NODE_TYPES)]
        meta = meta[meta["Level"].notna()]
        codes = tuple(str(c) for c in meta["iCode"])
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValidationError(f"duplicate iCode(s) in iMeta: {', '.join(dup)}", field="iCode",
                                  hint="give every indicator and aggregate a unique code")
        levels = tuple(int(v) for v in meta["Level"])
        parents = tuple(None if pd.isna(p) or str(p) == "" else str(p) for p in meta["Parent"])
        weights = tuple(float(w) for w in meta["Weight"].fillna(1.0))
        if "Direction" in meta.columns:
            directions = tuple(int(d) for d in meta["Direction"].fillna(1))
        else:
            directions = (1,) * len(codes)
        level_of = dict(zip(codes, levels, strict=True))
        orphans = sorted(c for c, p in zip(codes, parents, strict=True) if p is not None and p not in level_of)
        if orphans:
            raise ValidationError(f"parent code not in iMeta for: {', '.join(orphans)}", field="Parent",
                                  hint="add the parent aggregate as a row of iMeta or fix the Parent cell")
        bad = sorted(c for c, lv, p in zip(codes, levels, parents, strict=True)
                     if p is not None and level_of[p] != lv + 1)
        if bad:
            raise ValidationError(f"parent not exactly one level above for: {', '.join(bad)}", field="Level",
                                  hint="a node at Level L must have its Parent at Level L+1")
        top = max(levels) if levels else 0
        rootless = sorted(c for c, lv, p in zip(codes, levels, parents, strict=True) if p is None and lv != top)
        if rootless:
            raise ValidationError(f"node(s) without parent below the top level: {', '.join(rootless)}",
                                  field="Parent", hint="every node except the index needs a Parent")
        return cls(codes, levels, parents, weights, directions)

    @property
    def top_level(self) -> int:
        return max(self.levels)

    def codes_at(self, level: int) -> list[str]:
        """Codes at one level, in iMeta order."""
        return [c for c, lv in zip(self.codes, self.levels, strict=True) if lv == level]

    def parent_of(self) -> dict[str, str | None]:
        return dict(zip(self.codes, self.parents, strict=True))

    def weight_of(self) -> dict[str, float]:
        return dict(zip(self.codes, self.weights, strict=True))

    def children_of(self, code: str) -> list[str]:
        return [c for c, p in zip(self.codes, self.parents, strict=True) if p == code]

    def membership(self, level: int) -> tuple[list[str], list[str], npt.NDArray[np.float64]]:
        """Children (``level``) × parents (``level + 1``) 0/1 matrix: aggregation as a matrix product."""
        children = self.codes_at(level)
        parents = self.codes_at(level + 1)
        col = {p: j for j, p in enumerate(parents)}
        pof = self.parent_of()
        m = np.zeros((len(children), len(parents)))
        for i, c in enumerate(children):
            m[i, col[str(pof[c])]] = 1.0
        return children, parents, m

    def ancestor_at(self, code: str, level: int) -> str | None:
        """The ancestor of ``code`` at ``level`` (the code itself at its own level)."""
        pof = self.parent_of()
        lof = dict(zip(self.codes, self.levels, strict=True))
        cur: str | None = code
        while cur is not None and lof[cur] < level:
            cur = pof[cur]
        return cur if cur is not None and lof[cur] == level else None


def effective_weights(imeta: pd.DataFrame, weights: pd.DataFrame | Mapping[str, float] | None = None) -> pd.DataFrame:
    """Effective weight of every node: its share within its siblings times its parent's effective weight.

    ``weights`` (a COINr weights table with iCode, Weight, or a mapping code → weight) overrides iMeta's
    Weight column, e.g. to evaluate a PCA or noisy weight set. Returns iCode, Level, Weight, EffWeight in iMeta
    order; at each level the effective weights sum to 1.
    """
    tree = Hierarchy.from_imeta(imeta)
    w = tree.weight_of()
    if weights is not None:
        given = (dict(zip(weights["iCode"].astype(str), weights["Weight"].astype(float), strict=True))
                 if isinstance(weights, pd.DataFrame) else {str(k): float(v) for k, v in weights.items()})
        unknown = sorted(set(given) - set(w))
        if unknown:
            raise ValidationError(f"weights given for code(s) not in iMeta: {', '.join(unknown)}", field="iCode",
                                  hint="use the iCodes of the iMeta table")
        w.update(given)
    pof = tree.parent_of()
    group_sum: dict[str | None, float] = {}
    for c in tree.codes:
        group_sum[pof[c]] = group_sum.get(pof[c], 0.0) + w[c]
    eff: dict[str, float] = {}
    for level in range(tree.top_level, 0, -1):
        for c in tree.codes_at(level):
            parent = pof[c]
            share = w[c] / group_sum[parent] if group_sum[parent] != 0 else np.nan
            eff[c] = share * (eff[parent] if parent is not None else 1.0)
    return pd.DataFrame({
        "iCode": list(tree.codes),
        "Level": list(tree.levels),
        "Weight": [w[c] for c in tree.codes],
        "EffWeight": [eff[c] for c in tree.codes],
    })
