"""Export tables: parameters checked, CSV and XLSX hold what the service returns (hand-made store)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from clusterobs.errors import InputError, NotFoundError, UnknownMethodError
from clusterobs.services import Observatory
from clusterobs.services.exports import EXPORTS, export_table, write_table


def test_regions_csv_round_trip(obs: Observatory) -> None:
    frame = export_table(obs, "regions", {"level": "2", "country": "AT"})
    back = pd.read_csv(io.BytesIO(write_table(frame, "csv")), keep_default_na=False)
    assert back["code"].tolist() == ["AT11", "AT12", "AT13"]
    assert back["name"].tolist() == ["Burgenland", "Niederösterreich", "Wien"]


def test_missing_value_is_an_empty_cell_not_zero(obs: Observatory) -> None:
    text = write_table(export_table(obs, "region-facts", {"region": "AT13", "dataset": "pop"}), "csv").decode()
    lines = text.splitlines()
    assert lines[0] == "dataset,region,industry,indicator,year,value,unit,flag"
    assert lines[3] == "pop,AT13,,POP,2022,,persons,:"


def test_xlsx_holds_the_same_rows(obs: Observatory) -> None:
    frame = export_table(obs, "map-values", {"dataset": "pop", "indicator": "POP", "level": "2"})
    wb = openpyxl.load_workbook(io.BytesIO(write_table(frame, "xlsx", sheet="map-values")))
    rows = list(wb["map-values"].iter_rows(values_only=True))
    assert rows[0] == ("code", "name", "level", "country", "value", "unit", "year")
    assert rows[1][:5] == ("AT11", "Burgenland", 2, "AT", 297000)
    assert rows[3][4] is None  # AT13, missing in 2022


@pytest.mark.parametrize(("name", "params", "error", "match"), [
    ("nope", {}, NotFoundError, "no export table 'nope'"),
    ("regions", {"colour": "red"}, InputError, "no parameter 'colour'"),
    ("region-facts", {}, InputError, "needs 'region'"),
    ("regions", {"level": "two"}, InputError, "'level' must be an integer"),
])
def test_bad_requests(obs: Observatory, name: str, params: dict[str, str], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        export_table(obs, name, params)


BASE_EXPORTS = ("regions", "region-facts", "region-indicators", "industries", "industry-links", "map-values",
                "datasets")


def test_every_base_table_builds(obs: Observatory) -> None:
    """The observatory's own tables (analytics tables register theirs and are tested with their pages)."""
    samples = {"region-facts": {"region": "AT13"}, "region-indicators": {"region": "AT13"},
               "industry-links": {"scheme": "cluster_category", "code": "automotive"},
               "map-values": {"dataset": "pop", "indicator": "POP"}}
    assert set(BASE_EXPORTS) <= set(EXPORTS)
    for name in BASE_EXPORTS:
        frame = export_table(obs, name, samples.get(name, {}))
        assert len(frame) > 0, name


def test_unknown_format() -> None:
    with pytest.raises(UnknownMethodError, match="csv, xlsx"):
        write_table(pd.DataFrame({"a": [1]}), "ods")
