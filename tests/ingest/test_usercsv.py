"""The documented CSV template: delimiters, optional columns, column mapping, decimal commas."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from clusterobs.errors import FileFormatError, ValidationError
from clusterobs.ingest.usercsv import load_user_csv, user_csv_batch
from clusterobs.ingest.validate import Registry

REG = Registry(regions=frozenset({"AT", "AT13", "AT130"}), nace=frozenset({"C", "C10"}))


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_template_with_any_delimiter(tmp_path: Path, sep: str) -> None:
    rows = [["region", "industry", "indicator", "year", "value", "unit", "flag"],
            ["AT13", "C", "V16110", "2015", "120000", "NR", ""],
            ["AT13", "", "GDP_MIO_EUR", "2015", "", "MIO_EUR", "c"],
            ["AT130", "C10", "V16110", "2015", "12.5", "NR", "e"]]
    p = tmp_path / "t.csv"
    p.write_text("\n".join(sep.join(r) for r in rows) + "\n", encoding="utf-8")
    f = load_user_csv(p, REG, "mine")
    assert f["dataset"].unique().tolist() == ["mine"]
    assert f[["region", "industry", "indicator", "year", "unit", "flag"]].values.tolist() == [
        ["AT13", "C", "V16110", 2015, "NR", ""], ["AT13", "", "GDP_MIO_EUR", 2015, "MIO_EUR", "c"],
        ["AT130", "C10", "V16110", 2015, "NR", "e"]]
    assert f["value"].iloc[0] == 120000.0 and math.isnan(f["value"].iloc[1]) and f["value"].iloc[2] == 12.5


def test_column_mapping_fixed_values_and_decimal_comma(tmp_path: Path) -> None:
    p = tmp_path / "m.csv"
    p.write_text("nuts_id;jahr;wert\nAT13;2019;1.234,5\nAT130;2019;7,25\n", encoding="utf-8")
    f = load_user_csv(p, REG, "gdp", columns={"region": "nuts_id", "year": "jahr", "value": "wert"},
                      fixed={"indicator": "GDP_MIO_EUR", "unit": "MIO_EUR"}, decimal=",")
    assert f[["region", "industry", "indicator", "year", "value", "unit"]].values.tolist() == [
        ["AT13", "", "GDP_MIO_EUR", 2019, 1234.5, "MIO_EUR"], ["AT130", "", "GDP_MIO_EUR", 2019, 7.25, "MIO_EUR"]]


def test_missing_column_names_it(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("region,indicator,year,value\nAT13,X,2015,1\n")
    with pytest.raises(FileFormatError, match=r"x.csv:1: field 'unit': .*lacks column\(s\) unit"):
        load_user_csv(p, REG, "d")


def test_non_annual_year_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "q.csv"
    p.write_text("region,indicator,year,value,unit\nAT13,X,2015Q1,1,NR\n")
    with pytest.raises(ValidationError, match="q.csv:2: field 'year'"):
        load_user_csv(p, REG, "d")


def test_batch_checksum_depends_on_options(tmp_path: Path) -> None:
    p = tmp_path / "b.csv"
    p.write_text("region,indicator,year,value\nAT13,X,2015,1\n")
    a = user_csv_batch(p, REG, "d", fixed={"unit": "NR"})
    b = user_csv_batch(p, REG, "d", fixed={"unit": "PC"})
    assert a.checksum != b.checksum and a.checksum.split(";")[0] == b.checksum.split(";")[0]
