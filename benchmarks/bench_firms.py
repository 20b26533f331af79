"""Benchmark: aggregate 10 million demo firms to region × NACE class × year facts in DuckDB.

Goal (issue 2): under 20 s and under 2 GB peak memory on 2 cores. The firm table comes from the demo
generator (scale 30 ≈ 10 million firm-year rows, about 5,400 NUTS3 regions) and is written to a Parquet file
in a temporary folder. Each measured run happens in a fresh child process so that its peak memory
(``ru_maxrss``) is its own, not the generator's:

* ``clusterobs`` — :func:`clusterobs.ingest.firms.aggregate_firms` (validation included);
* ``pandas`` — the baseline: read the Parquet file with pyarrow and ``groupby(nuts3, nace, year)``.

Usage: ``python benchmarks/bench_firms.py [--scale 30] [--rows N] [--threads 2]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(kind: str, path: str, threads: int) -> None:
    t0 = time.perf_counter()
    if kind == "clusterobs":
        from clusterobs.ingest.firms import aggregate_firms

        facts = aggregate_firms(path, threads=threads)
        rows = len(facts)
    else:
        import pyarrow.parquet as pq

        df = pq.read_table(path, columns=["nuts3", "nace", "year", "employees", "turnover"]).to_pandas()
        agg = df.groupby(["nuts3", "nace", "year"], observed=True).agg(
            employees=("employees", "sum"), firms=("employees", "size"), turnover=("turnover", "sum"))
        rows = len(agg)
    print(json.dumps({"kind": kind, "seconds": time.perf_counter() - t0, "peak_mb": _peak_mb(), "rows": rows}))


def _measure(kind: str, path: Path, threads: int) -> dict[str, float]:
    res = subprocess.run([sys.executable, __file__, "--child", kind, "--path", str(path), "--threads", str(threads)],
                         capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{res.stderr}")
    out: dict[str, float] = json.loads(res.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=30.0, help="demo scale (30 ≈ 10 million firm rows)")
    ap.add_argument("--rows", type=int, default=None, help="firm rows (default: the scale's size)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--child", choices=["clusterobs", "pandas"], help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.path, args.threads)
        return

    from clusterobs.demo.build import build_world, demo_firms
    from clusterobs.demo.firms import write_firms

    with tempfile.TemporaryDirectory(prefix="clusterobs-bench-") as tmp:
        t0 = time.perf_counter()
        world = build_world(args.seed, args.scale)
        table = demo_firms(world, args.rows)
        path = write_firms(table, Path(tmp) / "firms.parquet")
        n_rows, n_regions = table.num_rows, len(world.geo.codes(3))
        del table, world
        print(f"generated {n_rows:,} synthetic firm-year rows in {n_regions:,} NUTS3 regions "
              f"({path.stat().st_size / 1e6:.0f} MB Parquet) in {time.perf_counter() - t0:.1f} s")
        ours = _measure("clusterobs", path, args.threads)
        base = _measure("pandas", path, args.threads)
    for r in (ours, base):
        print(f"{r['kind']:>10}: {r['seconds']:6.2f} s, peak {r['peak_mb']:7.0f} MB, {int(r['rows']):,} rows out")
    print(f"ratio clusterobs / pandas: time {ours['seconds'] / base['seconds']:.2f}, "
          f"memory {ours['peak_mb'] / base['peak_mb']:.2f}")
    ok = ours["seconds"] < 20 and ours["peak_mb"] < 2048
    print(f"goal (< 20 s, < 2 GB on {args.threads} threads): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
