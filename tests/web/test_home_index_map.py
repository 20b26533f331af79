"""The home page maps the Regional Ecosystems Scoreboard index when the store can compute it (the demo), and
falls back to a store indicator otherwise (the hand-made store, which holds no scoreboard indicators).

Expected values come from ``ScoreboardService`` called directly on the same store; the fallback's address
from the hand-made store's population facts (tests/observatory_store.py).
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.api import create_app
from clusterobs.config import Settings
from clusterobs.demo.build import write_demo
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store
from observatory_store import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LEGEND = "Regional Ecosystems Scoreboard index (0–1)"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, pd.Series]]:
    path: Path = tmp_path_factory.mktemp("home-index") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 0.2, firms=False)
    with Store(path, read_only=True) as st:
        res = ScoreboardService(st).scores["RES"].copy()
    with TestClient(create_app(Settings(store=path)), raise_server_exceptions=False) as c:
        yield c, res


def test_demo_home_maps_the_index_with_its_legend(demo: tuple[TestClient, pd.Series]) -> None:
    client, _ = demo
    page = client.get("/").text
    assert f"Map: {LEGEND}" in page
    assert f'data-unit="{LEGEND}"' in page  # the colour bar's title
    assert 'data-src="/maps/scoreboard-index/2.geojson"' in page
    assert 'value="scoreboard:RES" selected' in page
    assert "Synthetic demo data" in page  # the banner rule is unchanged
    assert "/api/v1/exports/scoreboard-index.csv?level=2" in page


def test_index_geojson_values_are_the_scoreboard_index(demo: tuple[TestClient, pd.Series]) -> None:
    client, res = demo
    r = client.get("/maps/scoreboard-index/2.geojson")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    values = {f["properties"]["code"]: f["properties"]["value"] for f in fc["features"]}
    assert set(values) == set(res.index)  # the demo's shapes are its scored regions
    for code, v in res.items():
        assert values[code] == pytest.approx(v)
        assert 0.0 <= values[code] <= 1.0
    assert fc["properties"]["without_shape"] == [] and fc["properties"]["unit"] == LEGEND


def test_index_download_matches(demo: tuple[TestClient, pd.Series]) -> None:
    client, res = demo
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/exports/scoreboard-index.csv?level=2").text)))
    got = {r["region"]: float(r["index"]) for r in rows}
    assert got == pytest.approx(res.to_dict())
    best = max(res.index, key=lambda c: res[c])
    assert next(r["rank"] for r in rows if r["region"] == best) == "1"


def test_another_indicator_can_still_be_chosen(demo: tuple[TestClient, pd.Series]) -> None:
    client, _ = demo
    page = client.get("/?indicator=demo_regional:gdp_pps_hab").text
    assert "/api/v1/maps/geometry/demo/2?dataset=demo_regional&amp;indicator=gdp_pps_hab" in page
    assert f"Map: {LEGEND}" not in page
    assert f'<option value="scoreboard:RES">{LEGEND}</option>' in page


def test_store_without_scoreboard_falls_back_to_population(tmp_path: Path) -> None:
    path = build_store(tmp_path / "store.duckdb")
    with TestClient(create_app(Settings(store=path)), raise_server_exceptions=False) as c:
        page = c.get("/").text
        assert LEGEND not in page
        src = re.search(r'data-src="([^"]+)"', page)
        assert src is not None
        assert htmllib.unescape(src.group(1)) == "/api/v1/maps/geometry/2021/2?dataset=pop&indicator=POP&year=2022"
        assert c.get("/maps/scoreboard-index/2.geojson").status_code == 404
