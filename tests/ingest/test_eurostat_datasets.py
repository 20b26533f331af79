"""Adapters: the slices each dataset keeps, the indicator codes they build, and the download path (loopback)."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clusterobs.errors import UnknownMethodError, ValidationError
from clusterobs.ingest.eurostat_datasets import (
    ADAPTERS,
    api_url,
    eurostat_batch,
    fetch_eurostat,
    get_adapter,
    load_eurostat,
)
from clusterobs.ingest.validate import Registry

EXPECTED = {"sbs_r_nuts06_r2", "sbs_r_nuts2021", "nama_10r_3empers", "nama_10r_2gdp", "demo_r_d2jan",
            "rd_e_gerdreg", "trng_lfse_04", "edat_lfse_04", "htec_emp_reg2"}


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_registry_covers_the_issue_datasets() -> None:
    assert set(ADAPTERS) == EXPECTED
    assert all(a.note for a in ADAPTERS.values())
    with pytest.raises(UnknownMethodError, match="demo_r_d2jan"):
        get_adapter("nope")


def test_api_address() -> None:
    assert api_url("nama_10r_2gdp") == ("https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/"
                                        "nama_10r_2gdp?format=TSV&compressed=true")


def test_population_keeps_both_sexes_all_ages(tmp_path: Path) -> None:
    p = write(tmp_path, "demo_r_d2jan.tsv",
              "freq,unit,sex,age,geo\\TIME_PERIOD\t2020 \n"
              "A,NR,T,TOTAL,AT13\t1911191 \nA,NR,F,TOTAL,AT13\t980000 \nA,NR,T,Y15,AT13\t18000 \n")
    facts = load_eurostat(p, Registry())  # dataset from the file name
    assert facts[["region", "industry", "indicator", "year", "value", "unit"]].values.tolist() == [
        ["AT13", "", "POP", 2020, 1911191.0, "NR"]]


def test_gerd_indicator_joins_sector_and_unit(tmp_path: Path) -> None:
    p = write(tmp_path, "g.tsv",
              "freq,sectperf,unit,geo\\TIME_PERIOD\t2019 \n"
              "A,BES,PC_GDP,AT13\t2.10 \nA,TOTAL,MIO_EUR,AT13\t3500.5 \nA,BES,PC_GDP_X,AT13\t9 \n")
    facts = load_eurostat(p, Registry(), "rd_e_gerdreg")
    assert sorted(zip(facts.indicator, facts.unit, facts.value, strict=True)) == [
        ("GERD_BES_PC_GDP", "PC_GDP", 2.10), ("GERD_TOTAL_MIO_EUR", "MIO_EUR", 3500.5)]


def test_htec_sectors_are_indicators_not_industries(tmp_path: Path) -> None:
    p = write(tmp_path, "h.tsv",
              "freq,nace_r2,unit,sex,geo\\TIME_PERIOD\t2019 \n"
              "A,HTC,PC_EMP,T,AT13\t5.3 \nA,HTC,PC_EMP,M,AT13\t6.1 \nA,KIS,THS,T,AT13\t400.2 u\n")
    facts = load_eurostat(p, Registry(), "htec_emp_reg2")
    assert sorted(zip(facts.indicator, facts.industry, facts.value, facts.flag, strict=True)) == [
        ("HTEC_HTC_PC_EMP", "", 5.3, ""), ("HTEC_KIS_THS", "", 400.2, "u")]


def test_sbs_keeps_three_indicators_with_units(tmp_path: Path) -> None:
    p = write(tmp_path, "s.tsv",
              "freq,nace_r2,indic_sbs,geo\\TIME_PERIOD\t2021 \n"
              "A,C,V16110,AT13\t100 \nA,C,V11210,AT13\t7 \nA,C,V13320,AT13\t3.5 \nA,C,V12110,AT13\t9 \n")
    facts = load_eurostat(p, Registry(), "sbs_r_nuts2021")
    assert sorted(zip(facts.indicator, facts.unit, strict=True)) == [
        ("V11210", "NR"), ("V13320", "MIO_EUR"), ("V16110", "NR")]
    assert len(load_eurostat(p, Registry(), "sbs_r_nuts2021", all_indicators=True)) == 4


def test_missing_dimension_asks_for_dim(tmp_path: Path) -> None:
    p = write(tmp_path, "x.csv", "nace_r2;geo;n2015\nC;AT;5\n")
    with pytest.raises(ValidationError, match="--dim indic_sb=CODE"):
        load_eurostat(p, Registry(), "sbs_r_nuts06_r2")
    facts = load_eurostat(p, Registry(), "sbs_r_nuts06_r2", fixed={"indic_sb": "V11210"})
    assert facts[["indicator", "value"]].values.tolist() == [["V11210", 5.0]]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www" / "data"
    root.mkdir(parents=True)
    handler = partial(SimpleHTTPRequestHandler, directory=str(root.parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


def test_fetch_downloads_gzip_tsv_and_loads_it(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    # The handler ignores the query string, so the API path maps onto a file named like the dataset.
    (root / "nama_10r_2gdp").write_bytes(gzip.compress(
        b"freq,unit,geo\\TIME_PERIOD\t2020 \t2021 \nA,MIO_EUR,AT13\t100000.5 \t: c\n"))
    seen: list[tuple[int, int]] = []
    path = fetch_eurostat("nama_10r_2gdp", cache_dir=tmp_path / "cache", base_url=f"{base}/data",
                          progress=lambda d, t: seen.append((d, t)))
    assert path.name == "nama_10r_2gdp.tsv.gz" and seen
    batch = eurostat_batch(path, Registry(), source=api_url("nama_10r_2gdp"))
    facts = batch.tables["facts"]
    assert batch.dataset == "nama_10r_2gdp" and batch.checksum.startswith("sha256:")
    assert facts["value"].iloc[0] == 100000.5 and facts["flag"].tolist() == ["", "c"]
