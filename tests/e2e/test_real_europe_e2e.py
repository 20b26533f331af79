"""End to end in headless Chromium: the real-Europe store's sector page draws the EU NUTS 2 map with the
division-allocation note, and the home page draws the scoreboard index map (demo and real store).

"Drawn" means Plotly put one SVG path per region shape in the DOM; the index values are read back from the
drawn figure's data (``gd.data``) and compared with ``ScoreboardService(store).scores['RES']``. One browser
(module fixture of tests/e2e/conftest.py); each store is built once for the module. The real store is built
from the official files in ../shared/data, linked into a folder (never copied); skipped when they are absent.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clusterobs.demo.build import write_demo
from clusterobs.errors import ClusterObsWarning
from clusterobs.ingest.build import build_from_folder
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store
from live_server import LiveServer, new_page, start_server, stop_server
from refdata import shared_file

DRAWN = 30_000  # ms; a generous bound for a loaded 2-core machine, not a timing assertion
LEGEND = "Regional Ecosystems Scoreboard index (0–1)"
SBS = "cluster_mapping/eurostat_sbs_r_nuts06_r2_2015_EricMarcon.csv"
#: The value trace of the drawn home map (the grey "no data" trace follows it) as {location: z}.
FIGURE_VALUES = "Object.fromEntries(document.getElementById('home-map').data[0].locations.map((c, i) => " \
                "[c, document.getElementById('home-map').data[0].z[i]]))"


@pytest.fixture(scope="module")
def real(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("official")
    sources = [shared_file(shared_data, SBS), *sorted(p for p in (shared_data / "regional").iterdir() if p.is_file())]
    for src in sources:  # NUTS codes and changes, GISCO shapes, regional indicators (scoreboard), SBS
        (folder / src.name).symlink_to(src)
    path = tmp_path_factory.mktemp("real-e2e") / "eu.duckdb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)
        with Store(path) as st:
            build_from_folder(folder, st)
    with Store(path, read_only=True) as st:
        facts = {"nuts2_shapes": int(st.query("SELECT count(*) AS n FROM geometries WHERE version = '2021' "
                                              "AND level = 2")["n"].iloc[0]),
                 "shapes_2021": set(st.query("SELECT code FROM geometries WHERE version = '2021' AND level = 2")
                                    ["code"]),
                 "res": ScoreboardService(st).scores["RES"].dropna()}
    srv = start_server(path)
    yield srv, facts
    stop_server(srv)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, pd.Series]]:
    path = tmp_path_factory.mktemp("demo-e2e") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 0.2, firms=False)
    with Store(path, read_only=True) as st:
        res = ScoreboardService(st).scores["RES"].copy()
    srv = start_server(path)
    yield srv, res
    stop_server(srv)


def test_real_sector_page_draws_the_eu_nuts2_map(browser: Any, real: tuple[LiveServer, dict[str, Any]]) -> None:
    live, facts = real
    page = new_page(browser, live)
    page.goto(live.url + "/sectors/cluster_category/automotive")
    assert "allocated from NACE divisions by the 'dominant' rule: approximate" in page.inner_text(
        '[data-testid="allocation-note"]')
    page.wait_for_selector("#sector-map-plot[data-state=drawn]", timeout=DRAWN)
    paths = page.locator("#sector-map-plot path.choroplethlocation").count()
    assert paths >= 200 and paths == facts["nuts2_shapes"]  # every NUTS 2021 level-2 shape, with or without data
    with_data = page.evaluate("document.getElementById('sector-map-plot').data[0].locations.length")
    assert with_data >= 200
    footer = page.inner_text("footer")
    assert "Source: Eurostat" in footer and "EuroGeographics" in footer
    assert page.locator('[data-testid="synthetic-banner"]').count() == 0
    assert live.blocked == []
    page.context.close()


def test_demo_home_draws_the_index_map(browser: Any, demo: tuple[LiveServer, pd.Series]) -> None:
    live, res = demo
    page = new_page(browser, live)
    page.goto(live.url + "/")
    assert "Synthetic demo data" in page.inner_text('[data-testid="synthetic-banner"]')
    page.wait_for_selector("#home-map[data-state=drawn]", timeout=DRAWN)
    assert page.locator("#home-map path.choroplethlocation").count() == len(res)
    drawn = page.evaluate(FIGURE_VALUES)
    assert drawn == pytest.approx({str(k): float(v) for k, v in res.items()})
    assert page.locator("#home-map .colorbar").count() == 1
    assert LEGEND in (page.locator("#home-map .colorbar").text_content() or "")
    assert live.blocked == []
    page.context.close()


def test_real_home_draws_the_index_on_2021_shapes(browser: Any, real: tuple[LiveServer, dict[str, Any]]) -> None:
    """Scored on NUTS 2016 codes, drawn on NUTS 2021 shapes: equal codes take their own shape."""
    live, facts = real
    page = new_page(browser, live)
    page.goto(live.url + "/")
    page.wait_for_selector("#home-map[data-state=drawn]", timeout=DRAWN)
    assert page.locator("#home-map path.choroplethlocation").count() == facts["nuts2_shapes"]
    drawn = page.evaluate(FIGURE_VALUES)
    res: pd.Series = facts["res"]
    same = [c for c in res.index if c in drawn]
    # every region with an index whose NUTS 2016 code is also a 2021 shape is drawn with its value
    assert same == [c for c in res.index if c in facts["shapes_2021"]] and len(same) > 250
    assert {c: drawn[c] for c in same} == pytest.approx({c: float(res[c]) for c in same})
    assert live.blocked == []
    page.context.close()
