"""Variance-based global sensitivity analysis: which uncertain choice drives the ranking?

Design (Saltelli et al. 2010, Comput. Phys. Commun. 181, 259–270; *Global Sensitivity Analysis: The Primer*,
2008): two independent uniform N × d matrices A and B and, for each input i, A_B^(i) = A with column i taken
from B — N·(d + 2) model runs, stacked A, B, A_B^(1), …, A_B^(d) as COINr's ``SA_sample`` does. With
V = var(y_A ∪ y_B) (sample variance, n − 1):

* first order  Sᵢ  = mean(y_B · (y_ABᵢ − y_A)) / V          (Saltelli 2010, table 2 (b))
* total effect STᵢ = Σ (y_A − y_ABᵢ)² / (2 N V)               (Jansen 1999)

which is exactly COINr 1.1.14 ``SA_estimate`` (checked to 1e-15 on its output for y = x₁ + 2x₂). Confidence
intervals bootstrap the N per-row terms of each estimator (resampled with replacement, V held fixed) and report
the 5 % and 95 % quantiles, as COINr does. For a composite, every uncertain input is one column of the sample,
mapped to its alternatives like COINr (see :mod:`clusterobs.composite.uncertainty`), and the scalar output is
COINr's: the mean absolute rank shift of the units from their nominal ranks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterobs.composite.uncertainty import (
    CompositeModel,
    UncertaintySpec,
    rank_scores,
    rank_stats,
)
from clusterobs.errors import ValidationError

__all__ = ["SensitivityResult", "composite_sensitivity", "saltelli_sample", "sensitivity_analysis", "sobol_indices"]

Array = npt.NDArray[np.float64]


def saltelli_sample(n: int, d: int, rng: np.random.Generator | int | None = None) -> Array:
    """The N·(d + 2) × d design [A; B; A_B^(1); …; A_B^(d)] on the unit hypercube."""
    if n < 2 or d < 1:
        raise ValidationError(f"need N ≥ 2 and d ≥ 1, got N = {n}, d = {d}", field="N",
                              hint="choose a larger base sample")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    a = gen.random((n, d))
    b = gen.random((n, d))
    ab = np.repeat(a[None, :, :], d, axis=0)
    ab[np.arange(d), :, np.arange(d)] = b.T
    return np.concatenate([a, b, ab.reshape(n * d, d)])


def sobol_indices(y: npt.ArrayLike, n: int, d: int, n_boot: int | None = None,
                  rng: np.random.Generator | int | None = None, probs: tuple[float, float] = (0.05, 0.95),
                  names: list[str] | None = None) -> pd.DataFrame:
    """First-order (Saltelli 2010) and total (Jansen) indices from outputs of :func:`saltelli_sample` runs.

    Columns Variable, Si, STi and, with ``n_boot``, Si_q5, Si_q95, STi_q5, STi_q95 (names follow ``probs``);
    ``attrs["variance"]`` holds V.
    """
    yy = np.asarray(y, dtype=float)
    if yy.size != n * (d + 2):
        raise ValidationError(f"{yy.size} outputs for N = {n}, d = {d}; expected N·(d + 2) = {n * (d + 2)}",
                              field="y", hint="evaluate the model on every row of saltelli_sample(N, d)")
    ya, yb = yy[:n], yy[n:2 * n]
    yab = yy[2 * n:].reshape(d, n)
    var = float(np.var(np.concatenate([ya, yb]), ddof=1))
    si_terms = yb[None, :] * (yab - ya[None, :])
    st_terms = (ya[None, :] - yab) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame({
            "Variable": names if names is not None else [f"V{i + 1}" for i in range(d)],
            "Si": si_terms.mean(axis=1) / var,
            "STi": st_terms.sum(axis=1) / (2 * n * var),
        })
        if n_boot:
            gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
            rows = np.arange(d)[:, None]
            si_b, st_b = np.empty((n_boot, d)), np.empty((n_boot, d))
            for k in range(n_boot):  # one vectorised resample of all d columns per draw keeps memory O(d·N)
                idx = gen.integers(0, n, size=(d, n))
                si_b[k] = si_terms[rows, idx].mean(axis=1) / var
                st_b[k] = st_terms[rows, idx].sum(axis=1) / (2 * n * var)
            lo, hi = (f"q{round(p * 100)}" for p in probs)
            table[f"Si_{lo}"], table[f"Si_{hi}"] = np.quantile(si_b, probs, axis=0)
            table[f"STi_{lo}"], table[f"STi_{hi}"] = np.quantile(st_b, probs, axis=0)
    table.attrs["variance"] = var
    return table


def sensitivity_analysis(model: Callable[[Array], Array], n: int, d: int, seed: int | None = None,
                         n_boot: int | None = 100, names: list[str] | None = None) -> pd.DataFrame:
    """Sobol indices of a vectorised model f(X: runs × d on [0, 1)) → y (runs,)."""
    rng = np.random.default_rng(seed)
    x = saltelli_sample(n, d, rng)
    y = np.asarray(model(x), dtype=float).reshape(-1)
    return sobol_indices(y, n, d, n_boot=n_boot, rng=rng, names=names)


@dataclass(frozen=True)
class SensitivityResult:
    """Indices per uncertain input, rank statistics over the 2N random runs (A and B), and the raw output."""

    indices: pd.DataFrame
    rank_stats: pd.DataFrame
    scores: pd.DataFrame
    output: npt.NDArray[np.float64]


def composite_sensitivity(datasets: pd.DataFrame | Mapping[tuple[str, ...] | str, pd.DataFrame],
                          imeta: pd.DataFrame, spec: UncertaintySpec, n: int, seed: int | None = None,
                          n_boot: int | None = 100, n_weight_sets: int = 100,
                          target: str | None = None) -> SensitivityResult:
    """Sensitivity of the ranking to each uncertain input of a composite (COINr ``get_sensitivity``, "SA").

    Noisy weights form one input: a pool of ``n_weight_sets`` sets is drawn once and the sample picks among
    them, as in COINr's vignette. Total runs N·(d + 2).
    """
    model = CompositeModel(datasets, imeta, spec, target)
    names = model.factor_names()
    d = len(names)
    if d < 2:
        raise ValidationError(f"sensitivity analysis needs at least two uncertain inputs, got {names}",
                              field="spec", hint="add inputs or run uncertainty_analysis instead")
    rng = np.random.default_rng(seed)
    x = saltelli_sample(n, d, rng)
    pool = model.noisy_weights(rng, n_weight_sets)
    scores = model.evaluate_sample(x, pool)
    ranks = rank_scores(scores)
    nom = model.nominal_scores()
    nom_rank = rank_scores(nom)
    with np.errstate(invalid="ignore"):
        y = np.nanmean(np.abs(ranks - nom_rank[None, :]), axis=1)
    indices = sobol_indices(y, n, d, n_boot=n_boot, rng=rng, names=names)
    stats = rank_stats(ranks[:2 * n], nom_rank, scores[:2 * n], nom, model.units)
    cols = [f"r_{i + 1}" for i in range(scores.shape[0])]
    return SensitivityResult(indices=indices, rank_stats=stats,
                             scores=pd.DataFrame(scores.T, index=model.units, columns=cols), output=y)
