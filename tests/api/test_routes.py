"""Every API route on the hand-made store: answers, pagination, ETags, and the one error shape."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

ERROR_KEYS = {"ok", "error", "message", "status", "hint", "errors", "suggestions"}


def test_observatory_summary(client: TestClient) -> None:
    body = client.get("/api/v1/observatory").json()
    assert body["default_version"] == "2021"
    assert {d["dataset"]: d["facts"] for d in body["datasets"]} == {"gdp": 2, "pop": 7, "sbs": 2}
    assert body["provenance"]["synthetic"] is False
    assert body["provenance"]["credits"] == ["Source: Eurostat", "© EuroGeographics for the administrative boundaries"]


def test_datasets_and_indicators(client: TestClient) -> None:
    assert [d["dataset"] for d in client.get("/api/v1/datasets").json()] == ["gdp", "pop", "sbs"]
    ind = client.get("/api/v1/datasets/pop/indicators").json()
    assert [(i["indicator"], i["first_year"], i["last_year"], i["regions"]) for i in ind] == [("POP", 2020, 2022, 5)]


def test_regions_pagination(client: TestClient) -> None:
    first = client.get("/api/v1/regions", params={"level": 2}).json()
    assert (first["total"], first["limit"], first["offset"]) == (5, 3, 0)  # page_size=3 in the fixture
    assert [r["code"] for r in first["data"]] == ["AT11", "AT12", "AT13"]
    second = client.get("/api/v1/regions", params={"level": 2, "offset": 3}).json()
    assert [r["code"] for r in second["data"]] == ["DE11", "DE12"]
    assert client.get("/api/v1/regions", params={"country": "DE", "limit": 50}).json()["total"] == 4
    assert [r["code"] for r in client.get("/api/v1/regions", params={"parent": "AT1"}).json()["data"]] == \
        ["AT11", "AT12", "AT13"]


def test_region_search_detail_facts_latest_series(client: TestClient) -> None:
    assert [r["code"] for r in client.get("/api/v1/regions/search", params={"q": "wien"}).json()] == ["AT13", "AT130"]
    detail = client.get("/api/v1/regions/AT13").json()
    assert detail["region"]["name"] == "Wien"
    assert [(h["key"], h["year"], h["value"]) for h in detail["headline"]] == \
        [("population", 2021, 1_920_000.0), ("gdp_per_inhabitant", 2021, 52_000.0)]
    facts = client.get("/api/v1/regions/AT13/facts", params={"dataset": "pop", "limit": 10}).json()
    assert facts["total"] == 3 and facts["data"][2]["value"] is None and facts["data"][2]["flag"] == ":"
    assert client.get("/api/v1/regions/AT13/facts", params={"industry": ""}).json()["total"] == 4
    latest = client.get("/api/v1/regions/AT13/latest").json()
    assert [(x["indicator"], x["value"]) for x in latest] == [("GDP_EUR_HAB", 52_000.0), ("POP", 1_920_000.0)]
    series = client.get("/api/v1/regions/AT13/series/pop/POP").json()
    assert [p["value"] for p in series["points"]] == [1_900_000.0, 1_920_000.0, None]


def test_maps(client: TestClient) -> None:
    inds = client.get("/api/v1/maps/indicators").json()
    assert [(m["dataset"], m["indicator"]) for m in inds] == [("gdp", "GDP_EUR_HAB"), ("pop", "POP")]
    r = client.get("/api/v1/maps/geometry/2021/2", params={"dataset": "pop", "indicator": "POP"})
    assert r.headers["content-type"] == "application/geo+json"
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 5
    assert {f["id"]: f["properties"]["value"] for f in fc["features"]}["AT11"] == 297_000.0


def test_industries(client: TestClient) -> None:
    assert {s["scheme"] for s in client.get("/api/v1/industries/schemes").json()} == \
        {"nace_r2", "cluster_category", "emerging"}
    page = client.get("/api/v1/industries", params={"scheme": "nace_r2"}).json()
    assert page["total"] == 4 and len(page["data"]) == 3
    detail = client.get("/api/v1/industries/nace_r2/C2910").json()
    assert [x["code"] for x in detail["links"]] == ["automotive", "mobility_tech"]


def test_exports_csv_and_xlsx(client: TestClient) -> None:
    listing = client.get("/api/v1/exports").json()
    assert listing["region-facts"]["required"] == ["region"]
    r = client.get("/api/v1/exports/regions.csv", params={"level": 2, "country": "DE"})
    assert r.headers["content-disposition"] == 'attachment; filename="regions-2-DE.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["code"], x["name"]) for x in rows] == [("DE11", "Stuttgart"), ("DE12", "Karlsruhe")]
    x = client.get("/api/v1/exports/regions.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"  # a zip container, as every .xlsx


def test_etag_gives_304_and_cache_headers(client: TestClient) -> None:
    r = client.get("/api/v1/regions/AT13")
    etag = r.headers["etag"]
    assert etag.startswith('W/"') and r.headers["cache-control"] == "public, max-age=300"
    again = client.get("/api/v1/regions/AT13", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/regions/AT12", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    page = client.get("/regions/AT13")
    assert page.headers["cache-control"] == "no-cache" and "etag" in page.headers
    assert "etag" not in client.get("/api/v1/regions/NOPE").headers  # errors are not cached


@pytest.mark.parametrize(("url", "status", "kind"), [
    ("/api/v1/regions/NOPE", 404, "not_found"),
    ("/api/v1/regions?version=1999", 404, "not_found"),
    ("/api/v1/regions?limit=51", 400, "invalid_input"),
    ("/api/v1/regions?limit=0", 422, "invalid_input"),
    ("/api/v1/regions?level=9", 422, "invalid_input"),
    ("/api/v1/regions/search", 422, "invalid_input"),
    ("/api/v1/regions/XX/facts", 404, "not_found"),
    ("/api/v1/regions/AT13/series/pop/NOPE", 404, "not_found"),
    ("/api/v1/datasets/nope/indicators", 404, "not_found"),
    ("/api/v1/maps/geometry/2021/2?indicator=POP", 404, "not_found"),
    ("/api/v1/maps/geometry/2021/3?dataset=pop&indicator=POP", 404, "not_found"),
    ("/api/v1/maps/geometry/2021/7", 422, "invalid_input"),
    ("/api/v1/industries?scheme=isic", 404, "not_found"),
    ("/api/v1/industries/nace_r2/C99", 404, "not_found"),
    ("/api/v1/exports/nope.csv", 404, "not_found"),
    ("/api/v1/exports/regions.ods", 422, "invalid_input"),
    ("/api/v1/exports/regions.csv?colour=red", 400, "invalid_input"),
    ("/api/v1/exports/region-facts.csv", 400, "invalid_input"),
    ("/api/v1/no-such-route", 404, "not_found"),
])
def test_error_shape(client: TestClient, url: str, status: int, kind: str) -> None:
    r = client.get(url)
    body = r.json()
    assert r.status_code == status
    assert set(body) == ERROR_KEYS
    assert (body["ok"], body["error"], body["status"]) == (False, kind, status)
    assert body["message"] and "Traceback" not in r.text


def test_method_not_allowed_has_the_shape(client: TestClient) -> None:
    r = client.post("/api/v1/regions")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


def test_not_found_suggests_near_matches(client: TestClient) -> None:
    body = client.get("/api/v1/regions/AT1Z").json()
    codes = [s["code"] for s in body["suggestions"]]
    assert "AT13" in codes and all(s["url"].startswith("/regions/") for s in body["suggestions"])
    assert "did you mean" in body["hint"]


def test_operation_ids_are_unique_and_tagged(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert "regions-get_region" in ids and "maps-get_geometry" in ids
    assert not any(p.startswith("/regions") or p == "/" for p in spec["paths"])  # pages are not in the API


def test_health_is_never_cached(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.json() == {"ok": True} and "etag" not in r.headers
