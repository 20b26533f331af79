"""``clusterobs build --from DIR``: the observatory store from a folder of official files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterobs.cli._common import StoreOption, open_store, out, progress_bar
from clusterobs.errors import InputError
from clusterobs.ingest.build import build_from_folder


def build(
    folder: Annotated[Path, typer.Option("--from", help="Folder of official files: NUTS code list and change "
                                         "tables, GISCO NUTS_RG_*_4326 GeoJSON, Eurostat TSV/SDMX-CSV extracts.")],
    store: StoreOption = None,
) -> None:
    """Build the observatory store from official files, reporting what was read and what was skipped.

    Example: clusterobs build --from ~/data/eurostat --store europe.duckdb
    """
    if not folder.is_dir():
        raise InputError(f"'{folder}' is not a folder", hint="pass the folder holding the official files")
    with open_store(store) as st, progress_bar("building") as report:
        result = build_from_folder(folder, st, progress=report)
    for label, dataset, rows, ingest_id in result.read:
        state = f"ingest {ingest_id}" if ingest_id is not None else "already loaded, unchanged"
        out.print(f"read    {label}: {rows:,} rows → {dataset} ({state})")
    for label, reason in result.skipped:
        out.print(f"skipped {label}: {reason}")
    for note in result.notes:
        out.print(f"note    {note}")
    out.print(f"{len(result.read)} read, {len(result.skipped)} skipped — see 'clusterobs info' for the store")
