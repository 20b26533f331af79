"""Cluster-mapping and scoreboard sections, the compare page and the methodology page on a small demo store.

Numbers in pages are checked against the services called directly (``clusters``, ``ScoreboardService``) and the
peer mean of the radar by hand from the score table; the methodology against the data files the code loads.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.api import create_app
from clusterobs.config import Settings
from clusterobs.demo.build import write_demo
from clusterobs.mapping import builtin_names, builtin_preset
from clusterobs.scoreboard import load_framework
from clusterobs.scoreboard.framework import LEVEL_SUBDIMENSION
from clusterobs.services.clusters import clusters
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REGION = "XA11"
ANALYTICS = ["portfolio", "scoreboard", "subdimensions", "scorecard", "dashboard", "peers", "bridges"]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("analytics-web") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 0.2, firms=False)
    return path


@pytest.fixture(scope="module")
def scores(demo_path: Path) -> pd.DataFrame:
    with Store(demo_path, read_only=True) as st:
        return ScoreboardService(st).scores.copy()


@pytest.fixture(scope="module")
def rated(demo_path: Path) -> pd.DataFrame:
    with Store(demo_path, read_only=True) as st:
        t = clusters(st)
    return t.assign(region=t["region"].astype(str), category=t["category"].astype(str))


@pytest.fixture(scope="module")
def web(demo_path: Path, scores: pd.DataFrame, rated: pd.DataFrame) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=demo_path)), raise_server_exceptions=False) as c:
        yield c


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="section section-([a-z-]+)"', html)


def embedded(html: str, plot_id: str) -> dict[str, object]:
    m = re.search(rf'<script type="application/json" id="{plot_id}-data">(.*?)</script>', html, re.S)
    assert m is not None, f"{plot_id} has no embedded data"
    data: dict[str, object] = json.loads(m.group(1))
    return data


def test_region_page_has_every_analytics_section(web: TestClient) -> None:
    html = web.get(f"/regions/{REGION}").text
    found = sections(html)
    assert [s for s in found if s in ANALYTICS] == ANALYTICS
    assert "/static/analytics.js" in html and "/static/analytics.css" in html
    for export in ("cluster-portfolio", "scoreboard-elements", "scorecard", "policy-dashboard", "scoreboard-peers",
                   "cluster-opportunities"):
        assert f"/api/v1/exports/{export}.csv?" in html and f"/api/v1/exports/{export}.xlsx?" in html


def test_radar_data_is_the_region_against_peers_and_eu(web: TestClient, scores: pd.DataFrame) -> None:
    dims = ["p1", "p2", "p3", "p4", "p5", "p6"]
    html = web.get(f"/regions/{REGION}", params={"peers": "XB11,XC12"}).text
    chart = embedded(html, "scoreboard-radar")
    assert chart["codes"] == dims
    series = {s["key"]: s["r"] for s in chart["series"]}  # type: ignore[attr-defined]
    assert series["region"] == pytest.approx(scores.loc[REGION, dims].tolist())
    assert series["peers"] == pytest.approx(scores.loc[["XB11", "XC12"], dims].mean().tolist())  # by hand
    assert series["eu"] == pytest.approx(scores[dims].mean().tolist())
    assert "peers=XB11%2CXC12" in html  # downloads carry the chosen peers


def test_bad_peers_are_a_message_not_a_failure(web: TestClient, scores: pd.DataFrame) -> None:
    r = web.get(f"/regions/{REGION}", params={"peers": "XA12,XA13,XA14,XA15,XB11,XB12"})
    assert r.status_code == 200
    assert 'role="alert"' in r.text and "at most 5 peer regions" in r.text
    assert set(ANALYTICS) <= set(sections(r.text))


def test_portfolio_table_shows_stars_with_text_and_reasons(web: TestClient, rated: pd.DataFrame) -> None:
    html = web.get(f"/regions/{REGION}").text
    latest = rated[(rated["region"] == REGION) & (rated["year"] == rated["year"].max())]
    top = latest.sort_values(["stars", "lq"], ascending=False).iloc[0]
    table = html[html.index('id="portfolio-table"'):]
    first_row = table[table.index("<tbody>"):table.index("</tr>", table.index("<tbody>"))]
    assert f'/sectors/cluster_category/{top["category"]}"' in first_row
    assert f'{int(top["stars"])} star' in first_row and str(top["reasons"]).split(":")[0] in first_row
    assert table[:table.index("</thead>")].count('<button type="button" class="sort">') == 9
    assert f'{int((latest["stars"] > 0).sum())} of {len(latest)} categories' in html


def test_scorecard_colours_carry_text_labels(web: TestClient) -> None:
    html = web.get(f"/regions/{REGION}").text
    card = web.get(f"/api/v1/scoreboard/regions/{REGION}/scorecard").json()["rows"]
    statuses = re.findall(r'<tr class="level-[a-z-]+" data-code="([^"]+)" data-status="([a-z]+)">', html)
    assert statuses == [(r["code"], r["peer_status"]) for r in card]
    assert "green: better than peers" in html or "red: worse than peers" in html


def test_level3_region_has_portfolio_but_no_scoreboard(web: TestClient) -> None:
    found = sections(web.get("/regions/XA111").text)
    assert "portfolio" in found and "scoreboard" not in found and "scorecard" not in found


def test_sector_page_map_ranked_regions_and_related(web: TestClient, rated: pd.DataFrame) -> None:
    html = web.get("/sectors/cluster_category/automotive", params={"metric": "size"}).text
    assert [s for s in sections(html) if s in ("sector-map", "sector-regions", "related")] == [
        "sector-map", "sector-regions", "related"]
    assert 'data-src="/api/v1/clusters/sectors/cluster_category/automotive/map?metric=size&amp;level=2"' in html
    latest = rated[(rated["category"] == "automotive") & (rated["year"] == rated["year"].max())]
    best = latest.sort_values(["stars", "employment"], ascending=False).iloc[0]
    table = html[html.index('id="sector-regions-table"'):]
    assert f'/regions/{best["region"]}?version=demo"' in table[:table.index("</tr>", table.index("<tbody>"))]
    assert "/api/v1/exports/cluster-related.csv?" in html
    assert "sector-map" not in sections(web.get("/sectors/nace_r2/C29").text)


def test_emerging_industry_sector_page(web: TestClient) -> None:
    html = web.get("/sectors/emerging/medical_devices").text
    assert "sector-map" in sections(html) and "sector-regions" in sections(html)


def test_compare_page(web: TestClient, scores: pd.DataFrame) -> None:
    r = web.get("/compare", params={"regions": "XA11,XB11,XC12"})
    assert r.status_code == 200
    chart = embedded(r.text, "compare-radar")
    assert [s["r"] for s in chart["series"]] == [  # type: ignore[attr-defined]
        pytest.approx(scores.loc[c, ["p1", "p2", "p3", "p4", "p5", "p6"]].tolist()) for c in ("XA11", "XB11", "XC12")]
    assert "/api/v1/exports/compare-regions.csv?regions=XA11%2CXB11%2CXC12" in r.text
    for bad, needle in (("XA11", "two to 5"), ("XA11,XA11", "twice"), ("XA11,NOPE", "NOPE")):
        r = web.get("/compare", params={"regions": bad})
        assert r.status_code == 400 and needle in r.text and 'data-testid="compare-error"' in r.text


def test_methodology_renders_presets_and_framework_from_their_files(web: TestClient) -> None:
    html = web.get("/methodology").text
    for name in builtin_names():
        p = builtin_preset(name)
        assert f'id="preset-{name}"' in html and f"mapping/presets/{name}.yaml" in html
        for star in p.stars:
            assert f"<td>{star.name}</td>" in html
    fw = load_framework()
    assert 'id="scoreboard-framework"' in html
    subs = fw.codes(LEVEL_SUBDIMENSION)
    assert len(subs) == 17
    for code in subs:
        assert fw.element(code).name in html
    for ind in fw.indicators:
        assert f"<td>{ind}</td>" in html


def test_hand_made_store_shows_missing_cells_as_missing(tmp_path: Path) -> None:
    """The hand-made store holds one confidential class (AT13, C2910 → automotive, flag 'c') and no scoreboard:
    the portfolio shows that cell as missing ('–', never 0); the scoreboard and bridges sections are absent."""
    from observatory_store import build_store

    path = build_store(tmp_path / "store.duckdb")
    with TestClient(create_app(Settings(store=path)), raise_server_exceptions=False) as c:
        r = c.get("/regions/AT13")
        assert r.status_code == 200
        assert [s for s in sections(r.text) if s in ANALYTICS] == ["portfolio"]
        row = c.get("/api/v1/clusters/regions/AT13/portfolio").json()["data"]
        assert [(x["category"], x["employment"], x["lq"], x["stars"]) for x in row] == [("automotive", None, None, 0)]
        assert c.get("/api/v1/scoreboard/regions/AT13").status_code == 404
