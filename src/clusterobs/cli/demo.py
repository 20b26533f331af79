"""``clusterobs demo``: build the synthetic demo world (Demoland) into a store and show what it holds."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterobs.cli._common import StoreOption, open_store, out, progress_bar
from clusterobs.demo.build import NOTE, firms_path, write_demo
from clusterobs.demo.fingerprint import store_fingerprint
from clusterobs.services.platform_web import seed_demo_platform
from clusterobs.store.info import store_info


def demo(
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives an identical store.")] = 42,
    scale: Annotated[float, typer.Option(
        "--scale", help="Size: 1 = 6 countries, 60 NUTS2 regions, 333k firm rows; 30 = about 2,000 regions and "
        "10 million firm rows.")] = 1.0,
    store: StoreOption = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only build the store, do not serve the web app.")]
    = False,
    no_firms: Annotated[bool, typer.Option("--no-firms", help="Skip the firm table (demo/firms.parquet).")]
    = False,
    host: Annotated[str | None, typer.Option("--host", help="Address to serve on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to serve on (default 8000).")] = None,
) -> None:
    """Build Demoland, a synthetic but plausible economy, then serve it on http://127.0.0.1:8000.

    Everything it writes is synthetic demo data: invented countries, regions, firms and numbers. Building
    again with the same seed changes nothing; --no-serve only builds.

    Example: clusterobs demo --seed 42 --store demo.duckdb --no-serve
    """
    out.print(f"[yellow]{NOTE}[/yellow]")
    with open_store(store) as st:
        with progress_bar("Building Demoland (synthetic)") as report:
            ids = write_demo(st, seed, scale, firms=not no_firms, progress=report)
        summary = store_info(st)
        fingerprint = store_fingerprint(st)
        firms = firms_path(st)
        summary_path = st.path
        seeded = seed_demo_platform(st)
    if all(i is None for i in ids):
        out.print("The store already held this demo build (same seed and scale): nothing changed.")
    out.print(f"[bold]Store[/bold] {summary.path}  (synthetic demo data)")
    levels = ", ".join(f"L{r.level}: {r.regions}" for r in summary.regions if r.version == "demo")
    out.print(f"Regions (version 'demo'): {levels}")
    for d in summary.datasets:
        out.print(f"  {d.dataset}: {d.facts:,} facts ({d.missing:,} missing), {d.years}"
                  + ("  (synthetic)" if d.synthetic else ""))
    out.print("Industries: " + ", ".join(f"{i.scheme} {i.codes}" for i in summary.industries))
    if not no_firms:
        out.print(f"Firm table (synthetic): {firms}")
    out.print(f"Fingerprint: {fingerprint}")
    out.print(f"Platform (synthetic cluster organisation profiles): {seeded.published} published, "
              f"{seeded.submitted} awaiting review, {seeded.skipped} already there")
    if not no_serve:
        from clusterobs.cli.serve import serve

        serve(store=summary_path, host=host, port=port)
