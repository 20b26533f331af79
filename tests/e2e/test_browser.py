"""End to end in headless Chromium: the map is drawn, search leads to a region, downloads work.

The store is tests/observatory_store.py (values written there by hand); "drawn" means Plotly put one SVG path
per region with a value in the DOM, not merely that the page's HTML arrived.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from live_server import LiveServer, new_page, start_server, stop_server

DRAWN = 15_000  # ms; a generous bound for a loaded 2-core machine, not a timing assertion


def test_home_map_is_drawn_from_our_geojson(browser: Any, live: LiveServer) -> None:
    page = new_page(browser, live)
    page.goto(live.url + "/")
    page.wait_for_selector("#home-map[data-state=drawn]", timeout=DRAWN)
    # 5 NUTS 2 squares: 3 with a 2022 value (AT11, AT12, DE11) in the value trace, 2 grey "no data"
    assert page.locator("#home-map path.choroplethlocation").count() == 5
    assert page.locator("#home-map .colorbar").count() == 1
    assert live.blocked == []
    page.context.close()


def test_map_exports_png_and_svg(browser: Any, live: LiveServer, tmp_path: Path) -> None:
    page = new_page(browser, live)
    page.goto(live.url + "/")
    page.wait_for_selector("#home-map[data-state=drawn]", timeout=DRAWN)
    page.hover("#home-map")
    with page.expect_download() as svg:
        page.click('#home-map .modebar-btn[data-title="Download plot as SVG"]')
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert svg.value.suggested_filename.endswith(".svg") and text.lstrip().startswith("<svg")
    with page.expect_download() as png:
        page.click('#home-map .modebar-btn[data-title^="Download plot as a"]')
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.context.close()


def test_search_choose_region_and_download_csv(browser: Any, live: LiveServer) -> None:
    page = new_page(browser, live)
    page.goto(live.url + "/")
    page.fill("#q", "wien")
    page.press("#q", "Enter")
    page.wait_for_selector('[data-testid="region-results"]')
    page.click('[data-testid="region-results"] a:text-is("Wien") >> nth=0')
    page.wait_for_url("**/regions/AT13?version=2021")
    assert page.inner_text('[data-testid="region-name"]') == "Wien"
    page.wait_for_selector("#location-map[data-state=drawn]", timeout=DRAWN)
    assert page.locator("#location-map path.choroplethlocation").count() == 3  # AT11, AT12, AT13
    page.wait_for_selector("#chart-POP[data-state=drawn]", timeout=DRAWN)
    with page.expect_download() as dl:
        page.click("#indicators-table .downloads a:text-is('CSV')")
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert dl.value.suggested_filename == "region-indicators-AT13-2021.csv"
    assert [(r["indicator"], r["year"], float(r["value"])) for r in rows] == [
        ("GDP_EUR_HAB", "2021", 52_000.0), ("POP", "2021", 1_920_000.0)]
    assert live.blocked == []
    page.context.close()


def test_unknown_region_page_suggests_in_the_browser(browser: Any, live: LiveServer) -> None:
    page = new_page(browser, live)
    response = page.goto(live.url + "/regions/AT1Z")
    assert response is not None and response.status == 404
    page.click('[data-testid="suggestions"] a:has-text("Wien")')
    page.wait_for_url("**/regions/AT13?version=2021")
    page.context.close()


def test_demo_home_has_banner_and_drawn_map(browser: Any, tmp_path: Path) -> None:
    build = pytest.importorskip("clusterobs.demo.build", reason="the demo world is not available")
    from clusterobs.store import Store

    path = tmp_path / "demo.duckdb"
    with Store(path) as st:
        build.write_demo(st, seed=42, scale=0.05, firms=False)
    with Store(path, read_only=True) as st:
        nuts2 = int(st.query("SELECT count(*) AS n FROM geometries WHERE level = 2")["n"].iloc[0])
    demo = start_server(path)
    try:
        page = new_page(browser, demo)
        page.goto(demo.url + "/")
        assert "Synthetic demo data" in page.inner_text('[data-testid="synthetic-banner"]')
        page.wait_for_selector("#home-map[data-state=drawn]", timeout=DRAWN)
        assert page.locator("#home-map path.choroplethlocation").count() == nuts2
        assert demo.blocked == []
        page.context.close()
    finally:
        stop_server(demo)
