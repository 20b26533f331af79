"""Cluster routes on a small demo store, each value checked against the services and against hand computations.

Independent sources: ``clusters(store)`` (the service the routes wrap, called directly), and LQ, stars and
proximity recomputed here by hand from the store's employment facts (NACE classes summed into categories
with pandas, not the service's SQL).
"""

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
from clusterobs.mapping import builtin_names
from clusterobs.services.clusters import clusters
from clusterobs.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REGION = "XA11"
CATEGORY = "automotive"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("clusters-api") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 0.2, firms=False)
    return path


@pytest.fixture(scope="module")
def rated(demo_path: Path) -> pd.DataFrame:
    with Store(demo_path, read_only=True) as st:
        table = clusters(st)
    return table.assign(region=table["region"].astype(str), category=table["category"].astype(str))


@pytest.fixture(scope="module")
def employment(demo_path: Path) -> pd.DataFrame:
    """Region × category employment of the latest year at NUTS 2, summed by hand from the class facts."""
    with Store(demo_path, read_only=True) as st:
        facts = st.query("SELECT region, industry, year, value FROM facts WHERE indicator = 'employment'")
        links = st.query("SELECT nace, category FROM industry_links WHERE scheme = 'cluster_category'")
        nuts2 = set(st.query("SELECT code FROM regions WHERE level = 2 AND NOT is_extra_regio")["code"])
    facts = facts[facts["region"].isin(nuts2) & (facts["year"] == facts["year"].max())]
    merged = facts.merge(links, left_on="industry", right_on="nace")
    return merged.pivot_table(index="region", columns="category", values="value", aggfunc="sum")


@pytest.fixture(scope="module")
def api(demo_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=demo_path, page_size=20, max_page_size=500)),
                    raise_server_exceptions=False) as c:
        yield c


def hand_lq(emp: pd.DataFrame) -> pd.DataFrame:
    """LQ_rc = (E_rc / E_r) / (E_c / E) on the region × category matrix (missing → excluded)."""
    e = emp.fillna(0.0)
    return (e.div(e.sum(axis=1), axis=0)).div(e.sum(axis=0) / e.to_numpy().sum(), axis=1)


def test_portfolio_row_equals_service_and_hand_lq(api: TestClient, rated: pd.DataFrame,
                                                  employment: pd.DataFrame) -> None:
    body = api.get(f"/api/v1/clusters/regions/{REGION}/portfolio", params={"limit": 500}).json()
    latest = rated[(rated["region"] == REGION) & (rated["year"] == rated["year"].max())]
    assert body["total"] == len(latest) == len(body["data"])
    row = next(r for r in body["data"] if r["category"] == CATEGORY)
    svc = latest.set_index("category").loc[CATEGORY]
    assert row["lq"] == pytest.approx(float(svc["lq"]), rel=1e-12)
    assert row["lq"] == pytest.approx(hand_lq(employment).loc[REGION, CATEGORY], rel=1e-9)
    assert row["employment"] == employment.loc[REGION, CATEGORY]
    assert row["label"] == "Automotive" and row["year"] == int(rated["year"].max())
    # eco2007: the specialisation star is LQ ≥ 2; stars = number of stars earned
    for r in body["data"]:
        assert ("specialisation" in r["rated"]) == (r["lq"] is not None and r["lq"] >= 2.0)
        assert r["stars"] == len(r["rated"])
        assert (r["reasons"] != "") == (r["stars"] > 0)
    # best rated first, then highest LQ
    keys = [(r["stars"], r["lq"]) for r in body["data"]]
    assert keys == sorted(keys, reverse=True)


def test_portfolio_filters_and_pages(api: TestClient) -> None:
    all_rows = api.get(f"/api/v1/clusters/regions/{REGION}/portfolio", params={"limit": 500}).json()["data"]
    page = api.get(f"/api/v1/clusters/regions/{REGION}/portfolio", params={"limit": 5, "offset": 5}).json()
    assert [r["category"] for r in page["data"]] == [r["category"] for r in all_rows[5:10]]
    starred = api.get(f"/api/v1/clusters/regions/{REGION}/portfolio", params={"min_stars": 2, "limit": 500}).json()
    assert starred["total"] == sum(r["stars"] >= 2 for r in all_rows)


def test_sector_ranks_regions_like_the_service(api: TestClient, rated: pd.DataFrame) -> None:
    body = api.get(f"/api/v1/clusters/sectors/cluster_category/{CATEGORY}", params={"limit": 500}).json()
    latest = rated[(rated["category"] == CATEGORY) & (rated["year"] == rated["year"].max())].set_index("region")
    assert body["total"] == len(latest)
    for r in body["data"]:
        assert r["lq"] == pytest.approx(float(latest.loc[r["region"], "lq"]), rel=1e-12)
        assert r["stars"] == int(latest.loc[r["region"], "stars"])
    keys = [(r["stars"], r["employment"]) for r in body["data"]]
    assert keys == sorted(keys, reverse=True)
    assert all(r["region_name"] for r in body["data"])


def test_sector_map_carries_the_metric(api: TestClient, rated: pd.DataFrame, demo_path: Path) -> None:
    with Store(demo_path, read_only=True) as st:
        shapes = int(st.query("SELECT count(*) AS n FROM geometries WHERE level = 2")["n"].iloc[0])
    r = api.get(f"/api/v1/clusters/sectors/cluster_category/{CATEGORY}/map", params={"metric": "stars"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert len(fc["features"]) == shapes
    latest = rated[(rated["category"] == CATEGORY) & (rated["year"] == rated["year"].max())].set_index("region")
    for f in fc["features"]:
        p = f["properties"]
        expected = int(latest.loc[p["code"], "stars"]) if p["code"] in latest.index else None
        assert p["value"] == expected and p["unit"] == "stars"
    bad = api.get(f"/api/v1/clusters/sectors/cluster_category/{CATEGORY}/map", params={"metric": "gdp"})
    assert bad.status_code == 422 and bad.json()["ok"] is False


def test_related_is_proximity_by_hand(api: TestClient, employment: pd.DataFrame) -> None:
    body = api.get(f"/api/v1/clusters/sectors/cluster_category/{CATEGORY}/related", params={"limit": 100}).json()
    m = (hand_lq(employment) >= 1.0).astype(float)
    co = m.T @ m
    u = np.diag(co.to_numpy())
    assert body, "automotive has related categories in the demo"
    for r in body:
        a, b = list(co.index).index(CATEGORY), list(co.index).index(r["category"])
        assert r["relatedness"] == pytest.approx(co.iloc[a, b] / max(u[a], u[b]), rel=1e-12)
    values = [r["relatedness"] for r in body]
    assert values == sorted(values, reverse=True) and all(v > 0 for v in values)


def test_stars_lists_starred_cells(api: TestClient, rated: pd.DataFrame) -> None:
    body = api.get("/api/v1/clusters/stars", params={"min_stars": 2, "limit": 500}).json()
    latest = rated[rated["year"] == rated["year"].max()]
    assert body["total"] == int((latest["stars"] >= 2).sum())
    assert all(r["stars"] >= 2 for r in body["data"])
    country = api.get("/api/v1/clusters/stars", params={"country": "XB", "limit": 500}).json()
    assert country["total"] == int(((latest["stars"] >= 1) & latest["region"].str.startswith("XB")).sum())


def test_bridges_pair_starred_related_clusters(api: TestClient, rated: pd.DataFrame,
                                               employment: pd.DataFrame) -> None:
    body = api.get(f"/api/v1/clusters/regions/{REGION}/bridges", params={"limit": 100}).json()
    m = (hand_lq(employment) >= 1.0).astype(float)
    co = (m.T @ m).to_numpy()
    u = np.diag(co)
    prox = co / np.maximum(u[:, None], u[None, :])
    off = prox[~np.eye(len(prox), dtype=bool)]
    assert body["threshold"] == pytest.approx(float(np.quantile(off[~np.isnan(off)], 0.9)))
    latest = rated[(rated["region"] == REGION) & (rated["year"] == rated["year"].max())].set_index("category")
    cats = list(m.columns)
    for b in body["bridges"]:
        assert latest.loc[b["category_a"], "stars"] > 0 and latest.loc[b["category_b"], "stars"] > 0
        assert b["relatedness"] >= body["threshold"]
        assert b["relatedness"] == pytest.approx(prox[cats.index(b["category_a"]), cats.index(b["category_b"])])
    for o in body["opportunities"]:
        assert latest.loc[o["category"], "stars"] == 0 if o["category"] in latest.index else True


def test_presets_and_errors_share_one_shape(api: TestClient) -> None:
    assert [p["name"] for p in api.get("/api/v1/clusters/presets").json()] == builtin_names()
    bad = api.get(f"/api/v1/clusters/regions/{REGION}/portfolio", params={"preset": "nope"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "unknown_method" and "eco2007" in bad.json()["hint"]
    missing = api.get("/api/v1/clusters/regions/XA1Z/portfolio")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert any(s["code"].startswith("XA1") for s in missing.json()["suggestions"])
    assert api.get("/api/v1/clusters/sectors/nace_r2/C29").status_code == 404


def test_etag_revalidation(api: TestClient) -> None:
    first = api.get(f"/api/v1/clusters/regions/{REGION}/bridges")
    again = api.get(f"/api/v1/clusters/regions/{REGION}/bridges", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


def test_portfolio_export_matches_the_api(api: TestClient) -> None:
    import io

    csv = pd.read_csv(io.StringIO(api.get("/api/v1/exports/cluster-portfolio.csv", params={"region": REGION}).text))
    body = api.get(f"/api/v1/clusters/regions/{REGION}/portfolio", params={"limit": 500}).json()["data"]
    assert list(csv["category"]) == [r["category"] for r in body]
    assert np.allclose(csv["lq"], [r["lq"] for r in body])
    xlsx = api.get("/api/v1/exports/cluster-portfolio.xlsx", params={"region": REGION})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
