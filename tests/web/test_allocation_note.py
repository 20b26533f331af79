"""The division-allocation caveat beside cluster ratings: region portfolio section and the clusters API.

A tiny store whose business statistics are only by NACE division (every number written here): the
categories are then allocated by the 'dominant' rule, and every place showing their ratings says so, as
the sector page's map does. A store with class-level facts (tests/observatory_store.py) shows no note.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.api import create_app
from clusterobs.config import Settings
from clusterobs.errors import ClusterObsWarning
from clusterobs.services.clusters import allocation_of, category_table
from clusterobs.store import Batch, Store
from observatory_store import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOTE = "allocated from NACE divisions by the 'dominant' rule: approximate"
REGIONS = [("AT", 0, "AT", "Österreich", None), ("AT1", 1, "AT", "Ostösterreich", "AT"),
           ("AT11", 2, "AT", "Burgenland", "AT1"), ("AT12", 2, "AT", "Niederösterreich", "AT1"),
           ("AT13", 2, "AT", "Wien", "AT1")]
INDUSTRIES = [("nace_r2", "C", 1, None, "Manufacturing", ""),
              ("nace_r2", "C10", 2, "C", "Manufacture of food products", ""),
              ("nace_r2", "C29", 2, "C", "Manufacture of motor vehicles, trailers and semi-trailers", ""),
              ("nace_r2", "G", 1, None, "Wholesale and retail trade", ""),
              ("nace_r2", "G47", 2, "G", "Retail trade, except of motor vehicles and motorcycles", ""),
              ("cluster_category", "automotive", 1, None, "Automotive", "traded"),
              ("cluster_category", "food_processing", 1, None, "Food processing and manufacturing", "traded"),
              ("cluster_category", "local_food_beverage", 1, None, "Local food and beverage", "local")]
# Persons employed by division; the 'dominant' rule sends C29 → automotive, C10 → food_processing,
# G47 → local_food_beverage (each wholly). Region totals 1000, 1000, 2000; E = 4000; E_automotive = 1000.
EMPLOYMENT = {"AT11": {"C29": 100.0, "C10": 300.0, "G47": 600.0},
              "AT12": {"C29": 400.0, "C10": 100.0, "G47": 500.0},
              "AT13": {"C29": 500.0, "C10": 600.0, "G47": 900.0}}
# LQ_automotive = (E_r,auto / E_r) / (1000 / 4000): AT11 0.1 / 0.25 = 0.4; AT12 0.4 / 0.25 = 1.6; AT13 1.0
LQ_AUTOMOTIVE = {"AT11": 0.4, "AT12": 1.6, "AT13": 1.0}


def _build(path: Path) -> Path:
    facts = pd.DataFrame([("sbs", r, d, "V16110", 2021, v, "persons", "")
                          for r, by in EMPLOYMENT.items() for d, v in by.items()],
                         columns=["dataset", "region", "industry", "indicator", "year", "value", "unit", "flag"])
    regions = pd.DataFrame(REGIONS, columns=["code", "level", "country", "name", "parent"]).assign(
        version="2021", is_extra_regio=False)
    with Store(path) as st:
        st.write(Batch(dataset="taxonomy", kind="taxonomy", source="tests", checksum="test:taxonomy", tables={
            "industries": pd.DataFrame(INDUSTRIES, columns=["scheme", "code", "level", "parent", "label", "kind"]),
            "industry_links": pd.DataFrame(columns=["scheme", "nace", "category"])}))
        st.write(Batch(dataset="regions", kind="test", source="tests", checksum="test:regions",
                       tables={"regions": regions}, note="hand-made test data"))
        st.write(Batch(dataset="sbs", kind="test", source="tests", checksum="test:sbs", tables={"facts": facts},
                       note="hand-made test data"))
    return path


@pytest.fixture(scope="module")
def division_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("divisions") / "store.duckdb")


@pytest.fixture(scope="module")
def web(division_path: Path) -> Iterator[TestClient]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)
        with TestClient(create_app(Settings(store=division_path)), raise_server_exceptions=False) as c:
            yield c


@pytest.fixture(scope="module")
def class_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = build_store(tmp_path_factory.mktemp("classes") / "store.duckdb")
    with TestClient(create_app(Settings(store=path)), raise_server_exceptions=False) as c:
        yield c


def test_the_tiny_store_is_allocated_from_divisions(division_path: Path) -> None:
    with Store(division_path, read_only=True) as st, pytest.warns(ClusterObsWarning, match="approximate"):
        table = category_table(st)
    allocation = allocation_of(table)
    assert allocation is not None and allocation.note == NOTE
    assert allocation.divisions == 3 and allocation.datasets == ("sbs",)
    totals = table.groupby("region")["region_employment"].first().to_dict()
    assert totals == {"AT11": 1000.0, "AT12": 1000.0, "AT13": 2000.0}  # the divisions' sums


def test_region_portfolio_section_shows_the_note(web: TestClient) -> None:
    res = web.get("/regions/AT12")
    assert res.status_code == 200, res.text[:500]
    html = res.text
    start = html.index('id="portfolio"')
    section = html[start:html.index("</section>", start)]
    assert 'data-testid="allocation-note"' in section
    assert f"Categories {NOTE.replace(chr(39), '&#39;')}" in section


def test_portfolio_api_carries_the_note_and_the_allocated_lq(web: TestClient) -> None:
    body = web.get("/api/v1/clusters/regions/AT12/portfolio", params={"limit": 50}).json()
    assert body["note"] == NOTE
    auto = next(r for r in body["data"] if r["category"] == "automotive")
    assert auto["lq"] == pytest.approx(LQ_AUTOMOTIVE["AT12"])
    assert auto["employment"] == 400.0


def test_sector_and_stars_api_carry_the_note(web: TestClient) -> None:
    sector = web.get("/api/v1/clusters/sectors/cluster_category/automotive").json()
    assert sector["note"] == NOTE
    assert {r["region"]: r["lq"] for r in sector["data"]} == pytest.approx(LQ_AUTOMOTIVE)
    stars = web.get("/api/v1/clusters/stars", params={"level": 2}).json()
    assert stars["note"] == NOTE
    # AT12 automotive: focus 400/1000 = 40%, the largest of 10%, 40%, 25% → the focus star
    starred = {(r["region"], r["category"]): r["rated"] for r in stars["data"]}
    assert "focus" in starred[("AT12", "automotive")]


def test_bridges_api_carries_the_note(web: TestClient) -> None:
    res = web.get("/api/v1/clusters/regions/AT12/bridges")
    assert res.status_code == 200, res.text[:500]
    assert res.json()["note"] == NOTE


def test_no_note_when_summed_from_classes(class_web: TestClient) -> None:
    body = class_web.get("/api/v1/clusters/regions/AT13/portfolio").json()
    assert "data" in body and body["note"] is None
    assert class_web.get("/api/v1/clusters/sectors/cluster_category/automotive").json()["note"] is None
    assert 'data-testid="allocation-note"' not in class_web.get("/regions/AT13").text
