"""GISCO GeoJSON: the real 60M file, malformed files, and ``fetch nuts`` against a loopback server."""

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from shapely.geometry import shape
from typer.testing import CliRunner

from clusterobs.cli.ingest_nuts import fetch_nuts, gisco_url
from clusterobs.errors import FileFormatError, InputError, SourceError, ValidationError
from clusterobs.ingest.gisco import load_gisco, read_gisco
from clusterobs.regions.geometry import feature_collection
from clusterobs.store import Store
from refdata import shared_file

BAD = Path(__file__).resolve().parents[1] / "data" / "regions"
FILE = "NUTS_RG_60M_2021_4326.geojson"


@pytest.fixture(scope="module")
def gisco(shared_data: Path) -> Path:
    return Path(shared_file(shared_data, f"regional/{FILE}"))


@pytest.mark.realdata
def test_real_60m_file(gisco: Path) -> None:
    regions, geoms = read_gisco(gisco, "2021")
    # shared/data README: 2010 features, 37 NUTS0, 125 NUTS1, 334 NUTS2, 1514 NUTS3.
    assert geoms.groupby("level").size().to_dict() == {0: 37, 1: 125, 2: 334, 3: 1514}
    ukh25 = regions.set_index("code").loc["UKH25"]
    assert ukh25["country"] == "UK" and ukh25["name"] == "Central Bedfordshire"  # CNTR_CODE says GB
    assert regions.set_index("code").loc["EL30", "name"] == "Attiki"  # NAME_LATN, not Αττική
    for g in geoms[geoms["level"] == 2].itertuples():
        full, simple = shape(json.loads(str(g.geometry))), shape(json.loads(str(g.simplified)))
        assert simple.is_valid and not simple.is_empty
        assert simple.area == pytest.approx(full.area, rel=0.15), g.code
    assert geoms["simplified"].str.len().sum() < geoms["geometry"].str.len().sum()


@pytest.mark.core
def test_feature_without_nuts_id_names_file_and_index() -> None:
    with pytest.raises(FileFormatError, match=r"geojson_no_nuts_id.geojson: field 'NUTS_ID': feature 1 has no"):
        read_gisco(BAD / "geojson_no_nuts_id.geojson", "2021")
    with pytest.raises(FileFormatError, match=r"geojson_truncated.geojson:1: not valid JSON"):
        read_gisco(BAD / "geojson_truncated.geojson", "2021")


@pytest.mark.core
def test_level_must_match_code(tmp_path: Path) -> None:
    p = tmp_path / "x.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
         "properties": {"NUTS_ID": "XX1", "LEVL_CODE": 2, "CNTR_CODE": "XX", "NAME_LATN": "A"}}]}))
    with pytest.raises(ValidationError, match=r"x.geojson: field 'LEVL_CODE': feature 0: LEVL_CODE 2 does not"):
        read_gisco(p, "2021")


@pytest.mark.realdata
@pytest.mark.storage
def test_map_layer_from_the_store(gisco: Path, store: Store) -> None:
    store.write(load_gisco(gisco, version="2021"))
    rows = store.query("SELECT g.code, r.name, g.level, g.simplified FROM geometries g JOIN regions r "
                       "USING (code, version) WHERE g.level = 2 AND g.code LIKE 'AT%' ORDER BY g.code")
    rows["value"] = range(len(rows))
    fc = feature_collection(rows, value_columns=["value"])
    assert [f["id"] for f in fc["features"]] == ["AT11", "AT12", "AT13", "AT21", "AT22", "AT31", "AT32", "AT33",
                                                 "AT34"]  # Austria's 9 Bundesländer
    assert fc["features"][2]["properties"] == {"code": "AT13", "name": "Wien", "level": 2, "value": 2}


# --- fetch nuts over loopback --------------------------------------------------------------------------------
@pytest.fixture
def server(gisco: Path) -> Iterator[str]:
    handler = partial(SimpleHTTPRequestHandler, directory=str(gisco.parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def cli() -> typer.Typer:
    root, fetch = typer.Typer(), typer.Typer()
    fetch.command("nuts")(fetch_nuts)
    root.add_typer(fetch, name="fetch")
    return root


def test_official_address() -> None:
    assert gisco_url(2021) == ("https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/"
                               "NUTS_RG_60M_2021_4326.geojson")


@pytest.mark.realdata
@pytest.mark.storage
def test_fetch_downloads_caches_and_ingests(server: str, tmp_path: Path) -> None:
    db, cache = tmp_path / "s.duckdb", tmp_path / "cache"
    args = ["fetch", "nuts", "--year", "2021", "--scale", "60M", "--base-url", server, "--cache-dir", str(cache),
            "--store", str(db)]
    res = CliRunner().invoke(cli(), args)
    assert res.exit_code == 0, res.output
    assert (cache / FILE).exists()
    with Store(db, read_only=True) as st:
        assert st.query("SELECT count(*) AS n FROM geometries WHERE level = 2")["n"].iloc[0] == 334
        assert st.query("SELECT source FROM ingests")["source"].tolist() == [f"{server}/{FILE}"]
    # Cached: works with the server's address unreachable, and changes nothing.
    res = CliRunner().invoke(cli(), [*args[:6], "--base-url", "http://127.0.0.1:9", *args[8:]])
    assert res.exit_code == 0 and "nothing changed" in res.output


@pytest.mark.realdata
def test_fetch_errors(server: str, tmp_path: Path) -> None:
    base = ["fetch", "nuts", "--base-url", server, "--cache-dir", str(tmp_path / "c"), "--store",
            str(tmp_path / "s.duckdb")]
    res = CliRunner().invoke(cli(), [*base, "--year", "2016"])  # not served here → a source error
    assert isinstance(res.exception, SourceError) and "NUTS_RG_60M_2016_4326.geojson" in str(res.exception)
    res = CliRunner().invoke(cli(), [*base, "--scale", "5M"])
    assert isinstance(res.exception, InputError) and "unknown GISCO scale" in str(res.exception)
    assert not (tmp_path / "s.duckdb").exists()
