"""``clusterobs ingest nuts`` and ``clusterobs fetch nuts``: NUTS codes, change tables and GISCO shapes.

Plain functions; the lead mounts them on ``ingest_app`` / ``fetch_app`` in :mod:`clusterobs.cli.ingest`.
Every file is parsed and checked before the store is opened, so a bad file leaves the store untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterobs.cli._common import StoreOption, open_store, out, progress_bar
from clusterobs.errors import InputError
from clusterobs.ingest.download import download
from clusterobs.ingest.gisco import load_gisco
from clusterobs.ingest.nuts import load_nuts
from clusterobs.regions.changes import VERSIONS
from clusterobs.store import Batch

GISCO_BASE = "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson"
SCALES = ("01M", "03M", "10M", "20M", "60M")


def gisco_url(year: int | str, scale: str = "60M", base_url: str = GISCO_BASE) -> str:
    """The official GISCO address of the all-levels NUTS file of a year and scale."""
    return f"{base_url.rstrip('/')}/NUTS_RG_{scale}_{year}_4326.geojson"


def _write(batches: list[Batch], store: Path | None) -> None:
    with open_store(store) as st:
        for b in batches:
            ingest_id = st.write(b)
            tables = ", ".join(f"{len(t)} {name}" for name, t in b.tables.items())
            if ingest_id is None:
                out.print(f"{b.dataset}: already loaded from these exact files — nothing changed")
            else:
                out.print(f"{b.dataset}: wrote {tables} (ingest {ingest_id}) into {st.path}")


def _check_version(version: str) -> None:
    if version not in VERSIONS:
        raise InputError(f"unknown NUTS version '{version}'", hint="use one of: " + ", ".join(VERSIONS))


def ingest_nuts(
    codes: Annotated[Path | None, typer.Option("--codes", help="NUTS code list CSV (nuts_id,level,country_code,"
                                               "name,is_extra_regio).", exists=True, dir_okay=False)] = None,
    changes: Annotated[list[Path] | None, typer.Option("--changes", help="NUTS change table CSV "
                       "(2013→2016 or 2016→2021 layout); repeat for several.", exists=True, dir_okay=False)] = None,
    geojson: Annotated[Path | None, typer.Option("--geojson", help="GISCO NUTS_RG_*_4326 GeoJSON file.",
                                                 exists=True, dir_okay=False)] = None,
    version: Annotated[str, typer.Option("--version", help="NUTS version of the code list and GeoJSON.")] = "2021",
    store: StoreOption = None,
) -> None:
    """Load NUTS codes, change tables and GISCO boundaries from local files.

    The old versions' registries (2016, 2013) are derived from the change tables. Loading the same files
    again changes nothing; a malformed file is reported with file and line, and nothing is written.

    Example: clusterobs ingest nuts --codes nuts2021_codes.csv --changes nuts2016_2021_changes.csv --version 2021
    """
    _check_version(version)
    if codes is None and geojson is None:
        raise InputError("nothing to load", hint="give --codes FILE and/or --geojson FILE")
    if changes and codes is None:
        raise InputError("--changes needs --codes", hint="give the code list of --version together with them")
    batches: list[Batch] = []
    if codes is not None:
        batches.append(load_nuts(codes, changes or [], version=version))
    if geojson is not None:
        batches.append(load_gisco(geojson, version=version))
    _write(batches, store)


def fetch_nuts(
    year: Annotated[int, typer.Option("--year", help="NUTS version year (2013, 2016 or 2021).")] = 2021,
    scale: Annotated[str, typer.Option("--scale", help="GISCO scale: 01M, 03M, 10M, 20M or 60M.")] = "60M",
    refresh: Annotated[bool, typer.Option("--refresh", help="Download again even if cached.")] = False,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Download cache folder "
                                                   "(default: $CLUSTEROBS_CACHE or the user cache).")] = None,
    base_url: Annotated[str, typer.Option("--base-url", hidden=True, help="GISCO distribution address.")] = GISCO_BASE,
    store: StoreOption = None,
) -> None:
    """Download the official GISCO NUTS boundaries (all levels, EPSG:4326) and load them.

    The file is cached locally, so a second run needs no network.

    Example: clusterobs fetch nuts --year 2021 --scale 60M
    """
    _check_version(str(year))
    if scale not in SCALES:
        raise InputError(f"unknown GISCO scale '{scale}'", hint="use one of: " + ", ".join(SCALES))
    url = gisco_url(year, scale, base_url)
    with progress_bar(f"GISCO NUTS {year} {scale}") as report:
        path = download(url, cache_dir=cache_dir, refresh=refresh, progress=report)
    _write([load_gisco(path, version=str(year), source=url)], store)


__all__ = ["GISCO_BASE", "fetch_nuts", "gisco_url", "ingest_nuts"]
