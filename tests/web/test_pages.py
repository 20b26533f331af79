"""Server-rendered pages on the hand-made store: content, banner and credits, downloads, errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import plotly
import pytest
from fastapi.testclient import TestClient

from clusterobs.web.sections import REGION_SECTIONS, Section, register_region_section
from clusterobs.web.templating import fmt_number

PAGES = ["/", "/regions", "/regions?level=2&country=AT", "/regions/AT13", "/regions/AT130", "/sectors",
         "/sectors/cluster_category/automotive", "/sectors/nace_r2/C29", "/methodology", "/search?q=wien",
         "/search"]


class Assets(HTMLParser):
    """Collects every src/href a page loads or links to."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("src", "href", "data-src") and v]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_credits_and_no_external_assets(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert "Source: Eurostat" in r.text and "© EuroGeographics for the administrative boundaries" in r.text
    assert "Synthetic demo data" not in r.text
    parser = Assets()
    parser.feed(r.text)
    assert not [u for u in parser.urls if re.match(r"^(https?:)?//", u)], "every asset must be served by us"


@pytest.mark.parametrize("url", PAGES)
def test_synthetic_banner_on_every_demo_page(demo_client: TestClient, url: str) -> None:
    r = demo_client.get(url)
    assert 'data-testid="synthetic-banner"' in r.text
    assert "Source: Eurostat" not in r.text


def test_banner_on_error_pages_too(demo_client: TestClient) -> None:
    assert 'data-testid="synthetic-banner"' in demo_client.get("/regions/NOPE").text


def test_region_header(client: TestClient) -> None:
    html = client.get("/regions/AT13").text
    assert '<h1 data-testid="region-name">Wien</h1>' in html
    assert "Österreich (AT)" in html and "<dd>2</dd>" in html and "<dd>2021" in html
    pop = re.search(r'data-testid="headline-population">([^<]+)<', html)
    assert pop is not None and pop.group(1).strip() == fmt_number(1_920_000.0)  # 2021: 2022 is missing
    assert "(2021)" in html
    for section in ("indicators", "location", "subregions"):
        assert f'id="{section}"' in html
    assert "/api/v1/exports/region-indicators.csv?region=AT13&amp;version=2021" in html
    assert "/api/v1/exports/region-indicators.xlsx?region=AT13&amp;version=2021" in html
    assert plotly.__version__ in html  # the bundle from the installed package


def test_sections_without_data_are_not_rendered(client: TestClient) -> None:
    html = client.get("/regions/AT130").text  # no facts, no shape, no children
    assert "Wien" in html
    for section in ("indicators", "location", "subregions"):
        assert f'id="{section}"' not in html
    assert "headline-population" not in html


def test_every_table_has_csv_and_xlsx_links(client: TestClient) -> None:
    for url in ("/regions", "/regions/AT13", "/sectors", "/sectors/cluster_category/automotive", "/"):
        html = client.get(url).text
        tables = html.count("<table>")
        assert tables == html.count('class="downloads"') - (1 if url == "/" else 0), url
        csvs = re.findall(r'href="([^"]+\.csv[^"]*)"', html)
        for link in csvs:
            r = client.get(link.replace("&amp;", "&"))
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), link


def test_home_map_and_choice(client: TestClient) -> None:
    html = client.get("/").text
    assert 'data-src="/api/v1/maps/geometry/2021/2?dataset=pop&amp;indicator=POP&amp;year=2022"' in html
    html = client.get("/?indicator=gdp:GDP_EUR_HAB").text
    assert "indicator=GDP_EUR_HAB&amp;year=2021" in html


def test_search_redirects_on_a_full_code(client: TestClient) -> None:
    r = client.get("/search?q=at13", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/regions/AT13?version=2021"
    html = client.get("/search?q=motor").text
    assert "/sectors/nace_r2/C29" in html


def test_unknown_region_page_suggests(client: TestClient) -> None:
    r = client.get("/regions/AT1Z")
    assert r.status_code == 404
    assert 'data-testid="suggestions"' in r.text and 'href="/regions/AT13?version=2021"' in r.text


def test_unknown_page_is_our_404(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "<h1>404: not found</h1>" in r.text


def test_methodology_renders_the_taxonomy_note(client: TestClient) -> None:
    html = client.get("/methodology").text
    assert "Delgado, M., Porter, M. E. and Stern, S. (2016)" in html
    assert "<h1>Industry taxonomy: method and known approximations" in html


def test_a_crash_shows_no_traceback(client: TestClient) -> None:
    def boom(obs: object, detail: object) -> None:
        raise RuntimeError("secret internals")

    register_region_section(Section("boom", "Boom", "sections/indicators.html", 1, boom))
    try:
        r = client.get("/regions/AT13")
        api = client.get("/api/v1/regions/AT13")
    finally:
        del REGION_SECTIONS["boom"]
    assert r.status_code == 500 and "internal error" in r.text
    assert "Traceback" not in r.text and "secret internals" not in r.text
    assert api.status_code == 200  # the API does not use page sections


def test_plotly_bundle_and_topojson_are_ours(client: TestClient) -> None:
    r = client.get(f"/static/vendor/plotly-{plotly.__version__}.min.js")
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]
    assert b"plotly.js" in r.content[:200]
    topo = client.get("/static/topojson/world_110m.json").json()
    assert topo["type"] == "Topology" and all(v["geometries"] == [] for v in topo["objects"].values())
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]
