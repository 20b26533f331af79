"""Load benchmark of the web server: requests/s and latency percentiles for a region page and its API.

Builds a demo store (or uses --store), starts ``uvicorn`` in a subprocess on a free loopback port, and sends
requests from a thread pool with httpx, bounded both in time (--seconds per target) and in count
(--max-requests per target). Loopback only; stops by itself. Goals from issue 5 (2 cores): p95 under 100 ms for
the API, under 300 ms for the page.

    python benchmarks/bench_web.py --scale 0.2 --seconds 10 --concurrency 8
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from clusterobs.store import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def build_demo(path: Path, scale: float) -> None:
    from clusterobs.demo.build import write_demo

    with Store(path) as st:
        write_demo(st, seed=42, scale=scale, firms=False)


def pick_region(path: Path) -> str:
    with Store(path, read_only=True) as st:
        row = st.query("SELECT min(code) AS code FROM regions WHERE level = 2")
    return str(row["code"].iloc[0])


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited before it was ready")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not become ready in time")


def run_target(url: str, *, seconds: float, max_requests: int, concurrency: int) -> dict[str, float]:
    """Send GETs until the time or count bound is hit; returns count, errors, req/s, p50, p95, max (ms)."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.monotonic() + seconds
    per_worker = max(1, max_requests // concurrency)

    def worker() -> tuple[list[float], int]:
        lat: list[float] = []
        err = 0
        with httpx.Client(timeout=10) as client:
            while len(lat) + err < per_worker and time.monotonic() < stop_at:
                t0 = time.perf_counter()
                try:
                    ok = client.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    lat.append((time.perf_counter() - t0) * 1000)
                else:
                    err += 1
        return lat, err

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for lat, err in pool.map(lambda _: worker(), range(concurrency)):
            latencies += lat
            errors += err
    elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else latencies * 99
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed,
            "p50": q[49], "p95": q[94], "max": latencies[-1] if latencies else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="existing store; default: build a demo store in a temp folder")
    ap.add_argument("--scale", type=float, default=0.2, help="demo scale when building (default 0.2)")
    ap.add_argument("--seconds", type=float, default=10.0, help="time bound per target (default 10)")
    ap.add_argument("--max-requests", type=int, default=2000, help="count bound per target (default 2000)")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "demo.duckdb"
            t0 = time.perf_counter()
            build_demo(store, args.scale)
            print(f"built demo store (scale {args.scale}) in {time.perf_counter() - t0:.1f} s")
        region = pick_region(store)
        port = free_port()
        env = {**os.environ, "CLUSTEROBS_STORE": str(store), "CLUSTEROBS_PORT": str(port)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "clusterobs.api.app:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--no-access-log"], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, proc)
            targets = {
                "region page": f"{base}/regions/{region}",
                "region API": f"{base}/api/v1/regions/{region}",
                "region latest API": f"{base}/api/v1/regions/{region}/latest",
            }
            print(f"region {region}; {args.concurrency} client threads; bounds {args.seconds:g} s or "
                  f"{args.max_requests} requests per target; no ETag revalidation (every answer is computed)")
            print(f"{'target':<20}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
            for name, url in targets.items():
                httpx.get(url, timeout=10)  # warm-up (first query of each kind)
                r = run_target(url, seconds=args.seconds, max_requests=args.max_requests,
                               concurrency=args.concurrency)
                print(f"{name:<20}{r['requests']:>9.0f}{r['errors']:>8.0f}{r['rps']:>9.1f}{r['p50']:>9.1f}"
                      f"{r['p95']:>9.1f}{r['max']:>9.1f}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
