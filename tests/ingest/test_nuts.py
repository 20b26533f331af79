"""NUTS code list and change tables: the real files, the malformed corpus, and the CLI's all-or-nothing write."""

import hashlib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from clusterobs.cli.ingest_nuts import fetch_nuts, ingest_nuts
from clusterobs.errors import ClusterObsWarning, FileFormatError, InputError, ValidationError
from clusterobs.ingest.nuts import load_nuts, read_nuts_changes, read_nuts_codes
from clusterobs.regions.io import registry_from_store
from clusterobs.store import Store
from refdata import shared_file

BAD = Path(__file__).resolve().parents[1] / "data" / "regions"
#: The real code list flags Czechia 'CZ' as extra-regio; the loader warns (tested above) and the code decides.
CZ_WARNING = "ignore:.*is_extra_regio disagrees:clusterobs.errors.ClusterObsWarning"


def cli() -> typer.Typer:
    root = typer.Typer()
    ingest, fetch = typer.Typer(), typer.Typer()
    ingest.command("nuts")(ingest_nuts)
    fetch.command("nuts")(fetch_nuts)
    root.add_typer(ingest, name="ingest")
    root.add_typer(fetch, name="fetch")
    return root


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def files(shared_data: Path) -> dict[str, Path]:
    return {k: shared_file(shared_data, f"regional/{v}") for k, v in {
        "codes": "nuts2021_codes.csv", "c1316": "nuts2013_2016_changes.csv", "c1621": "nuts2016_2021_changes.csv",
        "geojson": "NUTS_RG_60M_2021_4326.geojson"}.items()}


# --- the malformed corpus (tests/data/regions/README.md) ----------------------------------------------------
@pytest.mark.parametrize(("name", "error", "where"), [
    ("codes_semicolon.csv", FileFormatError, r"codes_semicolon.csv:1: the fields are separated by ';'"),
    ("codes_truncated.csv", FileFormatError, r"codes_truncated.csv:3: 3 fields where 5 were expected"),
    ("codes_bad_level.csv", ValidationError, r"codes_bad_level.csv:4: field 'level': level '5'"),
    ("codes_duplicate.csv", ValidationError, r"codes_duplicate.csv:4: field 'nuts_id': duplicate code 'AT1' "
                                             r"\(first on line 3\)"),
    ("codes_latin1.csv", FileFormatError, r"codes_latin1.csv:2: not valid UTF-8 \(byte 0xd6\)"),
    ("codes_empty.csv", FileFormatError, r"codes_empty.csv:1: the file is empty"),
])
@pytest.mark.core
def test_malformed_code_lists(name: str, error: type[Exception], where: str) -> None:
    with pytest.raises(error, match=where):
        read_nuts_codes(BAD / name, "2021")


@pytest.mark.core
def test_malformed_change_table() -> None:
    with pytest.raises(ValidationError, match=r"changes_bad_change_code.csv:2: field 'change_code': change_code '7'"):
        read_nuts_changes(BAD / "changes_bad_change_code.csv")


@pytest.mark.core
def test_level_must_match_code_and_change_must_fit_codes(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text("nuts_id,level,country_code,name,is_extra_regio\nAT13,1,AT,Wien,0\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"c.csv:2: field 'level': level 1 does not match code 'AT13'"):
        read_nuts_codes(p, "2021")
    q = tmp_path / "ch.csv"
    q.write_text("code_2016,code_2021,level,country_code,name,change_code,change_comment\n"
                 "HR04,HR05,2,HR,x,5,discontinued\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="ch.csv:2: field 'change_code': change 'discontinued' does not fit"):
        read_nuts_changes(q)


# --- the real files ------------------------------------------------------------------------------------------
@pytest.mark.realdata
def test_real_files_give_three_registries(files: dict[str, Path]) -> None:
    with pytest.warns(ClusterObsWarning, match="CZ"):
        batch = load_nuts(files["codes"], [files["c1316"], files["c1621"]], version="2021")
    regions, changes = batch.tables["regions"], batch.tables["region_changes"]
    n = regions[~regions["is_extra_regio"]].groupby(["version", "level"]).size().to_dict()
    # NUTS 2013 (EU28), published by Eurostat: 98 NUTS1, 276 NUTS2, 1342 NUTS3.
    assert (n[("2013", 1)], n[("2013", 2)], n[("2013", 3)]) == (98, 276, 1342)
    # NUTS 2016 level 2: 332 regions (shared/data README: the 2016 level-2 boundary layer has 332 features).
    assert n[("2016", 2)] == 332
    # NUTS 2021: 37 countries, 334 NUTS2 outside extra-regio (= the 334 GISCO 60M level-2 features).
    assert n[("2021", 0)] == 37 and n[("2021", 2)] == 334
    # README: 2146 rows in the 2016→2021 table, 1866 in the 2013→2016 one.
    assert changes.groupby("from_version").size().to_dict() == {"2013": 1866, "2016": 2146}
    assert set(regions.loc[regions["code"].str.startswith("UK"), "country"]) == {"UK"}


@pytest.mark.realdata
@pytest.mark.storage
@pytest.mark.filterwarnings(CZ_WARNING)
def test_cli_ingest_is_idempotent_and_registries_resolve(files: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    args = ["ingest", "nuts", "--codes", str(files["codes"]), "--changes", str(files["c1316"]),
            "--changes", str(files["c1621"]), "--geojson", str(files["geojson"]), "--version", "2021",
            "--store", str(db)]
    res = CliRunner().invoke(cli(), args)
    assert res.exit_code == 0, res.output
    assert "nuts: wrote" in res.output and "gisco_nuts_2021: wrote" in res.output
    before = sha(db)
    res = CliRunner().invoke(cli(), args)
    assert res.exit_code == 0 and res.output.count("nothing changed") == 2
    assert sha(db) == before
    with Store(db, read_only=True) as st:
        reg21 = registry_from_store(st, "2021")
        reg16 = registry_from_store(st, "2016")
        assert st.query("SELECT count(*) AS n FROM geometries WHERE level = 2")["n"].iloc[0] == 334
    assert len(reg21.codes(level=2, eu27=True)) == 242
    assert reg21.unresolved_parents() == []
    assert reg21.get("AT13").name == "Wien"  # the Latin name from GISCO replaced the national one
    # NUTS 2016 has one known anomaly: Northern Ireland's NUTS3 UKN10–UKN16 sit under UKN0, not 'UKN1';
    # NUTS 2021 recoded them to UKN0A–UKN0G for exactly that reason.
    assert reg16.unresolved_parents() == [f"UKN1{i}" for i in range(7)]


@pytest.mark.realdata
@pytest.mark.storage
@pytest.mark.filterwarnings(CZ_WARNING)
@pytest.mark.parametrize("bad", ["codes_truncated.csv", "codes_latin1.csv", "geojson_no_nuts_id.geojson"])
def test_malformed_file_leaves_store_byte_for_byte_unchanged(files: dict[str, Path], tmp_path: Path,
                                                             bad: str) -> None:
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(cli(), ["ingest", "nuts", "--codes", str(files["codes"]), "--store", str(db)]
                              ).exit_code == 0
    before = sha(db)
    opt = "--geojson" if bad.endswith(".geojson") else "--codes"
    args = ["ingest", "nuts", "--codes", str(files["codes"]), "--changes", str(files["c1621"]), opt, str(BAD / bad),
            "--store", str(db)]
    if opt == "--codes":
        args = ["ingest", "nuts", "--codes", str(BAD / bad), "--changes", str(files["c1621"]), "--store", str(db)]
    res = CliRunner().invoke(cli(), args)
    assert isinstance(res.exception, FileFormatError) and bad in str(res.exception)
    assert sha(db) == before


@pytest.mark.core
def test_cli_argument_errors(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli(), ["ingest", "nuts", "--store", str(tmp_path / "s.duckdb")])
    assert isinstance(res.exception, InputError) and "nothing to load" in str(res.exception)
    res = CliRunner().invoke(cli(), ["ingest", "nuts", "--geojson", str(BAD / "geojson_truncated.geojson"),
                                     "--version", "2020", "--store", str(tmp_path / "s.duckdb")])
    assert isinstance(res.exception, InputError) and "unknown NUTS version '2020'" in str(res.exception)
    assert not (tmp_path / "s.duckdb").exists()
    res = CliRunner().invoke(cli(), ["ingest", "nuts", "--help"])
    assert "Example: clusterobs ingest nuts" in res.output
