"""Benchmark: the default COINr ASEM pipeline and the demo scoreboard's uncertainty analysis (N = 1,000).

Issue 4 asks for both figures in one run (goal: uncertainty under 5 s on 2 cores). The ASEM inputs are read
from ../shared/data (skipped with a message when absent); the demo scoreboard is built by our own generator
in a temporary folder. As a baseline in the same run, the uncertainty analysis is also timed as a plain loop
of full scoreboard recomputations (``compute_scores`` with perturbed weights) on a few runs, scaled to N.
Prints figures only.

Run: python benchmarks/bench_scoreboard.py [--runs 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from clusterobs.composite import coinr_example_run, read_idata, read_imeta, run_pipeline
from clusterobs.demo.build import write_demo
from clusterobs.scoreboard import compute_scores
from clusterobs.services.scoreboard import ScoreboardService, scoreboard_uncertainty
from clusterobs.store import Store

ASEM = Path(__file__).resolve().parents[2] / "shared" / "data" / "composite" / "coinr_asem"


def bench_asem(repeat: int = 10) -> None:
    if not (ASEM / "input_ASEM_iData.csv").exists():
        print(f"ASEM pipeline: skipped ({ASEM} is absent)")
        return
    framework = read_imeta(ASEM / "input_ASEM_iMeta.csv")
    data = read_idata(ASEM / "input_ASEM_iData.csv")
    run = coinr_example_run()
    run_pipeline(framework, data, run)  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeat):
        run_pipeline(framework, data, run)
    dt = (time.perf_counter() - t0) / repeat
    print(f"ASEM default pipeline (51 units × 49 indicators, 7 stages): {dt * 1000:.1f} ms per run (mean of {repeat})")


def bench_uncertainty(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "demo.duckdb") as st:
            write_demo(st, 42, 1.0, firms=False)
        with Store(Path(tmp) / "demo.duckdb", read_only=True) as st:
            svc = ScoreboardService(st)
            _ = svc.scores
            n_regions, n_ind = svc.inputs.data.shape
            t0 = time.perf_counter()
            stats = scoreboard_uncertainty(svc, n_runs=runs, seed=1)
            dt = time.perf_counter() - t0
            print(f"Demo scoreboard uncertainty: {runs} runs on {n_regions} regions × {n_ind} indicators: "
                  f"{dt:.2f} s (goal < 5 s); median 5–95 % rank interval width "
                  f"{float(np.median(stats['Q95'] - stats['Q5'])):.1f}")
            # baseline: recompute the whole scoreboard per run with noisy indicator weights
            fw, data = svc.framework, svc.inputs.data
            rng = np.random.default_rng(1)
            k = 5
            t0 = time.perf_counter()
            for _ in range(k):
                # timing only: one full pipeline per run (min-max + means at every level), as a naive UA would do
                noisy = data * (1 + 0.25 * (2 * rng.random(data.shape[1]) - 1))
                compute_scores(fw, noisy)
            per_run = (time.perf_counter() - t0) / k
            print(f"Baseline (full recomputation per run): {per_run * 1000:.0f} ms per run → {per_run * runs:.1f} s "
                  f"for {runs} runs; vectorised is {per_run * runs / dt:.0f}× faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    bench_asem()
    bench_uncertainty(args.runs)


if __name__ == "__main__":
    main()
