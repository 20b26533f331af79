"""``build --from DIR`` on the real official files: what it reads, what it skips, and idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusterobs.ingest.build import build_from_folder
from clusterobs.store import Store
from refdata import shared_file

FILES = ("regional/nuts2021_codes.csv", "regional/nuts2016_2021_changes.csv", "regional/nuts2013_2016_changes.csv",
         "regional/NUTS_RG_60M_2021_4326.geojson", "cluster_mapping/eurostat_sbs_r_nuts06_r2_2015_EricMarcon.csv")


@pytest.fixture
def folder(shared_data: Path, tmp_path: Path) -> Path:
    """A folder of official files (links to the reference data, nothing copied) plus one unknown file."""
    d = tmp_path / "official"
    d.mkdir()
    for rel in FILES:
        src = shared_file(shared_data, rel)
        (d / src.name).symlink_to(src)
    (d / "notes.csv").write_text("a;b\n1;2\n")
    return d


def test_build_reads_official_files_and_reports_the_rest(folder: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "eu.duckdb") as st:
        report = build_from_folder(folder, st)
        datasets = {d for _, d, _, _ in report.read}
        assert {"taxonomy", "nuts", "gisco_nuts_2021", "sbs_r_nuts06_r2"} <= datasets
        assert [Path(p).name for p, _ in report.skipped] == ["notes.csv"]
        assert any("DE41" in n for n in report.notes)  # NUTS 2010 codes kept as published, and said so
        n2 = st.query("SELECT count(*) AS n FROM regions WHERE version = '2021' AND level = 2 "
                      "AND NOT is_extra_regio AND country IN (SELECT unnest(?))",
                      [["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
                        "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]])["n"][0]
        assert n2 == 242
        assert st.query("SELECT count(*) AS n FROM geometries WHERE level = 2")["n"][0] == 334
        at_c = st.query("SELECT value FROM facts WHERE dataset = 'sbs_r_nuts06_r2' AND region = 'AT' "
                        "AND industry = 'C' AND year = 2015")["value"]
        assert at_c.tolist() == [621998.0]
        again = build_from_folder(folder, st)
        assert [i for *_, i in again.read] == [None] * len(again.read)  # same files: nothing changed
