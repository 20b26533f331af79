"""``clusterobs scoreboard …``: the Regional Ecosystems Scoreboard of the regions in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from clusterobs.cli._common import StoreOption, open_store, out
from clusterobs.composite import indicator_stats
from clusterobs.composite.correlation import corr_flags
from clusterobs.composite.reliability import cronbach_by_group
from clusterobs.errors import InputError
from clusterobs.scoreboard import PeerResult, write_csv, write_scorecard_xlsx
from clusterobs.services.scoreboard import ScoreboardService, scoreboard_uncertainty

app = typer.Typer(
    help="Regional Ecosystems Scoreboard: scores, peers, scorecard, policy dashboard, robustness.", no_args_is_help=True
)

Region = Annotated[str, typer.Argument(help="Region code, e.g. AT13 (or a Demoland code such as XA11).")]
Level = Annotated[int, typer.Option("--level", help="NUTS level of the scored regions.")]
Out = Annotated[Path | None, typer.Option("--out", help="Write the table to this file (.csv or .xlsx).")]
NoSurvey = Annotated[
    bool, typer.Option("--no-survey", help="Robustness variant: leave out the survey (perception) indicators.")
]
Peers = Annotated[
    str | None,
    typer.Option("--peers", help="Up to five peer regions, comma-separated (default: the five structurally nearest)."),
]


def _write(table: pd.DataFrame, path: Path, *, region: str = "") -> None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(table, path)
    elif suffix == ".xlsx":
        if "peer status" in table.columns:
            write_scorecard_xlsx(table, path, region=region)
        else:
            table.to_excel(path, index=False)
    else:
        raise InputError(f"cannot write '{path}': unknown file type '{suffix}'", hint="use .csv or .xlsx")
    out.print(f"wrote {len(table)} rows to {path}")


def _show(table: pd.DataFrame, title: str, *, decimals: int = 3) -> None:
    t = Table(title=title)
    for c in table.columns:
        t.add_column(str(c))
    for row in table.itertuples(index=False):
        t.add_row(*[f"{v:.{decimals}f}" if isinstance(v, float) else str(v) for v in row])
    out.print(t)


def _banner(svc: ScoreboardService) -> None:
    if svc.inputs.synthetic:
        out.print("[yellow]Synthetic demo data (Demoland): not real statistics.[/yellow]")


def _peers(svc: ScoreboardService, region: str, peers: str | None) -> PeerResult:
    chosen = [p.strip() for p in peers.split(",") if p.strip()] if peers else None
    return svc.peers(region, chosen=chosen)


def _region_table(
    kind: str, region: str, store: Path | None, level: int, no_survey: bool, peers: str | None
) -> pd.DataFrame:
    """The scorecard or the dashboard of a region, against the chosen or the structural peers."""
    with open_store(store, read_only=True) as st:
        svc = ScoreboardService(st, level=level, exclude_survey=no_survey)
        chosen = _peers(svc, region, peers)
        table = svc.scorecard(region, chosen) if kind == "scorecard" else svc.dashboard(region, chosen)
        _banner(svc)
    return table


@app.command("build")
def build(
    store: StoreOption = None,
    level: Level = 2,
    no_survey: NoSurvey = False,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder for scores.csv and coverage.csv.")] = None,
) -> None:
    """Compute the scoreboard for every region of a level and report indicator coverage.

    Example: clusterobs scoreboard build --out scoreboard/
    """
    with open_store(store, read_only=True) as st:
        svc = ScoreboardService(st, level=level, exclude_survey=no_survey)
        scores, cov = svc.scores, svc.coverage()
        _banner(svc)
    lacking = cov[cov["regions"] == 0]["indicator"].tolist()
    out.print(
        f"{len(scores)} regions scored on {int((cov['regions'] > 0).sum())} of {len(cov)} indicators "
        f"(datasets: {', '.join(svc.inputs.datasets) or 'none'})"
    )
    if lacking:
        out.print("indicators without data: " + ", ".join(lacking))
    if svc.excluded:
        out.print("left out (robustness variant without survey indicators): " + ", ".join(svc.excluded))
    shown = [c for c in ("RES", "p1", "p2", "p3", "p4", "p5", "p6") if c in scores.columns]
    top = scores[shown].sort_values("RES", ascending=False).head(10)
    _show(top.reset_index(), "Top regions by index (0–1)")
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_csv(scores.reset_index(), out_dir / "scores.csv")
        write_csv(cov, out_dir / "coverage.csv")
        out.print(f"wrote {out_dir / 'scores.csv'} and {out_dir / 'coverage.csv'}")


@app.command("region")
def region_cmd(
    region: Region, store: StoreOption = None, level: Level = 2, no_survey: NoSurvey = False, peers: Peers = None
) -> None:
    """Overall result of a region: index and the six dimensions, with rank, EU mean, peer mean and colour.

    Example: clusterobs scoreboard region XA11
    """
    with open_store(store, read_only=True) as st:
        svc = ScoreboardService(st, level=level, exclude_survey=no_survey)
        elements = svc.elements(region, _peers(svc, region, peers))
        _banner(svc)
    head = elements[elements["level"].isin(["index", "dimension"])]
    _show(head[["code", "name", "value", "rank_label", "eu_mean", "peer_mean", "colour"]], f"Scoreboard of {region}")


@app.command("scorecard")
def scorecard_cmd(
    region: Region,
    store: StoreOption = None,
    level: Level = 2,
    no_survey: NoSurvey = False,
    peers: Peers = None,
    out_file: Out = None,
) -> None:
    """The scorecard of a region in the published layout (dimension, sub-dimensions, indicators).

    Example: clusterobs scoreboard scorecard XA11 --out XA11-scorecard.xlsx
    """
    card = _region_table("scorecard", region, store, level, no_survey, peers)
    if out_file is not None:
        _write(card, out_file, region=region)
    else:
        _show(card, f"Scorecard of {region}")


@app.command("peers")
def peers_cmd(
    region: Region,
    store: StoreOption = None,
    level: Level = 2,
    k: Annotated[int, typer.Option("--k", help="How many peers.")] = 5,
    exclude_own_country: Annotated[bool, typer.Option("--exclude-own-country")] = False,
    out_file: Out = None,
) -> None:
    """Peer regions by structural similarity (Navarro et al. 2014), with their distances.

    Example: clusterobs scoreboard peers XA11 --k 5 --exclude-own-country
    """
    with open_store(store, read_only=True) as st:
        svc = ScoreboardService(st, level=level)
        res = svc.peers(region, k=k, exclude_own_country=exclude_own_country)
    if res.skipped_blocks:
        out.print("blocks without data (skipped): " + ", ".join(res.skipped_blocks))
    if out_file is not None:
        _write(res.table, out_file)
    else:
        _show(res.table, f"Peers of {region}")


@app.command("dashboard")
def dashboard_cmd(
    region: Region,
    store: StoreOption = None,
    level: Level = 2,
    no_survey: NoSurvey = False,
    peers: Peers = None,
    out_file: Out = None,
) -> None:
    """Policy action dashboard: red sub-dimensions and indicators, ranked by the standardised gap to peers.

    Example: clusterobs scoreboard dashboard XA11 --out XA11-dashboard.csv
    """
    dash = _region_table("dashboard", region, store, level, no_survey, peers)
    if out_file is not None:
        _write(dash, out_file)
    else:
        _show(
            dash[["dimension_name", "code", "name", "value", "peer_mean", "gap", "policy_actions"]],
            f"Policy action dashboard of {region}",
        )


@app.command("audit")
def audit_cmd(store: StoreOption = None, level: Level = 2, out_file: Out = None) -> None:
    """Statistical audit: per-indicator statistics and flags, Cronbach's alpha, high correlations.

    Example: clusterobs scoreboard audit --out audit.csv
    """
    with open_store(store, read_only=True) as st:
        svc = ScoreboardService(st, level=level)
        raw, normalised = svc.inputs.data, svc.scores[list(svc.framework.indicators)]
    stats = indicator_stats(raw).reset_index(names="indicator")
    imeta = svc.framework.imeta()
    alpha = cronbach_by_group(normalised, imeta, level=1).rename_axis("sub_dimension").reset_index()
    flags = corr_flags(normalised, imeta, cor_thresh=0.9)
    if out_file is not None:
        _write(stats, out_file)
    cols = ["indicator", "N.Avail", "Min", "Max", "Mean", "Skew", "Kurt", "Flag.Avail", "Flag.SkewKurt"]
    _show(stats[[c for c in cols if c in stats.columns]], "Indicator statistics (raw)")
    _show(alpha, "Cronbach's alpha per sub-dimension")
    out.print(f"{len(flags)} indicator pairs correlate above 0.9 within a sub-dimension")


@app.command("uncertainty")
def uncertainty_cmd(
    store: StoreOption = None,
    level: Level = 2,
    no_survey: NoSurvey = False,
    runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs.")] = 1000,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    noise: Annotated[float, typer.Option("--noise", help="±share of weight noise.")] = 0.25,
    normalisation: Annotated[
        list[str] | None,
        typer.Option("--normalisation", help="Normalisations to switch between (repeat): minmax (published), prank."),
    ] = None,
    out_file: Out = None,
) -> None:
    """Uncertainty analysis of the index ranks under weight noise: median rank and 5–95 % interval.

    Example: clusterobs scoreboard uncertainty --runs 1000 --out ua.csv
    """
    with open_store(store, read_only=True) as st:
        svc = ScoreboardService(st, level=level, exclude_survey=no_survey)
        stats = scoreboard_uncertainty(
            svc, n_runs=runs, seed=seed, noise=noise, normalisations=tuple(normalisation or ["minmax"])
        )
    if out_file is not None:
        _write(stats, out_file)
    else:
        _show(stats.sort_values("Nominal").head(20), f"Rank robustness ({runs} runs, ±{noise:.0%} weights)")
