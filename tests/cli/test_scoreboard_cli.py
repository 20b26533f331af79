"""``clusterobs scoreboard …`` on the demo store: files written equal the service's tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from clusterobs.cli import app
from clusterobs.composite import indicator_stats
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store

REGION = "XA11"


def run(*args: str) -> str:
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def svc(demo_store: Store) -> ScoreboardService:
    return ScoreboardService(demo_store)


def test_build_writes_scores_and_coverage(demo_store: Store, svc: ScoreboardService, tmp_path: Path) -> None:
    out = run("scoreboard", "build", "--store", str(demo_store.path), "--out", str(tmp_path))
    assert f"{len(svc.scores)} regions scored on 58 of 58 indicators" in " ".join(out.split())
    scores = pd.read_csv(tmp_path / "scores.csv").set_index("uCode")
    pd.testing.assert_series_equal(scores["RES"], svc.scores["RES"].round(6), check_names=False, atol=1e-9)
    cov = pd.read_csv(tmp_path / "coverage.csv").set_index("indicator")
    assert (cov["regions"] == svc.inputs.data.notna().sum()).all()


def test_scorecard_csv_equals_the_service(demo_store: Store, svc: ScoreboardService, tmp_path: Path) -> None:
    path = tmp_path / "card.csv"
    run("scoreboard", "scorecard", REGION, "--store", str(demo_store.path), "--out", str(path))
    got = pd.read_csv(path)
    want = svc.scorecard(REGION)
    assert list(got["code"]) == list(want["code"])
    assert got["value"].to_numpy() == pytest.approx(want["value"].round(6).to_numpy(), nan_ok=True)
    assert list(got["peer status"]) == list(want["peer status"])


def test_scorecard_xlsx_and_chosen_peers(demo_store: Store, svc: ScoreboardService, tmp_path: Path) -> None:
    path = tmp_path / "card.xlsx"
    run("scoreboard", "scorecard", REGION, "--store", str(demo_store.path), "--peers", "XB11,XC11", "--out", str(path))
    sheet = pd.read_excel(path)
    res = sheet[sheet.astype(str).apply(lambda r: r.str.fullmatch("RES").any(), axis=1)]
    assert not res.empty
    peers = svc.peers(REGION, chosen=["XB11", "XC11"])
    el = svc.elements(REGION, peers).set_index("code")
    assert el.loc["RES", "peer_mean"] == pytest.approx(svc.scores.loc[["XB11", "XC11"], "RES"].mean())


def test_peers_dashboard_audit_uncertainty(demo_store: Store, svc: ScoreboardService, tmp_path: Path) -> None:
    run("scoreboard", "peers", REGION, "--store", str(demo_store.path), "--out", str(tmp_path / "peers.csv"))
    peers = pd.read_csv(tmp_path / "peers.csv")
    assert list(peers["peer"]) == list(svc.peers(REGION).peers)
    run("scoreboard", "dashboard", REGION, "--store", str(demo_store.path), "--out", str(tmp_path / "dash.csv"))
    dash = pd.read_csv(tmp_path / "dash.csv")
    red = svc.elements(REGION)
    red = red[(red["colour"] == "red") & red["level"].isin(["sub-dimension", "indicator"])]
    assert sorted(dash["code"]) == sorted(red["code"])
    run("scoreboard", "audit", "--store", str(demo_store.path), "--out", str(tmp_path / "audit.csv"))
    audit = pd.read_csv(tmp_path / "audit.csv").set_index("indicator")
    assert (audit["N.Avail"] == indicator_stats(svc.inputs.data)["N.Avail"]).all()
    run("scoreboard", "uncertainty", "--store", str(demo_store.path), "--runs", "50", "--out",
        str(tmp_path / "ua.csv"))
    ua = pd.read_csv(tmp_path / "ua.csv")
    nominal = svc.scores["RES"].rank(ascending=False, method="min")
    assert (ua.set_index("uCode")["Nominal"] == nominal.reindex(ua["uCode"]).to_numpy()).all()
    assert (ua["Q5"] <= ua["Median"]).all() and (ua["Median"] <= ua["Q95"]).all()


def test_unknown_region_is_one_clear_error(demo_store: Store) -> None:
    res = CliRunner().invoke(app, ["scoreboard", "region", "XX99", "--store", str(demo_store.path)])
    assert res.exit_code != 0
    assert "XX99" in str(res.exception)


def test_no_survey_flag_reports_what_it_left_out(demo_store: Store) -> None:
    out = " ".join(run("scoreboard", "build", "--store", str(demo_store.path), "--no-survey").split())
    assert "left out (robustness variant without survey indicators): ind3" in out


def test_uncertainty_over_normalisations_spans_both_choices(demo_store: Store, svc: ScoreboardService,
                                                           tmp_path: Path) -> None:
    """Runs switch between min-max and percentile ranks: each interval covers the ranks under either choice."""
    from clusterobs.composite import NormaliseStep, framework_from_imeta, run_pipeline
    from clusterobs.scoreboard import res_run

    run("scoreboard", "uncertainty", "--store", str(demo_store.path), "--runs", "400", "--noise", "0",
        "--normalisation", "minmax", "--normalisation", "prank", "--out", str(tmp_path / "ua.csv"))
    ua = pd.read_csv(tmp_path / "ua.csv").set_index("uCode")
    engine = framework_from_imeta(svc.framework.imeta())
    prank_run = res_run().with_step(0, NormaliseStep(dset="Raw", method="prank", params={}))
    res_prank = run_pipeline(engine, svc.inputs.data, prank_run).stage("Aggregated")["RES"]
    r_mm = svc.scores["RES"].rank(ascending=False, method="min").reindex(ua.index)
    r_pr = res_prank.rank(ascending=False, method="min").reindex(ua.index)
    assert (ua["Nominal"] == r_mm).all()
    assert (ua["Q5"] <= pd.concat([r_mm, r_pr], axis=1).min(axis=1)).all()
    assert (ua["Q95"] >= pd.concat([r_mm, r_pr], axis=1).max(axis=1)).all()
