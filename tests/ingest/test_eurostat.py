"""Eurostat TSV, SDMX-CSV and wide extracts: values, flags and missing cells, checked cell by cell by hand."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.errors import ClusterObsWarning, FileFormatError
from clusterobs.ingest.eurostat import parse_cells, read_eurostat
from clusterobs.ingest.eurostat_datasets import load_eurostat
from clusterobs.ingest.validate import Registry
from refdata import shared_file

TSV = (
    "freq,nace_r2,indic_sb,geo\\TIME_PERIOD\t2014 \t2015 \n"
    "A,C,V16110,AT\t600000 \t621998 \n"
    "A,C,V16110,AT1\t12.3 p\t: c\n"
    "A,C,V11210,AT\t45 e\t:\n"
    "A,C,V13320,AT\t\t1.5e3 b\n"
)


def cell(frame: pd.DataFrame, geo: str, indic: str, year: str) -> tuple[float, str]:
    row = frame[(frame.geo == geo) & (frame.indic_sb == indic) & (frame.year == year)]
    assert len(row) == 1
    return float(row["value"].iloc[0]), str(row["flag"].iloc[0])


@pytest.mark.parametrize("compress", [False, True])
def test_tsv_values_and_flags(tmp_path: Path, compress: bool) -> None:
    p = tmp_path / ("x.tsv.gz" if compress else "x.tsv")
    p.write_bytes(gzip.compress(TSV.encode()) if compress else TSV.encode())
    f = read_eurostat(p)
    assert f.attrs["dimensions"] == ["freq", "nace_r2", "indic_sb", "geo"]
    assert len(f) == 8
    assert cell(f, "AT", "V16110", "2015") == (621998.0, "")
    assert cell(f, "AT1", "V16110", "2014") == (12.3, "p")
    assert cell(f, "AT", "V11210", "2014") == (45.0, "e")
    assert cell(f, "AT", "V13320", "2015") == (1500.0, "b")
    for geo, indic, year, flag in [("AT1", "V16110", "2015", "c"), ("AT", "V11210", "2015", ":"),
                                   ("AT", "V13320", "2014", "")]:
        value, got = cell(f, geo, indic, year)
        assert math.isnan(value) and got == flag  # missing stays missing, never zero
    assert f.loc[f.indic_sb == "V11210", "_line"].unique().tolist() == [4]


def test_parse_cells_keeps_debris_for_validation() -> None:
    out = parse_cells(pd.Series(["1 234", "12:00 AM", "7", " d", "-3.5"]))
    assert out["_invalid"].tolist()[:2] == ["1 234", "12:00 AM"]
    assert out["_invalid"].iloc[2:].isna().all()
    assert out["value"].iloc[2] == 7.0 and math.isnan(out["value"].iloc[3]) and out["value"].iloc[4] == -3.5
    assert out["flag"].tolist()[2:4] == ["", "d"]


def test_sdmx_csv(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text(
        "DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
        "ESTAT:NAMA_10R_2GDP(1.0),01/02/24 23:00:00,A,MIO_EUR,AT13,2021,105123.4,p\n"
        "ESTAT:NAMA_10R_2GDP(1.0),01/02/24 23:00:00,A,MIO_EUR,AT12,2021,,c\n"
        "ESTAT:NAMA_10R_2GDP(1.0),01/02/24 23:00:00,A,MIO_EUR,AT31,2021,:,\n"
    )
    f = read_eurostat(p)
    assert f.attrs["layout"] == "sdmx-csv" and f.attrs["dimensions"] == ["freq", "unit", "geo"]
    assert f["value"].iloc[0] == 105123.4 and f["flag"].iloc[0] == "p"
    assert math.isnan(f["value"].iloc[1]) and f["flag"].iloc[1] == "c"
    assert math.isnan(f["value"].iloc[2]) and f["flag"].iloc[2] == ":"
    assert f["_line"].tolist() == [2, 3, 4]
    facts = load_eurostat(p, Registry(), "nama_10r_2gdp")
    assert facts["indicator"].unique().tolist() == ["GDP_MIO_EUR"]
    assert facts["unit"].unique().tolist() == ["MIO_EUR"]


def test_tsv_row_key_with_missing_dimension_names_its_line(tmp_path: Path) -> None:
    p = tmp_path / "x.tsv"
    p.write_text("freq,geo\\TIME_PERIOD\t2015\nA,AT\t1\nAT\t2\n")
    with pytest.raises(FileFormatError, match=r"x.tsv:3: .*1 comma-separated code"):
        read_eurostat(p)


@pytest.mark.realdata
def test_sbs_extract_austria_manufacturing(shared_data: Path) -> None:
    """Acceptance: the 2015 SBS extract gives AT manufacturing (NACE C) persons employed = 621,998 (README)."""
    p = shared_file(shared_data, "cluster_mapping/eurostat_sbs_r_nuts06_r2_2015_EricMarcon.csv")
    with pytest.warns(ClusterObsWarning, match="30 cell"):
        facts = load_eurostat(p, Registry())
    at_c = facts[(facts.region == "AT") & (facts.industry == "C")]
    assert at_c[["dataset", "indicator", "year", "value", "unit"]].values.tolist() == [
        ["sbs_r_nuts06_r2", "V16110", 2015, 621998.0, "NR"]]
    # The file has 46,859 data lines (wc -l minus the header), one fact each; 101 NACE codes, 470 geo codes.
    assert len(facts) == 46_859
    assert facts.industry.nunique() == 101 and facts.region.nunique() == 470
    # 8,490 blank cells, 386 ' d'-flagged cells (counted with awk), the 30 debris cells: none read as zero.
    assert (facts.flag == "d").sum() == 386
    assert (facts.flag == ":").sum() == 30
    assert facts.value.isna().sum() == 8490 + 9 + 119 + 30  # blanks, empty fields, ' d' without a number, debris
