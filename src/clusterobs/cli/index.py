"""``clusterobs index``: build any composite indicator from COINr-style iData/iMeta files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterobs.cli._common import out
from clusterobs.composite.io import read_idata, read_imeta
from clusterobs.composite.pipeline import run_pipeline
from clusterobs.composite.spec import Run, default_run
from clusterobs.errors import FileFormatError

app = typer.Typer(help="Composite indicators from iData/iMeta files (COINr layout).", no_args_is_help=True)


@app.command("build")
def build(
    data: Annotated[Path, typer.Option("--data", help="iData CSV: uCode, uName, groups, denominators, indicators.")],
    meta: Annotated[Path, typer.Option("--meta", help="iMeta CSV: Level, iCode, iName, Direction, Weight, Parent, "
                                                      "Type, Denominator, Target.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder for scores.csv and ranks.csv.")],
    run_file: Annotated[Path | None, typer.Option("--run", help="Run file (YAML or JSON, see docs/composite-run.md)."
                                                  " Default: min-max [0, 100] and arithmetic means.")] = None,
    time: Annotated[int | None, typer.Option("--time", help="Year to build when iData is a panel.")] = None,
) -> None:
    """Build the index: write DIR/scores.csv and DIR/ranks.csv (uCode, then every indicator and aggregate).

    Example: clusterobs index build --data iData.csv --meta iMeta.csv --out results/
    """
    framework = read_imeta(meta)
    idata = read_idata(data)
    if run_file is None:
        run = default_run()
    else:
        if not run_file.exists():
            raise FileFormatError("file does not exist", path=run_file)
        text = run_file.read_text(encoding="utf-8")
        run = (Run.from_json(text, source=str(run_file)) if run_file.suffix.lower() == ".json"
               else Run.from_yaml(text, source=str(run_file)))
    coin = run_pipeline(framework, idata, run, time=time)
    agg = coin.stage("Aggregated")
    cols = [*framework.indicators, *[c for lvl in range(2, framework.max_level + 1) for c in framework.codes_at(lvl)]]
    scores = agg[cols]
    ranks = scores.rank(ascending=False, method="min", na_option="keep").astype("Int64")
    out_dir.mkdir(parents=True, exist_ok=True)
    scores.rename_axis("uCode").to_csv(out_dir / "scores.csv", float_format="%.15g")
    ranks.rename_axis("uCode").to_csv(out_dir / "ranks.csv")
    out.print(f"{len(scores)} units, {len(cols)} columns → {out_dir / 'scores.csv'}, {out_dir / 'ranks.csv'}")
    if coin.removed_units:
        out.print("screened out: " + ", ".join(coin.removed_units))


__all__ = ["app", "build"]
