"""End to end in headless Chromium on a small demo: region analytics drawn, the sector map drawn, a CSV
downloaded, a peer switched and the radar's peer mean changed.

"Drawn" means Plotly put the figure's SVG in the DOM (polar traces, one map path per region shape), not merely
that the HTML arrived. Expected numbers come from ``ScoreboardService`` and ``clusters`` called directly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clusterobs.demo.build import write_demo
from clusterobs.services.clusters import clusters
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store
from live_server import LiveServer, new_page, start_server, stop_server

DRAWN = 20_000  # ms; a generous bound for a loaded 2-core machine, not a timing assertion
DIMS = ["p1", "p2", "p3", "p4", "p5", "p6"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, Any]]]:
    path = tmp_path_factory.mktemp("analytics-e2e") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 0.2, firms=False)
    with Store(path, read_only=True) as st:
        svc = ScoreboardService(st)
        rated = clusters(st)
        facts = {"scores": svc.scores.copy(), "region": str(svc.scores.index[0]),
                 "nuts2_shapes": int(st.query("SELECT count(*) AS n FROM geometries WHERE level = 2")["n"].iloc[0]),
                 "categories": int(rated[(rated["region"].astype(str) == str(svc.scores.index[0]))
                                         & (rated["year"] == rated["year"].max())].shape[0])}
        facts["default_peers"] = list(svc.peers(facts["region"]).peers)
    srv = start_server(path)
    yield srv, facts
    stop_server(srv)


def radar_series(page: Any) -> list[list[float]]:
    return page.evaluate("Array.from(document.getElementById('scoreboard-radar').data, t => t.r.slice(0, -1))")


def test_home_to_region_with_drawn_radar_and_csv(browser: Any, demo: tuple[LiveServer, dict[str, Any]]) -> None:
    live, facts = demo
    region = facts["region"]
    page = new_page(browser, live)
    page.goto(live.url + "/")
    page.fill("#q", region)
    page.press("#q", "Enter")
    page.wait_for_url(f"**/regions/{region}?version=demo")
    page.wait_for_selector("#scoreboard-radar[data-state=drawn]", timeout=DRAWN)
    # Plotly drew a polar chart: three traces (region, peer mean, EU mean), each an SVG path
    assert page.locator("#scoreboard-radar .polarlayer").count() == 1
    assert page.locator("#scoreboard-radar .scatterlayer .trace").count() == 3
    assert page.locator("#scoreboard-radar .scatterlayer .trace path.js-line").count() == 3
    scores: pd.DataFrame = facts["scores"]
    series = radar_series(page)
    assert series[0] == pytest.approx(scores.loc[region, DIMS].tolist())
    assert series[1] == pytest.approx(scores.loc[facts["default_peers"], DIMS].mean().tolist())
    page.wait_for_selector("#scoreboard-bars[data-state=drawn]", timeout=DRAWN)
    assert page.locator("#scoreboard-bars .barlayer .trace").count() == 3
    with page.expect_download() as dl:
        page.click("#portfolio-table .downloads a:text-is('CSV')")
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert dl.value.suggested_filename == f"cluster-portfolio-{region}-demo-eco2007.csv"
    assert len(rows) == facts["categories"] and {r["region"] for r in rows} == {region}
    assert live.blocked == []
    page.context.close()


def test_sortable_portfolio(browser: Any, demo: tuple[LiveServer, dict[str, Any]]) -> None:
    live, facts = demo
    page = new_page(browser, live)
    page.goto(f"{live.url}/regions/{facts['region']}")
    page.click("#portfolio-table th:nth-child(5) button")  # LQ, ascending
    values = page.eval_on_selector_all("#portfolio-table tbody tr td:nth-child(5)",
                                       "tds => tds.map(td => td.dataset.sort)")
    numbers = [float(v) for v in values if v not in ("", "None")]
    assert numbers == sorted(numbers) and len(numbers) > 10
    assert page.get_attribute("#portfolio-table th:nth-child(5)", "aria-sort") == "ascending"
    page.context.close()


def test_switch_peer_changes_the_peer_mean(browser: Any, demo: tuple[LiveServer, dict[str, Any]]) -> None:
    live, facts = demo
    region, scores = facts["region"], facts["scores"]
    others = [c for c in scores.index if c != region and c not in facts["default_peers"]][:2]
    page = new_page(browser, live)
    page.goto(f"{live.url}/regions/{region}")
    page.wait_for_selector("#scoreboard-radar[data-state=drawn]", timeout=DRAWN)
    before = radar_series(page)[1]
    page.fill("#peers-input", ",".join(others))
    page.click(".peers-form button[type=submit]")
    page.wait_for_url("**peers=*")
    page.wait_for_selector("#scoreboard-radar[data-state=drawn]", timeout=DRAWN)
    after = radar_series(page)[1]
    assert after == pytest.approx(scores.loc[others, DIMS].mean().tolist())
    assert after != pytest.approx(before)
    assert page.locator("#peers-table tbody tr").count() == 2
    page.fill("#peers-input", region)  # its own peer: a message, the structural peers again
    page.click(".peers-form button[type=submit]")
    page.wait_for_selector('[data-testid="peers-error"]')
    assert "cannot be its own peer" in page.inner_text('[data-testid="peers-error"]')
    page.context.close()


def test_sector_map_drawn_and_metric_switch(browser: Any, demo: tuple[LiveServer, dict[str, Any]]) -> None:
    live, facts = demo
    page = new_page(browser, live)
    page.goto(live.url + "/sectors/cluster_category/automotive")
    page.wait_for_selector("#sector-map-plot[data-state=drawn]", timeout=DRAWN)
    assert page.locator("#sector-map-plot path.choroplethlocation").count() == facts["nuts2_shapes"]
    page.select_option("#metric", "stars")
    page.click(".map-form button[type=submit]")
    page.wait_for_url("**metric=stars*")
    page.wait_for_selector("#sector-map-plot[data-state=drawn]", timeout=DRAWN)
    assert page.locator("#sector-map-plot .colorbar").count() == 1
    assert live.blocked == []
    page.context.close()


def test_compare_page_radar(browser: Any, demo: tuple[LiveServer, dict[str, Any]]) -> None:
    live, facts = demo
    codes = list(facts["scores"].index[:3])
    page = new_page(browser, live)
    page.goto(live.url + "/compare")
    page.fill("#regions-input", ",".join(codes))
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#compare-radar[data-state=drawn]", timeout=DRAWN)
    assert page.locator("#compare-radar .scatterlayer .trace").count() == 3
    page.context.close()
