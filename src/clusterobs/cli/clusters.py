"""``clusterobs clusters …``: cluster mapping on a long CSV/Parquet/XLSX table, or on the store's data.

Input columns: region, category, year, employment, and optionally establishments, wage_bill, value_added,
traded, level. Output (``--out``) is CSV, Parquet or XLSX by extension; without ``--out`` a table is
printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from clusterobs.cli._common import StoreOption, open_store, out
from clusterobs.mapping import bridges as bridges_mod
from clusterobs.mapping import io as mio
from clusterobs.mapping import relatedness as rel
from clusterobs.mapping import views
from clusterobs.mapping.presets import Preset
from clusterobs.mapping.stars import map_clusters, resolve_preset
from clusterobs.services.clusters import category_table

app = typer.Typer(help="Cluster mapping: indicators, stars, portfolios, relatedness and bridges.",
                  no_args_is_help=True)

InputOpt = Annotated[Path | None, typer.Option("--input", "-i", help="Long table: region, category, year, "
                                               "employment[, establishments, wage_bill, value_added, traded, "
                                               "level]. Default: the store's business statistics by NACE class, "
                                               "summed into the 51 traded + local categories.")]
MethodOpt = Annotated[str, typer.Option("--method", "-m", help="Star preset: eco2007, eocic, uscmp, or a "
                                        "YAML preset file.")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Year (default: the latest).")]
LevelOpt = Annotated[str | None, typer.Option("--level", help="Keep the regions of this level only (needs "
                                              "a level column, or NUTS codes: level = length − 2).")]
RefOpt = Annotated[str | None, typer.Option("--reference", help="Region code of the data used as reference "
                                            "area (e.g. EU27_2020). Default: the sum of the regions.")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write to .csv, .parquet or .xlsx.")]
GrowthOpt = Annotated[int | None, typer.Option("--growth-period", help="Years for growth (default: since "
                                               "the first year).")]


def _preset(method: str) -> Preset:
    if method.endswith((".yaml", ".yml")):
        return mio.read_preset(method)
    return resolve_preset(method)


Source = tuple[Path | None, Path | None]


def _load(source: Source, level: str | None, reference: str | None) -> pd.DataFrame:
    path, store = source
    if path is None:
        with open_store(store, read_only=True) as st:
            return category_table(st, level=int(level) if level and level.isdigit() else 2)
    data = mio.read_table(path)
    if level is not None and "level" not in data.columns and "region" in data.columns:
        # NUTS codes: the level is the code's length minus two; the reference unit keeps its rows.
        codes = data["region"].astype(str)
        data = data.assign(level=(codes.str.len() - 2).astype(str))
        if reference is not None:
            data.loc[codes == reference, "level"] = "reference"
    return data


def _emit(df: pd.DataFrame, dest: Path | None, *, max_rows: int = 40) -> None:
    if dest is not None:
        mio.write_table(df, dest)
        out.print(f"wrote {len(df):,} rows to {dest}")
    else:
        with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 80):
            out.print(df.head(max_rows).to_string(index=False), soft_wrap=True)
            if len(df) > max_rows:
                out.print(f"… {len(df) - max_rows:,} more rows (use --out to write them all)")


def _rated(source: Source, method: str, reference: str | None, level: str | None,
           growth_period: int | None) -> pd.DataFrame:
    return map_clusters(_load(source, level, reference), _preset(method), reference=reference, level=level,
                        growth_period=growth_period)


@app.command()
def compute(
    *, input: InputOpt = None, store: StoreOption = None,
    method: MethodOpt = "eco2007", reference: RefOpt = None, level: LevelOpt = None,
            year: YearOpt = None, growth_period: GrowthOpt = None, out_path: OutOpt = None) -> None:
    """Indicators and stars (or flags) for every region × category × year.

    Example: clusterobs clusters compute --input employment.csv --method uscmp --out clusters.csv
    """
    df = _rated((input, store), method, reference, level, growth_period)
    if year is not None:
        df = df[df["year"] == year]
    _emit(df, out_path)


@app.command()
def portfolio(
    *, input: InputOpt = None, store: StoreOption = None,
    region: Annotated[str, typer.Option("--region", "-r", help="Region code.")],
              method: MethodOpt = "eco2007", reference: RefOpt = None, level: LevelOpt = None,
              year: YearOpt = None, growth_period: GrowthOpt = None, out_path: OutOpt = None) -> None:
    """Every category of one region: stars with reasons, LQ, size, focus, productivity, growth, rank.

    Example: clusterobs clusters portfolio --input employment.csv --region DE21 --method eocic
    """
    df = _rated((input, store), method, reference, level, growth_period)
    _emit(views.portfolio(df, region, year=year), out_path)


@app.command()
def sector(
    *, input: InputOpt = None, store: StoreOption = None,
    category: Annotated[str, typer.Option("--category", "-c", help="Category code.")],
           method: MethodOpt = "eco2007", reference: RefOpt = None, level: LevelOpt = None,
           year: YearOpt = None, growth_period: GrowthOpt = None, out_path: OutOpt = None) -> None:
    """Every region for one category, best rated and largest first.

    Example: clusterobs clusters sector --input employment.csv --category C21 --level 2
    """
    df = _rated((input, store), method, reference, level, growth_period)
    _emit(views.sector(df, category, year=year), out_path)


@app.command()
def compare(
    *, input: InputOpt = None, store: StoreOption = None, a: Annotated[str, typer.Argument(help="First region.")],
            b: Annotated[str, typer.Argument(help="Second region.")],
            method: MethodOpt = "eco2007", reference: RefOpt = None, level: LevelOpt = None,
            year: YearOpt = None, growth_period: GrowthOpt = None, out_path: OutOpt = None) -> None:
    """Two regions side by side per category, largest LQ differences first.

    Example: clusterobs clusters compare --input employment.csv DE21 ITC4
    """
    df = _rated((input, store), method, reference, level, growth_period)
    _emit(views.compare(df, a, b, year=year), out_path)


RelMethodOpt = Annotated[str, typer.Option("--relatedness", help="proximity, colocation_lq or "
                                           "colocation_share (computed from --input).")]


@app.command()
def related(
    *, input: InputOpt = None, store: StoreOption = None, relatedness: RelMethodOpt = "proximity", year: YearOpt = None,
            level: LevelOpt = None, reference: RefOpt = None,
            category: Annotated[str | None, typer.Option("--category", "-c", help="Only pairs of this "
                                                           "category.")] = None,
            out_path: OutOpt = None) -> None:
    """Relatedness between categories from co-location in the data, as pairs (highest first).

    Example: clusterobs clusters related --input employment.csv --relatedness colocation_lq --out rel.csv
    """
    data = _load((input, store), level, reference)
    if reference is not None:
        data = data[data["region"].astype(str) != reference]
    mat = rel.relatedness(data, method=relatedness, year=year, level=level)
    pairs = rel.to_pairs(mat).sort_values("relatedness", ascending=False, ignore_index=True)
    if category is not None:
        pairs = pairs[pairs["category"].astype(str) == category]
    _emit(pairs, out_path)


@app.command()
def bridges(
    *, input: InputOpt = None, store: StoreOption = None,
    region: Annotated[str, typer.Option("--region", "-r", help="Region code.")],
            method: MethodOpt = "eco2007", reference: RefOpt = None, level: LevelOpt = None,
            year: YearOpt = None,
            relatedness: RelMethodOpt = "proximity",
            matrix: Annotated[Path | None, typer.Option("--matrix", help="External relatedness: square matrix "
                                                        "or pair list file (then give --pair-columns).")] = None,
            pair_columns: Annotated[str | None, typer.Option("--pair-columns", help="source,target,value "
                                                             "columns of a pair list.")] = None,
            min_relatedness: Annotated[float | None, typer.Option("--min-relatedness", help="Threshold "
                                                                  "(default: top 10 % of pairs).")] = None,
            opportunities: Annotated[bool, typer.Option("--opportunities", help="List opportunities "
                                                        "instead of bridges.")] = False,
            out_path: OutOpt = None) -> None:
    """A region's cluster bridges (related pairs of its starred clusters) or its opportunities.

    Example: clusterobs clusters bridges --input employment.csv --region DE60 --method uscmp --opportunities
    """
    df = _rated((input, store), method, reference, level, None)
    if matrix is not None:
        cols = (pair_columns or "").split(",") if pair_columns else [None, None, None]
        if len(cols) != 3:
            raise typer.BadParameter("give three names: source,target,value", param_hint="--pair-columns")
        mat = mio.read_relatedness(matrix, source=cols[0], target=cols[1], value=cols[2])
    else:
        data = _load((input, store), level, reference)
        if reference is not None:
            data = data[data["region"].astype(str) != reference]
        mat = rel.relatedness(data, method=relatedness, year=year, level=level)
    if opportunities:
        result = bridges_mod.opportunities(df, mat, region, year=year)
    else:
        result = bridges_mod.bridges(df, mat, region, year=year, min_relatedness=min_relatedness)
    _emit(result, out_path)


__all__ = ["app"]
