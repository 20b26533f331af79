"""``clusterobs info``: what the store holds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from clusterobs.cli._common import StoreOption, open_store, out
from clusterobs.store.info import store_info


def info(
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the same as JSON, for scripts.")] = False,
) -> None:
    """Show the store path and contents: regions, industries, datasets and their provenance.

    Example: clusterobs info --json | jq '.datasets[].dataset'
    """
    with open_store(store, read_only=True) as st:
        summary = store_info(st)
    if as_json:
        out.print_json(summary.model_dump_json())
        return
    out.print(f"[bold]Store[/bold] {summary.path}")
    if summary.synthetic:
        out.print("[yellow]Holds synthetic demo data (Demoland): not real statistics.[/yellow]")
    t = Table(title="Regions")
    for col in ("NUTS version", "level", "regions", "extra-regio"):
        t.add_column(col)
    for r in summary.regions:
        t.add_row(r.version, str(r.level), str(r.regions), str(r.extra_regio))
    out.print(t)
    if summary.geometries:
        out.print("Geometries: " + ", ".join(f"{k}: {v}" for k, v in summary.geometries.items()))
    t = Table(title="Industries")
    t.add_column("scheme")
    t.add_column("codes")
    for i in summary.industries:
        t.add_row(i.scheme, str(i.codes))
    out.print(t)
    t = Table(title="Datasets")
    for col in ("dataset", "facts", "missing", "years", "source"):
        t.add_column(col)
    for d in summary.datasets:
        t.add_row(d.dataset, str(d.facts), str(d.missing), d.years, "; ".join(d.sources))
    out.print(t)
    t = Table(title="Provenance")
    for col in ("id", "dataset", "source", "checksum", "loaded at", "rows"):
        t.add_column(col)
    for g in summary.ingests:
        t.add_row(str(g.id), g.dataset, g.source, g.checksum[:19], g.loaded_at[:19], str(g.rows))
    out.print(t)
