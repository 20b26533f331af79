"""Monte Carlo uncertainty analysis of a composite indicator, vectorised over runs.

The question (OECD/JRC Handbook 2008, section 7; Saisana, Saltelli & Tarantola 2005, JRSS A 168(2)) is how much a
unit's rank depends on the modeller's choices. Each run draws one value of every uncertain input — a data
alternative (e.g. treatment, normalisation or imputation choices, supplied as alternative normalised tables),
the aggregation method, and weights perturbed by ±x % per level — recomputes the index, and ranks the units.
Per unit we report the nominal rank, the mean and median rank, the 5–95 % rank interval (R quantile type 7) and
the mean and sd of the score, as COINr's ``get_sensitivity(SA_type = "UA")`` does.

Speed: the index for all runs is computed at once. For a given data alternative and aggregation method, one
level's aggregation for R runs is a single matrix product of the units × children values with the R stacked
children × parents matrices ``W_r ⊙ M`` (weights times 0/1 membership). Aggregation methods are quasi-arithmetic
means f⁻¹(Σ wᵢ f(xᵢ) / Σ wᵢ) (f = x, ln x, 1/x), summed over the *available* children only, so weights are
renormalised per unit over non-missing children exactly like COINr's NA-skipping means.

Mapping a uniform sample to choices follows COINr's ``sample_2_para``: a column u of the sample picks among n
discrete alternatives as R's ``cut(u, n)`` does (n equal bins over the sample's own range, right-closed). Weight
noise follows ``get_noisy_weights``: w·(1 + f·(2u − 1)) for every weight at a noisy level.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import rankdata

from clusterobs.composite.effective_weights import Hierarchy
from clusterobs.errors import UnknownMethodError, ValidationError

__all__ = ["AGGREGATORS", "CompositeModel", "UncertaintyResult", "UncertaintySpec", "discretise", "rank_scores",
           "rank_stats", "uncertainty_analysis"]

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_Fn = Callable[[Array], Array]


def _identity(x: Array) -> Array:
    return x


def _reciprocal(x: Array) -> Array:
    with np.errstate(divide="ignore"):
        return np.asarray(1.0 / x, dtype=float)


#: name → (f, f⁻¹) of the quasi-arithmetic mean; COINr's a_amean / a_gmean / a_hmean names are aliases.
AGGREGATORS: dict[str, tuple[_Fn, _Fn]] = {
    "arithmetic": (_identity, _identity),
    "geometric": (np.log, np.exp),
    "harmonic": (_reciprocal, _reciprocal),
}
_ALIASES = {"a_amean": "arithmetic", "a_gmean": "geometric", "a_hmean": "harmonic"}


def _aggregator(name: str) -> str:
    key = _ALIASES.get(name, name)
    if key not in AGGREGATORS:
        raise UnknownMethodError("aggregation method", name, [*AGGREGATORS, *_ALIASES])
    return key


def discretise(u: npt.ArrayLike, n: int) -> IntArray:
    """0-based choice among ``n`` alternatives for each u, binning like R's ``cut(u, n)`` (COINr's mapping)."""
    x = np.asarray(u, dtype=float)
    if n <= 1 or x.size == 0:
        return np.zeros(x.shape, dtype=np.int64)
    lo, hi = float(x.min()), float(x.max())
    dx = hi - lo
    if dx == 0:
        pad = abs(lo) if lo != 0 else 1.0
        breaks = np.linspace(lo - pad / 1000, hi + pad / 1000, n + 1)
    else:
        breaks = np.linspace(lo, hi, n + 1)
        breaks[0], breaks[-1] = lo - dx / 1000, hi + dx / 1000
    idx = np.searchsorted(breaks, x, side="left") - 1
    return np.clip(idx, 0, n - 1).astype(np.int64)


@dataclass(frozen=True)
class UncertaintySpec:
    """Uncertain inputs. ``weight_noise``: level → ±fraction (COINr levels: 1 = indicator weights).
    ``aggregations``: alternatives, the first is nominal. ``data_factors``: factor name → level labels (first
    nominal); the datasets passed alongside are keyed by tuples of one label per factor, in this order."""

    weight_noise: Mapping[int, float] = field(default_factory=dict)
    aggregations: tuple[str, ...] = ("arithmetic",)
    data_factors: Mapping[str, Sequence[str]] = field(default_factory=dict)


def rank_scores(scores: Array) -> Array:
    """Ranks along the last axis, highest score = 1, ties "min", NaN scores stay NaN."""
    return np.asarray(rankdata(-np.asarray(scores, dtype=float), method="min", axis=-1, nan_policy="omit"),
                      dtype=float)


class CompositeModel:
    """A hierarchy plus its data alternatives, evaluable for many (data, aggregation, weights) runs at once."""

    def __init__(self, datasets: pd.DataFrame | Mapping[tuple[str, ...] | str, pd.DataFrame], imeta: pd.DataFrame,
                 spec: UncertaintySpec | None = None, target: str | None = None) -> None:
        self.spec = spec or UncertaintySpec()
        self.tree = Hierarchy.from_imeta(imeta)
        self.aggregations = [_aggregator(a) for a in self.spec.aggregations]
        if not self.aggregations:
            raise ValidationError("no aggregation method given", field="aggregations",
                                  hint="give at least one of: " + ", ".join(AGGREGATORS))
        top = self.tree.top_level
        if target is None:
            roots = self.tree.codes_at(top)
            if len(roots) != 1:
                raise ValidationError(f"several top-level codes ({', '.join(roots)})", field="target",
                                      hint="name the target aggregate")
            target = roots[0]
        if target not in self.tree.codes:
            raise ValidationError(f"target '{target}' is not a code of iMeta", field="target",
                                  hint="use an aggregate iCode such as the index")
        self.target = target
        self.target_level = dict(zip(self.tree.codes, self.tree.levels, strict=True))[target]
        if self.target_level < 2:
            raise ValidationError(f"target '{target}' is an indicator", field="target",
                                  hint="the target must be an aggregate (Level ≥ 2)")
        bad_levels = sorted(lv for lv in self.spec.weight_noise if not 1 <= lv < top)
        if bad_levels:
            raise ValidationError(f"weight noise for level(s) {bad_levels} outside 1..{top - 1}",
                                  field="weight_noise", hint="noise applies to the weights of levels below the index")
        self.layers = [self.tree.membership(lv) for lv in range(1, self.target_level)]
        wof = self.tree.weight_of()
        self.nominal_weights = [np.array([wof[c] for c in kids]) for kids, _, _ in self.layers]
        self.data_keys, self.data = self._stack(datasets)
        self.units = self._units
        for a in self.aggregations:
            if a != "arithmetic" and np.nanmin(self.data) <= 0:
                raise ValidationError(f"{a} mean needs positive values but the data reach {np.nanmin(self.data)}",
                                      field="aggregations", hint="normalise to a positive range such as [1, 100]")

    def _stack(self, datasets: pd.DataFrame | Mapping[tuple[str, ...] | str, pd.DataFrame]
               ) -> tuple[list[tuple[str, ...]], Array]:
        factors = list(self.spec.data_factors.items())
        if isinstance(datasets, pd.DataFrame):
            datasets = {(): datasets}
        dsets = {(k,) if isinstance(k, str) else tuple(k): v for k, v in datasets.items()}
        keys = [tuple(k) for k in itertools.product(*[list(levels) for _, levels in factors])]
        missing = [k for k in keys if k not in dsets]
        if missing:
            raise ValidationError(f"no dataset for data-factor combination(s) {missing[:5]}", field="datasets",
                                  hint="key the datasets by one label per data factor, in factor order")
        indicators = self.layers[0][0]
        first = dsets[keys[0]]
        self._units = [str(u) for u in first.index]
        arrays = []
        for k in keys:
            df = dsets[k]
            absent = [c for c in indicators if c not in df.columns]
            if absent:
                raise ValidationError(f"dataset {k} lacks indicator column(s) {', '.join(absent[:10])}",
                                      field="datasets", hint="every alternative needs all level-1 indicators")
            if not df.index.equals(first.index):
                raise ValidationError(f"dataset {k} has other units (rows) than dataset {keys[0]}",
                                      field="datasets", hint="give every alternative the same units in one order")
            arrays.append(df[indicators].to_numpy(dtype=float))
        return keys, np.stack(arrays)

    # ------------------------------------------------------------------ factors and sampling
    def factor_names(self) -> list[str]:
        """Names of the uncertain inputs, i.e. the columns of a unit sample for :meth:`evaluate_sample`."""
        names = [n for n, levels in self.spec.data_factors.items() if len(levels) > 1]
        if len(self.aggregations) > 1:
            names.append("aggregation")
        if self.spec.weight_noise:
            names.append("weights")
        return names

    def noisy_weights(self, rng: np.random.Generator, n: int) -> list[Array]:
        """``n`` weight sets: per level an (n × children) array, noise only at the levels of the spec."""
        out = []
        for lv, w in enumerate(self.nominal_weights, start=1):
            f = self.spec.weight_noise.get(lv, 0.0)
            if f:
                out.append(w * (1.0 + f * (2.0 * rng.random((n, w.size)) - 1.0)))
            else:
                out.append(np.broadcast_to(w, (n, w.size)).copy())
        return out

    def decode(self, sample: Array, n_weight_sets: int) -> tuple[IntArray, IntArray, IntArray]:
        """Unit sample (runs × factors) → dataset index, aggregation index and weight-set index per run."""
        sample = np.atleast_2d(np.asarray(sample, dtype=float))
        names = self.factor_names()
        if sample.shape[1] != len(names):
            raise ValidationError(f"sample has {sample.shape[1]} columns, the model has factors {names}",
                                  field="sample", hint="one column per uncertain input, in factor_names() order")
        runs = sample.shape[0]
        col = dict(zip(names, sample.T, strict=True))
        data_idx = np.zeros(runs, dtype=np.int64)
        for name, levels in self.spec.data_factors.items():
            choice = discretise(col[name], len(levels)) if name in col else np.zeros(runs, dtype=np.int64)
            data_idx = data_idx * len(levels) + choice
        agg_idx = (discretise(col["aggregation"], len(self.aggregations)) if "aggregation" in col
                   else np.zeros(runs, dtype=np.int64))
        w_idx = discretise(col["weights"], n_weight_sets) if "weights" in col else np.zeros(runs, dtype=np.int64)
        return data_idx, agg_idx, w_idx

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, data_idx: npt.ArrayLike, agg_idx: npt.ArrayLike, weights: Sequence[Array]) -> Array:
        """Target scores (runs × units) for per-run dataset/aggregation indices and per-level weights."""
        d_idx = np.asarray(data_idx, dtype=np.int64)
        a_idx = np.asarray(agg_idx, dtype=np.int64)
        runs = d_idx.size
        out = np.full((runs, len(self.units)), np.nan)
        t_col = self.layers[-1][1].index(self.target)
        for d in np.unique(d_idx):
            for a in np.unique(a_idx):
                sel = np.flatnonzero((d_idx == d) & (a_idx == a))
                if sel.size:
                    vals = self._aggregate(self.data[d], self.aggregations[a], [w[sel] for w in weights])
                    out[sel] = vals[:, :, t_col]
        return out

    def _aggregate(self, x: Array, method: str, weights: Sequence[Array]) -> Array:
        f, finv = AGGREGATORS[method]
        runs = weights[0].shape[0]
        vals: Array = x  # units × children (level 1, shared by all runs), later runs × units × children
        for (_, _, m), w in zip(self.layers, weights, strict=True):
            wm = w[:, :, None] * m[None, :, :]  # runs × children × parents
            avail = ~np.isnan(vals)
            with np.errstate(divide="ignore", invalid="ignore"):
                fx = np.where(avail, f(np.where(avail, vals, 1.0)), 0.0)
            if vals.ndim == 2:  # one GEMM for all runs: (U × C) @ (C × R·P)
                c, p = m.shape
                flat = wm.transpose(1, 0, 2).reshape(c, runs * p)
                num = (fx @ flat).reshape(-1, runs, p).transpose(1, 0, 2)
                den = (avail.astype(float) @ flat).reshape(-1, runs, p).transpose(1, 0, 2)
            else:
                num = np.matmul(fx, wm)
                den = np.matmul(avail.astype(float), wm)
            with np.errstate(divide="ignore", invalid="ignore"):
                vals = np.where(den != 0, finv(num / np.where(den != 0, den, 1.0)), np.nan)
        return vals

    def nominal_scores(self) -> Array:
        """Scores of the nominal run: first data alternative, first aggregation, nominal weights."""
        w = [nw[None, :] for nw in self.nominal_weights]
        out = self.evaluate(np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), w)
        return np.asarray(out[0], dtype=float)

    def evaluate_sample(self, sample: Array, weight_pool: Sequence[Array]) -> Array:
        """Scores (runs × units) of a unit sample, the ``weights`` column picking sets from ``weight_pool``."""
        n_sets = weight_pool[0].shape[0]
        d_idx, a_idx, w_idx = self.decode(sample, n_sets)
        return self.evaluate(d_idx, a_idx, [w[w_idx] for w in weight_pool])


def rank_stats(ranks: Array, nominal_rank: Array, scores: Array, nominal_score: Array,
               units: Sequence[str]) -> pd.DataFrame:
    """Per unit: nominal rank, mean/median/5 %/95 % rank over runs (type-7 quantiles), score mean and sd."""
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        q = np.nanquantile(ranks, [0.05, 0.5, 0.95], axis=0)
        table = pd.DataFrame({
            "uCode": list(units),
            "Nominal": nominal_rank,
            "Mean": np.nanmean(ranks, axis=0),
            "Median": q[1],
            "Q5": q[0],
            "Q95": q[2],
            "ScoreNominal": nominal_score,
            "ScoreMean": np.nanmean(scores, axis=0),
            "ScoreSD": np.nanstd(scores, axis=0, ddof=1),
        })
    return table


@dataclass(frozen=True)
class UncertaintyResult:
    """Scores and ranks (units × runs, columns r_1…), per-unit rank statistics, and the inputs drawn per run."""

    scores: pd.DataFrame
    ranks: pd.DataFrame
    rank_stats: pd.DataFrame
    runs: pd.DataFrame


def uncertainty_analysis(datasets: pd.DataFrame | Mapping[tuple[str, ...] | str, pd.DataFrame],
                         imeta: pd.DataFrame, spec: UncertaintySpec | None = None, n_runs: int = 1000,
                         seed: int | None = None, target: str | None = None) -> UncertaintyResult:
    """Run ``n_runs`` Monte Carlo replications (seeded with ``numpy.random.default_rng(seed)``).

    Discrete inputs are drawn as uniform numbers mapped like COINr; each run gets its own noisy weight set.
    """
    if n_runs < 2:
        raise ValidationError(f"n_runs = {n_runs} is too small", field="n_runs", hint="use at least 2 runs")
    model = CompositeModel(datasets, imeta, spec, target)
    rng = np.random.default_rng(seed)
    discrete = [n for n in model.factor_names() if n != "weights"]
    u = rng.random((n_runs, len(discrete)))
    sample = np.zeros((n_runs, len(model.factor_names())))
    for j, name in enumerate(model.factor_names()):
        if name != "weights":
            sample[:, j] = u[:, discrete.index(name)]
    d_idx, a_idx, _ = model.decode(sample, 1)
    weights = model.noisy_weights(rng, n_runs)
    scores = model.evaluate(d_idx, a_idx, weights)
    ranks = rank_scores(scores)
    nom = model.nominal_scores()
    nom_rank = rank_scores(nom)
    cols = [f"r_{i + 1}" for i in range(n_runs)]
    runs = pd.DataFrame({"run": cols,
                         "data": ["/".join(model.data_keys[i]) for i in d_idx],
                         "aggregation": [model.aggregations[i] for i in a_idx]})
    return UncertaintyResult(
        scores=pd.DataFrame(scores.T, index=model.units, columns=cols),
        ranks=pd.DataFrame(ranks.T, index=model.units, columns=cols),
        rank_stats=rank_stats(ranks, nom_rank, scores, nom, model.units),
        runs=runs,
    )
