"""The CLI functions of cli/ingest_data.py: one transaction per file, and the same file twice changes nothing."""

from __future__ import annotations

import gzip
import hashlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from clusterobs.cli.ingest_data import fetch_eurostat, ingest_csv, ingest_eurostat, ingest_firms
from clusterobs.errors import ClusterObsWarning
from clusterobs.store import Store
from refdata import shared_file


def app() -> typer.Typer:
    root, ingest, fetch = typer.Typer(), typer.Typer(), typer.Typer()
    ingest.command("eurostat")(ingest_eurostat)
    ingest.command("csv")(ingest_csv)
    ingest.command("firms")(ingest_firms)
    fetch.command("eurostat")(fetch_eurostat)
    root.add_typer(ingest, name="ingest")
    root.add_typer(fetch, name="fetch")
    return root


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_csv_twice_changes_nothing(seeded_store: Path, tmp_path: Path) -> None:
    p = tmp_path / "mine.csv"
    p.write_text("region,industry,indicator,year,value,unit\nAT13,C,V16110,2015,120000,NR\nAT130,C10,V16110,2015,"
                 "9000,NR\n")
    args = ["ingest", "csv", str(p), "--dataset", "mine", "--store", str(seeded_store)]
    first = CliRunner().invoke(app(), args)
    assert first.exit_code == 0, first.output
    assert "2 facts loaded into dataset mine" in " ".join(first.output.split())
    before = digest(seeded_store)
    again = CliRunner().invoke(app(), args)
    assert again.exit_code == 0 and "nothing changed" in " ".join(again.output.split())
    assert digest(seeded_store) == before
    with Store(seeded_store, read_only=True) as st:
        got = st.query("SELECT region, value FROM facts WHERE dataset = 'mine' ORDER BY region")
    assert got.values.tolist() == [["AT13", 120000.0], ["AT130", 9000.0]]


def test_firms_cli(seeded_store: Path, tmp_path: Path) -> None:
    p = tmp_path / "firms.csv"
    p.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,4\nF2,C1011,AT130,6\n")
    res = CliRunner().invoke(app(), ["ingest", "firms", str(p), "--year", "2021", "--store", str(seeded_store)])
    assert res.exit_code == 0, res.output
    with Store(seeded_store, read_only=True) as st:
        got = st.query("SELECT value FROM facts WHERE dataset = 'firms' AND region = 'AT1' AND indicator = 'V16110'")
    assert got["value"].tolist() == [10.0]  # 4 + 6 employees, rolled up to NUTS1


def test_fetch_eurostat_cli_through_loopback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    www = tmp_path / "www"
    www.mkdir()
    (www / "demo_r_d2jan").write_bytes(gzip.compress(
        b"freq,unit,sex,age,geo\\TIME_PERIOD\t2021 \nA,NR,T,TOTAL,AT13\t1920949 \n"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(www)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("CLUSTEROBS_EUROSTAT_API", f"http://127.0.0.1:{httpd.server_address[1]}")
        monkeypatch.setenv("CLUSTEROBS_CACHE", str(tmp_path / "cache"))
        store = tmp_path / "s.duckdb"
        res = CliRunner().invoke(app(), ["fetch", "eurostat", "demo_r_d2jan", "--store", str(store)])
        assert res.exit_code == 0, res.output
    finally:
        httpd.shutdown()
    with Store(store, read_only=True) as st:
        got = st.query("SELECT region, indicator, year, value FROM facts")
        source = st.query("SELECT source FROM ingests")["source"].iloc[0]
    assert got.values.tolist() == [["AT13", "POP", 2021, 1920949.0]]
    assert source.endswith("/demo_r_d2jan?format=TSV&compressed=true")


@pytest.mark.realdata
def test_sbs_extract_through_the_cli(shared_data: Path, tmp_path: Path) -> None:
    p = shared_file(shared_data, "cluster_mapping/eurostat_sbs_r_nuts06_r2_2015_EricMarcon.csv")
    store = tmp_path / "s.duckdb"
    with pytest.warns(ClusterObsWarning, match="12:00 AM"):
        res = CliRunner().invoke(app(), ["ingest", "eurostat", str(p), "--store", str(store)])
    assert res.exit_code == 0, res.output
    with Store(store, read_only=True) as st:
        got = st.query("SELECT value FROM facts WHERE region = 'AT' AND industry = 'C' AND indicator = 'V16110' "
                       "AND year = 2015 AND dataset = 'sbs_r_nuts06_r2'")
    assert got["value"].tolist() == [621998.0]
