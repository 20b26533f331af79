"""Benchmark: vectorised uncertainty (N = 1,000 runs) and sensitivity analysis on a synthetic scoreboard.

A Regional-Ecosystems-Scoreboard-shaped composite: 240 regions × 60 indicators in 17 sub-dimensions under 6
dimensions (c1–c3 → p1, c4–c6 → p2, c7–c10 → p3, c11–c14 → p4, c15–c16 → p5, c17 → p6), ~3 % missing values.
Uncertain inputs: two data alternatives, arithmetic vs geometric mean, ±25 % weight noise on sub-dimensions and
dimensions. The baseline is a naive per-run loop (one pandas weighted mean per aggregate and run) timed on a
subset of runs and scaled up. Prints figures only; asserts nothing about time.

Run: /work/venv/bin/python benchmarks/bench_composite_robustness.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from clusterobs.composite.sensitivity import composite_sensitivity
from clusterobs.composite.uncertainty import CompositeModel, UncertaintySpec, uncertainty_analysis

# indicators per sub-dimension c1..c17 (60 in all), sub-dimensions per dimension p1..p6
IND_PER_C = [4, 5, 4, 3, 3, 4, 4, 3, 3, 5, 4, 3, 2, 2, 4, 3, 4]
C_PER_P = [3, 3, 4, 4, 2, 1]


def build(n_units: int = 240, seed: int = 0) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    rng = np.random.default_rng(seed)
    rows = []
    ind = 0
    c = 0
    for p, nc in enumerate(C_PER_P, start=1):
        rows.append((f"p{p}", 3, "Index"))
        for _ in range(nc):
            c += 1
            rows.append((f"c{c}", 2, f"p{p}"))
            for _ in range(IND_PER_C[c - 1]):
                ind += 1
                rows.append((f"ind{ind}", 1, f"c{c}"))
    rows.append(("Index", 4, None))
    meta = pd.DataFrame(rows, columns=["iCode", "Level", "Parent"]).assign(Weight=1.0, Direction=1)
    codes = [f"ind{i}" for i in range(1, ind + 1)]
    latent = rng.normal(size=(n_units, 1))
    raw = 0.6 * latent + rng.normal(size=(n_units, len(codes)))
    raw[rng.random(raw.shape) < 0.03] = np.nan
    df = pd.DataFrame(raw, index=[f"R{i:03d}" for i in range(n_units)], columns=codes)
    minmax = 1 + 99 * (df - df.min()) / (df.max() - df.min())
    rank = 1 + 99 * (df.rank() - 1) / (df.count() - 1)
    return {"minmax": minmax, "rank": rank}, meta


def naive_run(data: pd.DataFrame, meta: pd.DataFrame, weights: dict[str, float], geometric: bool) -> pd.Series:
    vals = data.copy()
    for level in (2, 3, 4):
        for code in meta.loc[meta["Level"] == level, "iCode"]:
            kids = meta.loc[meta["Parent"] == code, "iCode"].tolist()
            x = vals[kids]
            w = pd.Series({k: weights[k] for k in kids})
            wa = x.notna().mul(w, axis=1).sum(axis=1)
            if geometric:
                vals[code] = np.exp(np.log(x).mul(w, axis=1).sum(axis=1) / wa)
            else:
                vals[code] = x.mul(w, axis=1).sum(axis=1) / wa
    return vals["Index"]


def main() -> None:
    datasets, meta = build()
    spec = UncertaintySpec(weight_noise={2: 0.25, 3: 0.25}, aggregations=("arithmetic", "geometric"),
                           data_factors={"normalisation": ["minmax", "rank"]})
    n_runs = 1000
    uncertainty_analysis(datasets, meta, spec, n_runs=10, seed=0)  # warm-up
    t0 = time.perf_counter()
    res = uncertainty_analysis(datasets, meta, spec, n_runs=n_runs, seed=1)
    t_vec = time.perf_counter() - t0
    print(f"uncertainty analysis, 240 regions x 60 indicators, N = {n_runs} runs: {t_vec:.3f} s (vectorised)")
    width = (res.rank_stats["Q95"] - res.rank_stats["Q5"]).mean()
    print(f"  mean 5-95 % rank interval width: {width:.1f} ranks")

    model = CompositeModel(datasets, meta, spec)
    rng = np.random.default_rng(2)
    weights = model.noisy_weights(rng, n_runs)
    sub = 20
    t0 = time.perf_counter()
    for r in range(sub):
        w = dict(zip(meta["iCode"], meta["Weight"], strict=True))
        for lv, arr in enumerate(weights, start=1):
            w.update(dict(zip(meta.loc[meta["Level"] == lv, "iCode"], arr[r], strict=True)))
        naive_run(datasets[["minmax", "rank"][r % 2]], meta, w, geometric=bool(r % 3 == 0))
    t_naive = (time.perf_counter() - t0) * n_runs / sub
    print(f"naive per-run loop: {sub} runs timed, scaled to {n_runs}: {t_naive:.2f} s")
    print(f"speed-up vectorised / naive: {t_naive / t_vec:.0f}x")

    n_sa = 200  # d = 3 inputs -> N (d + 2) = 1,000 runs
    t0 = time.perf_counter()
    sa = composite_sensitivity(datasets, meta, spec, n=n_sa, seed=3, n_boot=100)
    t_sa = time.perf_counter() - t0
    print(f"sensitivity analysis, N = {n_sa}, d = 3 -> {n_sa * 5} runs, 100 bootstraps: {t_sa:.3f} s")
    print(sa.indices.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
