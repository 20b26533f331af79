"""Principal component analysis per group, and "PCA weights" from the first component.

PCA is R's ``prcomp(center = TRUE, scale. = TRUE)``: the SVD of the column-standardised data (sample sd), so the
loadings are the unit-length eigenvectors of the correlation matrix, sdev = singular values / sqrt(n − 1),
eigenvalues = sdev² and the share of variance = eigenvalue / sum. Rows with any missing value are dropped first
(``na.omit``, as COINr ``get_PCA`` does).

PCA weights follow COINr 1.1.14 ``get_PCA(..., by_groups = TRUE)``: for every parent group at ``level + 1``, the
PCA of its children at ``level``, and the children's weights become the **raw first-component loadings** —
neither squared nor normalised to sum 1 (they have unit Euclidean norm within each group and may be negative).
This was deduced from ``expected_PCA_weights_level2.csv``: within Conn and within Sust the squared weights sum to
1, and Social carries −0.744. Weights at other levels are left as they were.

Sign: an eigenvector's sign is arbitrary (R inherits LAPACK's). We orient each component so that its loadings
sum to ≥ 0, which is both the sensible orientation for weights and the one COINr's output shows on ASEM level 2
and the Handbook TAI case (compare up to sign elsewhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterobs.composite.effective_weights import Hierarchy
from clusterobs.errors import ValidationError

__all__ = ["PCAResult", "pca", "pca_by_group", "pca_weights"]


@dataclass(frozen=True)
class PCAResult:
    """Loadings (variables × PCs), per-component sdev/eigenvalue/share, unit scores, and rows used."""

    loadings: pd.DataFrame
    sdev: pd.Series
    eigenvalues: pd.Series
    prop_var: pd.Series
    scores: pd.DataFrame
    n_dropped: int


def pca(data: pd.DataFrame, scale: bool = True) -> PCAResult:
    """PCA of a units × variables table (complete rows only), components oriented to positive loading sums."""
    complete = data.dropna(how="any")
    x = complete.to_numpy(dtype=float)
    n, p = x.shape
    if n < 2 or p < 1:
        raise ValidationError(f"PCA needs at least two complete rows and one column, got {n} × {p}",
                              field="data", hint="impute missing values or choose more units")
    z = x - x.mean(axis=0)
    if scale:
        sd = z.std(axis=0, ddof=1)
        const = [str(c) for c, s in zip(data.columns, sd, strict=True) if s == 0]
        if const:
            raise ValidationError(f"cannot scale constant column(s): {', '.join(const)}", field="data",
                                  hint="drop constant indicators before PCA")
        z = z / sd
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    sign = np.where(vt.sum(axis=1) < 0, -1.0, 1.0)
    vt = vt * sign[:, None]
    names = [f"PC{i + 1}" for i in range(len(s))]
    sdev = s / np.sqrt(n - 1)
    eig = sdev ** 2
    return PCAResult(
        loadings=pd.DataFrame(vt.T, index=data.columns, columns=names),
        sdev=pd.Series(sdev, index=names, name="sdev"),
        eigenvalues=pd.Series(eig, index=names, name="eigenvalue"),
        prop_var=pd.Series(eig / eig.sum(), index=names, name="prop_var"),
        scores=pd.DataFrame(z @ vt.T, index=complete.index, columns=names),
        n_dropped=len(data) - n,
    )


def pca_by_group(data: pd.DataFrame, imeta: pd.DataFrame, level: int = 1) -> dict[str, PCAResult]:
    """PCA of the children (at ``level``) of each group at ``level + 1`` found in ``data``."""
    tree = Hierarchy.from_imeta(imeta)
    if level >= tree.top_level:
        raise ValidationError(f"level {level} has no parent groups (top level is {tree.top_level})",
                              field="Level", hint="choose a level below the index")
    out: dict[str, PCAResult] = {}
    for parent in tree.codes_at(level + 1):
        kids = [c for c in tree.children_of(parent) if c in data.columns]
        if kids:
            out[parent] = pca(data[kids])
    if not out:
        raise ValidationError(f"no column of level {level} in the data", field="Level",
                              hint="pass a data set holding that level (e.g. the Aggregated one)")
    return out


def pca_weights(data: pd.DataFrame, imeta: pd.DataFrame, level: int = 1,
                weights: pd.DataFrame | Mapping[str, float] | None = None) -> pd.DataFrame:
    """A weight set (iCode, Level, Weight) whose ``level`` weights are the first-component loadings per group.

    Starts from ``weights`` (COINr weights table or mapping) or else iMeta's Weight column.
    """
    tree = Hierarchy.from_imeta(imeta)
    w = tree.weight_of()
    if weights is not None:
        w.update(dict(zip(weights["iCode"].astype(str), weights["Weight"].astype(float), strict=True))
                 if isinstance(weights, pd.DataFrame) else {str(k): float(v) for k, v in weights.items()})
    for res in pca_by_group(data, imeta, level).values():
        w.update({str(k): float(v) for k, v in res.loadings["PC1"].items()})
    return pd.DataFrame({"iCode": list(tree.codes), "Level": list(tree.levels), "Weight": [w[c] for c in tree.codes]})
