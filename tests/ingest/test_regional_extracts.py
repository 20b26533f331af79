"""Regional extracts: recognised by header, read into facts, and refused with file, line and field when bad."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.errors import FileFormatError, ValidationError
from clusterobs.ingest.regional_extracts import (
    detect_regional,
    i40_unit,
    load_regional,
    read_i40_columns,
    regional_batch,
)
from refdata import shared_file

GDP_HEAD = "nuts_id,level,country_code,name,unit,year,value\n"
NESTA_HEAD = "indicator,nuts_id,level,year,value\n"
I40_COLS = ("ColumnName\tDataType\tDescription\nNUTS2\tstring\tregion\nYEAR \tint \tyear\t\n"
            "htec_emp_reg2_NACE_R2_KIS__UNIT_PC_EMP__SEX_T \tfloat\tKIS share\nERASMUS_TO_COUNT\tint\tincoming\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _facts(path: Path, **kw: object) -> dict[tuple[str, str, str, int], tuple[float, str]]:
    f = load_regional(path, **kw)  # type: ignore[arg-type]
    return {(r.dataset, r.region, r.indicator, r.year): (r.value, r.unit) for r in f.itertuples()}


def test_recognised_by_header_not_by_name(tmp_path: Path) -> None:
    assert detect_regional(_write(tmp_path, "whatever.csv", GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,2019,49900\n")) \
        == "eurostat_regional_gdp"
    assert detect_regional(_write(tmp_path, "eurostat_regional_gdp_v2021_nuts2.csv", "a,b\n1,2\n")) is None
    assert detect_regional(_write(tmp_path, "DERIVED_x.csv", GDP_HEAD)) is None  # derived demo tables: never
    assert detect_regional(_write(tmp_path, "cols.tsv", I40_COLS)) == "i40_columns"


def test_long_gdp_table_units_and_datasets(tmp_path: Path) -> None:
    p = _write(tmp_path, "g.csv", GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,2019,49900.0\nAT13,2,AT,Wien,POP,2019,1908.5\n"
               "AT,0,AT,Österreich,MIO_EUR,2019,397575.3\nAT12,2,AT,NÖ,EUR_HAB,2019,\n")
    got = _facts(p)
    assert got[("nama_10r_2gdp", "AT13", "PPS_HAB", 2019)] == (49900.0, "PPS_HAB")
    assert got[("nama_10r_3popgdp", "AT13", "POP", 2019)] == (1908.5, "THS")  # average population, thousands
    assert got[("nama_10r_2gdp", "AT", "MIO_EUR", 2019)] == (397575.3, "MIO_EUR")
    assert math.isnan(got[("nama_10r_2gdp", "AT12", "EUR_HAB", 2019)][0])  # missing stays missing, never 0


def test_long_rd_hrst_patent_table(tmp_path: Path) -> None:
    p = _write(tmp_path, "n.csv", NESTA_HEAD + "rd_e_gerdreg_total_pc_gdp,AT13,2,2019,3.62\n"
               "hrst_st_rcat_hrstc_pc_act,AT1,1,2020,29.9\nrd_p_persreg_total_total_t_pc_act_fte,AT,0,2019,1.9\n"
               "pat_ep_rtot_p_mhab,AT13,2,2012,190.5\nrd_p_persreg_total_rse_t_fte,AT,0,2019,48000\n")
    got = _facts(p)
    assert got[("rd_e_gerdreg", "AT13", "rd_e_gerdreg_total_pc_gdp", 2019)] == (3.62, "PC_GDP")
    assert got[("hrst_st_rcat", "AT1", "hrst_st_rcat_hrstc_pc_act", 2020)] == (29.9, "PC_ACT")
    assert got[("rd_p_persreg", "AT", "rd_p_persreg_total_total_t_pc_act_fte", 2019)] == (1.9, "PC_ACT_FTE")
    assert got[("pat_ep_rtot", "AT13", "pat_ep_rtot_p_mhab", 2012)] == (190.5, "P_MHAB")
    assert got[("rd_p_persreg", "AT", "rd_p_persreg_total_rse_t_fte", 2019)] == (48000.0, "FTE")


def test_trng_ballatore_and_rci(tmp_path: Path) -> None:
    trng = _write(tmp_path, "t.csv", "nuts_id,level,year,pct_25_64_participating_last4weeks\n"
                  "EU27_2020,0,2019,10.8\nAT13,2,2019,17.6\n")
    assert _facts(trng)[("trng_lfse_04", "AT13", "pct_25_64_participating_last4weeks", 2019)] == (17.6, "PC")
    assert ("trng_lfse_04", "EU27_2020", "pct_25_64_participating_last4weeks", 2019) in _facts(trng)
    wide = _write(tmp_path, "b.csv", "nuts_id,year,broadband_access_household,disp_income_household,patents\n"
                  "AT13,2018,88,,\nAT12,2018,,21300,\n")
    got = _facts(wide)
    assert got == {("tgs00049", "AT13", "broadband_access_household", 2018): (88.0, "PC_HH"),
                   ("tgs00026", "AT12", "disp_income_household", 2018): (21300.0, "PPCS_HAB")}  # empty cells dropped
    rci = _write(tmp_path, "r.csv", "Country,NUTS CODE 2016,merged regions_code,capital region,NUTS NAME,Year,"
                 "Year z-score,value,2019 vs 2016\nAustria,AT00,AT00,capital region,AT00 - Wien,2019,RCI 2019 "
                 "z-scores,0.61,0.14\nGreece,EL51,,other,\"EL51 - Anatoliki Makedonia, Thraki\",2019,RCI 2019 "
                 "z-scores,-1.45,0.03\n")
    assert _facts(rci) == {("rci", "AT00", "RCI_Z", 2019): (0.61, "z-score"),
                           ("rci", "EL51", "RCI_Z", 2019): (-1.45, "z-score")}


def test_i40_panel_with_its_columns_file(tmp_path: Path) -> None:
    cols = read_i40_columns(_write(tmp_path, "c.tsv", I40_COLS))
    assert cols["YEAR"] == ("int", "year")  # stray spaces and a trailing tab tolerated
    data = _write(tmp_path, "d.tsv", "NUTS2\tYEAR\thtec_emp_reg2_NACE_R2_KIS__UNIT_PC_EMP__SEX_T\tERASMUS_TO_COUNT\n"
                  "EU28\t2018\t40.1\t\nSE11\t2018\t57.3\t\nSE11\t2012\t\t1200.0\n")
    got = _facts(data, columns=cols)
    assert got == {("htec_emp_reg2", "EU28", "htec_emp_reg2_NACE_R2_KIS__UNIT_PC_EMP__SEX_T", 2018): (40.1, "PC_EMP"),
                   ("htec_emp_reg2", "SE11", "htec_emp_reg2_NACE_R2_KIS__UNIT_PC_EMP__SEX_T", 2018): (57.3, "PC_EMP"),
                   ("i40_indicator_db", "SE11", "ERASMUS_TO_COUNT", 2012): (1200.0, "NR")}
    undocumented = _write(tmp_path, "u.tsv", "NUTS2\tYEAR\trd_e_gerdreg_SECTPERF_BES__UNIT_PC_GDP\nSE11\t2015\t2.1\n")
    with pytest.raises(ValidationError, match="not in the columns file") as err:
        load_regional(undocumented, columns=cols)
    assert err.value.line == 1 and err.value.field == "rd_e_gerdreg_SECTPERF_BES__UNIT_PC_GDP"


def test_i40_unit_from_the_column_name() -> None:
    assert i40_unit("htec_emp_reg2_NACE_R2_HTC__UNIT_PC_EMP__SEX_T") == "PC_EMP"
    assert i40_unit("edat_lfse_04_SEX_T__ISCED11_ED5-8__AGE_Y25-64__UNIT_PC") == "PC"
    assert i40_unit("demo_r_d2jan_UNIT_NR__SEX_T__AGE_TOTAL") == "NR"
    assert i40_unit("GRID_COUNT", "int") == "NR" and i40_unit("GDELT_TONE_JOBS", "float") == ""


@pytest.mark.parametrize(("text", "line", "field", "message"), [
    (GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,2019,49900\nAT12,2,AT,NÖ,PPS_HAB,2019,n/a\n", 3, "value",
     "'n/a' is not a number"),
    (GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,2019,1\nat12,2,AT,NÖ,PPS_HAB,2019,2\n", 3, "nuts_id",
     "'at12' is not a NUTS code"),
    (GDP_HEAD + "AT13,1,AT,Wien,PPS_HAB,2019,1\n", 2, "level", "does not fit region AT13"),
    (GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,2019,1\nAT13,2,AT,Wien,PPS_EUR,2019,1\n", 3, "unit", "unknown unit 'PPS_EUR'"),
    (GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,2019,1\nAT13,2,AT,Wien,PPS_HAB,2019,2\n", 3, "region", "duplicate key"),
    (GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,2019\n", 2, None, "truncated"),
    (GDP_HEAD + "AT13,2,AT,Wien,POP,2019,-5\n", 2, "value", "negative value"),
    (GDP_HEAD + "AT13,2,AT,Wien,PPS_HAB,20x9,1\n", 2, "year", "not a calendar year"),
    (NESTA_HEAD + "rd_e_gerdreg_total_pc_gdp,AT13,2,2019,3.6\nfoo_bar,AT13,2,2019,1\n", 3, "indicator", "'foo_bar'"),
])
def test_malformed_input_names_file_line_and_field(tmp_path: Path, text: str, line: int, field: str | None,
                                                   message: str) -> None:
    p = _write(tmp_path, "bad.csv", text)
    with pytest.raises(FileFormatError, match=message) as err:
        load_regional(p)
    assert err.value.path == str(p) and err.value.line == line and err.value.field == field


def test_wrong_delimiter_empty_file_and_unknown_layout(tmp_path: Path) -> None:
    semi = _write(tmp_path, "s.csv", GDP_HEAD.replace(",", ";") + "AT13;2;AT;Wien;PPS_HAB;2019;1\n")
    with pytest.raises(FileFormatError, match="regional layouts") as err:
        load_regional(semi)
    assert err.value.line == 1
    with pytest.raises(FileFormatError, match="comma-separated"):
        load_regional(semi, "eurostat_regional_gdp")
    with pytest.raises(FileFormatError, match="empty"):
        load_regional(_write(tmp_path, "e.csv", ""))
    with pytest.raises(ValueError, match="unknown regional layout 'gdp'"):
        load_regional(_write(tmp_path, "g.csv", GDP_HEAD), "gdp")
    with pytest.raises(FileFormatError, match="ColumnName") as err:
        read_i40_columns(_write(tmp_path, "c.tsv", "ColumnName\tDataType\tDescription\n\tfloat\tx\n"))
    assert err.value.line == 2


REAL = {
    "regional/eurostat_regional_gdp_v2021_nuts2.csv": ("eurostat_regional_gdp", 30590),
    "regional/eurostat_rd_hrst_patents_nuts012.csv": ("eurostat_rd_hrst_patents", 61586),
    "regional/eurostat_trng_lfse_04_lifelong_learning_2015_2019.csv": ("trng_lfse_04", 1811),
    "regional/eurostat_nuts2_2016_panel_2007_2018_ballatore.csv": ("ballatore_nuts2_panel", None),
    "regional/i40_indicator_db_nuts2_2008_2019.tsv": ("i40_indicator_db", None),
    "regional/rci_2010_2019_nuts2.csv": ("rci", 1133),
}


@pytest.mark.parametrize("rel", sorted(REAL))
def test_real_files_are_recognised_and_read_completely(shared_data: Path, rel: str) -> None:
    path = shared_file(shared_data, rel)
    layout, rows = REAL[rel]
    assert detect_regional(path) == layout
    cols = shared_file(shared_data, "regional/i40_indicator_db_columns.tsv") if layout == "i40_indicator_db" else None
    facts = regional_batch(path, columns_file=cols).tables["facts"]
    if rows is not None:  # long files: one fact per data line (wc -l minus the header)
        assert len(facts) == rows
    else:  # wide files: one fact per non-empty variable cell, counted independently with pandas
        sep = "\t" if path.suffix == ".tsv" else ","
        raw = pd.read_csv(path, sep=sep)
        assert len(facts) == int(raw.drop(columns=list(raw.columns[:2])).notna().sum().sum())


def test_real_gdp_value_equals_the_csv(shared_data: Path) -> None:
    path = shared_file(shared_data, "regional/eurostat_regional_gdp_v2021_nuts2.csv")
    with open(path, newline="", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["nuts_id"] == "DE21" and r["unit"] == "PPS_HAB"
                   and r["year"] == "2019")
    got = _facts(path)[("nama_10r_2gdp", "DE21", "PPS_HAB", 2019)]
    assert got == (float(row["value"]), "PPS_HAB")


def test_derived_demo_tables_are_not_regional_extracts(shared_data: Path) -> None:
    for p in sorted((shared_data / "regional").glob("DERIVED_*")):
        assert detect_regional(p) is None, p.name
