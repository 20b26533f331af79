"""Benchmark: LQ, the three star presets and relatedness on 2,000 regions × 615 NACE classes × 10 years,
side by side with the RCA / proximity of the ``ecomplexity`` package on the same matrix.

Run on demand: ``python benchmarks/bench_mapping.py [--regions 2000 --categories 615 --years 10]``.
It checks that our RCA and proximity equal ecomplexity's (max absolute difference) and prints the timings
and the time ratio. Synthetic data: log-normal employment with ~20 % structural zeros, seeded.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
import warnings
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd

from clusterobs.mapping.indicators import indicators_from_panel
from clusterobs.mapping.panel import build_panel, missing_report, validate_input
from clusterobs.mapping.presets import builtin_preset
from clusterobs.mapping.relatedness import proximity
from clusterobs.mapping.stars import rate

T = TypeVar("T")


def synthetic(n_regions: int, n_categories: int, n_years: int, seed: int = 2024) -> pd.DataFrame:
    """A tidy table with every role column; categories are 4-digit NACE-like codes, half traded."""
    rng = np.random.default_rng(seed)
    regions = np.array([f"R{i:04d}" for i in range(n_regions)])
    cats = np.array([f"C{1000 + i}" for i in range(n_categories)])
    size = rng.lognormal(3.0, 1.5, size=(1, n_regions, n_categories))
    trend = rng.normal(0.0, 0.03, size=(1, n_regions, n_categories))
    years = np.arange(2010, 2010 + n_years)
    e = np.round(size * np.exp(trend * np.arange(n_years)[:, None, None]))
    e[rng.random(e.shape) < 0.2] = 0.0
    y, r, c = np.indices(e.shape).reshape(3, -1)
    emp = e.ravel()
    return pd.DataFrame({
        "region": pd.Categorical.from_codes(r, categories=regions),
        "category": pd.Categorical.from_codes(c, categories=cats),
        "year": years[y],
        "employment": emp,
        "establishments": np.ceil(emp / rng.uniform(5, 50, size=emp.shape)),
        "wage_bill": emp * rng.uniform(20_000, 60_000, size=emp.shape),
        "traded": (c % 2 == 0),
    })


def timed(label: str, fn: Callable[[], T], times: dict[str, float]) -> T:
    t0 = time.perf_counter()
    out = fn()
    times[label] = time.perf_counter() - t0
    print(f"  {label:<42} {times[label]:8.2f} s", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--regions", type=int, default=2000)
    ap.add_argument("--categories", type=int, default=615)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--skip-ecomplexity", action="store_true")
    a = ap.parse_args()
    print(f"synthetic data: {a.regions} regions × {a.categories} categories × {a.years} years")
    data = synthetic(a.regions, a.categories, a.years)
    print(f"  {len(data):,} rows")
    ours: dict[str, float] = {}
    print("clusterobs:")
    table = timed("validate input", lambda: validate_input(data), ours)
    panel = timed("pivot to year × region × category arrays", lambda: build_panel(table), ours)
    ind = timed("indicators (LQ, size, focus, wages, growth)",
                lambda: indicators_from_panel(panel, missing=missing_report(table)), ours)
    for name in ("eco2007", "eocic"):
        timed(f"preset {name}", lambda n=name: rate(ind, builtin_preset(n)), ours)  # type: ignore[misc]
    timed("preset uscmp (with its traded-employment LQ)", lambda: rate(ind, builtin_preset("uscmp")), ours)
    e = panel.measures["employment"]
    prox = timed("proximity, every year", lambda: [proximity(e[t]) for t in range(e.shape[0])], ours)
    total = sum(ours.values())
    print(f"  {'whole pipeline':<42} {total:8.2f} s")
    if a.skip_ecomplexity:
        return
    from ecomplexity import ecomplexity
    from ecomplexity import proximity as ec_proximity

    cols = {"time": "year", "loc": "region", "prod": "category", "val": "employment"}
    long = pd.DataFrame({"year": data["year"], "region": data["region"].astype(str),
                         "category": data["category"].astype(str), "employment": data["employment"]})
    theirs: dict[str, float] = {}
    print("ecomplexity:")
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        ec = timed("ecomplexity() (RCA and complexity)", lambda: ecomplexity(long, cols), theirs)
        ep = timed("proximity()", lambda: ec_proximity(long, cols), theirs)
    for k, v in theirs.items():
        print(f"  {k:<42} {v:8.2f} s")
    # identical values: RCA (= our LQ on total employment) and proximity
    yi = {int(t): i for i, t in enumerate(panel.years)}
    ri = {str(r): i for i, r in enumerate(panel.regions)}
    ci = {str(c): i for i, c in enumerate(panel.categories)}
    ey = ec["year"].map(yi).to_numpy()
    er = ec["region"].map(ri).to_numpy()
    ecc = ec["category"].map(ci).to_numpy()
    rca_diff = np.nanmax(np.abs(ind.metrics["lq"][ey, er, ecc] - ec["rca"].to_numpy()))
    ours_prox = np.stack(prox)
    py = ep["year"].map(yi).to_numpy()
    p1 = ep["category_1"].map(ci).to_numpy()
    p2 = ep["category_2"].map(ci).to_numpy()
    prox_diff = np.nanmax(np.abs(ours_prox[py, p1, p2] - ep["proximity"].to_numpy()))
    print(f"max |RCA difference|       = {rca_diff:.3g}")
    print(f"max |proximity difference| = {prox_diff:.3g}")
    same = rca_diff < 1e-9 and prox_diff < 1e-12
    print("identical values:", "yes" if same else "NO")
    ours_same_work = ours["indicators (LQ, size, focus, wages, growth)"] + ours["proximity, every year"]
    theirs_total = sum(theirs.values())
    print(f"time ratio, RCA + proximity (ecomplexity / clusterobs indicators + proximity): "
          f"{theirs_total / ours_same_work:.1f}×")
    print(f"time ratio, ecomplexity / whole clusterobs pipeline: {theirs_total / total:.1f}×")


if __name__ == "__main__":
    main()
