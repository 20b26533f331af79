"""Scoreboard routes on a small demo store, checked against ``ScoreboardService`` called directly and against
colours, peer means and ranks recomputed by hand from its score table."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterobs.api import create_app
from clusterobs.config import Settings
from clusterobs.demo.build import write_demo
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REGION = "XA11"
CHOSEN = ["XB11", "XC12"]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("scoreboard-api") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 0.2, firms=False)
    return path


@pytest.fixture(scope="module")
def expected(demo_path: Path) -> Iterator[dict[str, object]]:
    """The service's own answers, computed on a separate read-only connection before the app opens the store."""
    with Store(demo_path, read_only=True) as st:
        svc = ScoreboardService(st)
        default = svc.peers(REGION)
        chosen = svc.peers(REGION, chosen=CHOSEN)
        yield {"scores": svc.scores.copy(), "default": default, "chosen": chosen,
               "elements": svc.elements(REGION, default), "card": svc.scorecard(REGION, chosen),
               "dashboard": svc.dashboard(REGION, default), "distances": svc.distances.copy()}


@pytest.fixture(scope="module")
def api(demo_path: Path, expected: dict[str, object]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=demo_path)), raise_server_exceptions=False) as c:
        yield c


def by_hand_colour(value: float, peers: pd.Series) -> str:
    """The peer band rule written out: green above m + s, red below m − s, orange within, grey if no reading."""
    p = peers.dropna()
    if np.isnan(value) or len(p) < 2:
        return "grey"
    m, s = p.mean(), p.std(ddof=1)
    return "green" if value > m + s else "red" if value < m - s else "orange"


def test_region_elements_equal_the_service(api: TestClient, expected: dict[str, object]) -> None:
    body = api.get(f"/api/v1/scoreboard/regions/{REGION}").json()
    el = expected["elements"]
    assert isinstance(el, pd.DataFrame)
    assert [e["code"] for e in body["elements"]] == list(el["code"])
    assert [e["colour"] for e in body["elements"]] == list(el["colour"])
    assert np.allclose([e["value"] for e in body["elements"]], el["value"].astype(float), equal_nan=True)
    assert body["peers"]["method"] == "structural" and len(body["peers"]["peers"]) == 5
    dims = api.get(f"/api/v1/scoreboard/regions/{REGION}", params={"level": "dimension"}).json()["elements"]
    assert [d["code"] for d in dims] == ["p1", "p2", "p3", "p4", "p5", "p6"]


def test_peer_mean_and_rank_by_hand(api: TestClient, expected: dict[str, object]) -> None:
    scores = expected["scores"]
    assert isinstance(scores, pd.DataFrame)
    body = api.get(f"/api/v1/scoreboard/regions/{REGION}", params={"peers": ",".join(CHOSEN)}).json()
    for e in body["elements"]:
        assert e["peer_mean"] == pytest.approx(scores.loc[CHOSEN, e["code"]].mean(), nan_ok=True)
        assert e["eu_mean"] == pytest.approx(scores[e["code"]].mean())
        rank = int((scores[e["code"]] > scores.loc[REGION, e["code"]]).sum()) + 1  # "min" ties, 1 = highest
        assert e["rank"] == rank
        assert e["colour"] == by_hand_colour(scores.loc[REGION, e["code"]], scores.loc[CHOSEN, e["code"]])


def test_scorecard_colours_equal_the_service(api: TestClient, expected: dict[str, object]) -> None:
    body = api.get(f"/api/v1/scoreboard/regions/{REGION}/scorecard", params={"peers": ",".join(CHOSEN)}).json()
    card = expected["card"]
    assert isinstance(card, pd.DataFrame)
    assert [r["peer_status"] for r in body["rows"]] == list(card["peer status"])
    assert [r["code"] for r in body["rows"]] == list(card["code"])
    assert [r["rank"] for r in body["rows"]] == list(card["rank"])
    assert body["peers"]["method"] == "user"
    assert set(r["peer_status"] for r in body["rows"]) <= {"green", "orange", "red", "grey"}


def test_peers_default_and_chosen_with_distances(api: TestClient, expected: dict[str, object]) -> None:
    default = expected["default"]
    dist = expected["distances"]
    assert isinstance(dist, pd.DataFrame)
    body = api.get(f"/api/v1/scoreboard/regions/{REGION}/peers").json()
    assert [p["peer"] for p in body["peers"]] == list(default.peers)  # type: ignore[attr-defined]
    chosen = api.get(f"/api/v1/scoreboard/regions/{REGION}/peers", params={"peers": " XB11, XC12 "}).json()
    assert chosen["method"] == "user" and [p["peer"] for p in chosen["peers"]] == CHOSEN
    for p in chosen["peers"]:
        assert p["distance"] == pytest.approx(float(dist.loc[REGION, p["peer"]]))
        assert p["name"]


@pytest.mark.parametrize(("peers", "status", "needle"), [
    ("XA11", 400, "its own peer"), ("XA12,XA13,XA14,XA15,XB11,XB12", 400, "at most 5"),
    ("XA12,XA12", 400, "twice"), ("ZZ99", 404, "ZZ99"),
])
def test_bad_peer_choices_are_clear_errors(api: TestClient, peers: str, status: int, needle: str) -> None:
    r = api.get(f"/api/v1/scoreboard/regions/{REGION}/scorecard", params={"peers": peers})
    assert r.status_code == status
    body = r.json()
    assert body["ok"] is False and body["status"] == status and needle in body["message"]


def test_dashboard_lists_red_elements_with_actions(api: TestClient, expected: dict[str, object]) -> None:
    body = api.get(f"/api/v1/scoreboard/regions/{REGION}/dashboard").json()
    dash, el = expected["dashboard"], expected["elements"]
    assert isinstance(dash, pd.DataFrame) and isinstance(el, pd.DataFrame)
    assert [i["code"] for i in body["items"]] == list(dash["code"])
    red = set(el.loc[el["colour"] == "red", "code"])
    for i in body["items"]:
        assert i["code"] in red and i["policy_actions"]
        assert i["gap"] is None or i["gap"] > 1.0  # red = more than one peer sd below the mean


def test_uncertainty_nominal_rank_is_the_index_rank(api: TestClient, expected: dict[str, object]) -> None:
    scores = expected["scores"]
    assert isinstance(scores, pd.DataFrame)
    body = api.get("/api/v1/scoreboard/uncertainty", params={"n_runs": 50, "limit": 100}).json()
    assert body["total"] == len(scores)
    for r in body["data"]:
        assert r["nominal"] == int((scores["RES"] > scores.loc[r["region"], "RES"]).sum()) + 1
        assert r["q5"] <= r["median"] <= r["q95"]
    assert api.get("/api/v1/scoreboard/uncertainty", params={"n_runs": 5}).status_code == 422


def test_unscored_region_is_404(api: TestClient) -> None:
    r = api.get("/api/v1/scoreboard/regions/XA111")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_scorecard_export(api: TestClient, expected: dict[str, object]) -> None:
    import io

    csv = pd.read_csv(io.StringIO(api.get("/api/v1/exports/scorecard.csv",
                                          params={"region": REGION, "peers": ",".join(CHOSEN)}).text))
    card = expected["card"]
    assert isinstance(card, pd.DataFrame)
    assert list(csv["peer status"]) == list(card["peer status"])
