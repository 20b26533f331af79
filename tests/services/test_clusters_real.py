"""Cluster mapping over the real-Europe store (``build --from DIR`` on the shared official files).

The regional SBS extract is by NACE division, so categories are allocated by the 'dominant' rule. Every
expected number is recomputed here with pandas straight from the source files: the SBS CSV, the NUTS code and
change tables (which codes are NUTS 2 in any version) and the package's ``nace_to_category.csv`` (the rule:
a division goes wholly to the category holding most of its classes, ties to the alphabetically first).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.errors import ClusterObsWarning, NotFoundError, UnknownMethodError
from clusterobs.ingest.build import build_from_folder
from clusterobs.services import Observatory
from clusterobs.services.analytics_cache import Analytics
from clusterobs.services.choropleth import match_codes, same_territory
from clusterobs.services.clusters import allocation_of, category_table, clusters
from clusterobs.services.sector_map import sector_geojson
from clusterobs.store import Store
from refdata import shared_file

SBS = "cluster_mapping/eurostat_sbs_r_nuts06_r2_2015_EricMarcon.csv"
FILES = ("regional/nuts2021_codes.csv", "regional/nuts2016_2021_changes.csv", "regional/nuts2013_2016_changes.csv",
         "regional/NUTS_RG_60M_2021_4326.geojson", SBS)
NOTE = "allocated from NACE divisions by the 'dominant' rule: approximate"


@pytest.fixture(scope="module")
def real(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The official files linked (never copied) into a folder and built into one store, opened read-only."""
    folder = tmp_path_factory.mktemp("official")
    for rel in FILES:
        src = shared_file(shared_data, rel)
        (folder / src.name).symlink_to(src)
    path = tmp_path_factory.mktemp("real") / "eu.duckdb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)  # the loaders' notes on the source files
        with Store(path) as st:
            build_from_folder(folder, st)
    with Store(path, read_only=True) as st:
        yield st


@pytest.fixture(scope="module")
def nuts2(shared_data: Path) -> set[str]:
    """NUTS 2 codes of any version (2013, 2016, 2021) from the code and change tables, extra-regio (..ZZ) out."""
    codes = pd.read_csv(shared_file(shared_data, "regional/nuts2021_codes.csv"), dtype=str)
    known = set(codes.loc[codes["level"] == "2", "nuts_id"])
    for rel, cols in (("regional/nuts2013_2016_changes.csv", ("code_2013", "code_2016")),
                      ("regional/nuts2016_2021_changes.csv", ("code_2016", "code_2021"))):
        ch = pd.read_csv(shared_file(shared_data, rel), dtype=str)
        for col in cols:
            known |= set(ch.loc[ch["level"] == "2", col].dropna())
    return {c for c in known if not c.endswith("ZZ")}


def dominant_rule() -> pd.Series:
    """Division → category by the documented 'dominant' rule, from the package's class mapping file."""
    path = resources.files("clusterobs.industries") / "data" / "nace_to_category.csv"
    with resources.as_file(path) as p:
        m = pd.read_csv(p, dtype=str)
    counts = m.assign(division=m["nace"].str[:3]).groupby(["division", "category"]).size().rename("n").reset_index()
    counts = counts.sort_values(["division", "n", "category"], ascending=[True, False, True])
    return counts.drop_duplicates("division").set_index("division")["category"]


@pytest.fixture(scope="module")
def expected(shared_data: Path, nuts2: set[str]) -> pd.DataFrame:
    """Persons employed per NUTS 2 region × category, allocated from the CSV's divisions; missing cells are
    left out of the sums, and a category with no value at all in a region is missing (NaN)."""
    sbs = pd.read_csv(shared_file(shared_data, SBS), sep=";", dtype=str)
    # Eurostat cells are "number[ flags]" ('0 d', '5738 p'); ':' and broken cells ('12:00 AM') are missing
    parts = sbs["n2015"].fillna("").str.extract(r"^\s*(-?\d+(?:\.\d+)?)\s*[a-z]*\s*$")
    sbs["value"] = pd.to_numeric(parts[0])
    rule = dominant_rule()
    rows = sbs[sbs["geo"].isin(nuts2) & sbs["nace_r2"].str.fullmatch(r"[A-U]\d\d")]
    rows = rows.assign(category=rows["nace_r2"].map(rule))
    return rows.groupby(["geo", "category"])["value"].sum(min_count=1).unstack()


def test_division_allocation_warns_and_is_recorded(real: Store) -> None:
    with pytest.warns(ClusterObsWarning, match="rule 'dominant'.*approximate"):
        table = category_table(real)
    allocation = allocation_of(table)
    assert allocation is not None and allocation.note == NOTE
    assert allocation.datasets == ("sbs_r_nuts06_r2",)
    with pytest.warns(ClusterObsWarning):
        assert allocation_of(clusters(real)) == allocation


@pytest.mark.parametrize(("region", "category"), [("DE11", "automotive"), ("FR22", "automotive"),
                                                  ("ITC4", "production_technology"), ("AT13", "business_services")])
def test_lq_equals_an_independent_computation(real: Store, expected: pd.DataFrame, region: str,
                                              category: str) -> None:
    """LQ = (E_rc / E_r) / (E_c / E), the reference area being the sum of the NUTS 2 regions (FR22 is a
    NUTS 2013 code: accepted because it is NUTS 2 in an older version)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)
        rated = clusters(real).set_index(["region", "category"])
    e = expected
    lq = (e.loc[region, category] / e.loc[region].sum()) / (e[category].sum() / e.sum().sum())
    assert rated.loc[(region, category), "employment"] == pytest.approx(e.loc[region, category])
    assert rated.loc[(region, category), "lq"] == pytest.approx(lq, rel=1e-9)


def test_regions_are_nuts2_codes_of_any_version(real: Store, expected: pd.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)
        table = category_table(real)
    got = set(table["region"])
    assert got == set(expected.index)
    assert "FR21" in got and "DE40" in got  # NUTS 2013 codes
    fra5 = table[table["region"] == "FRA5"]  # Mayotte: every division confidential → missing, never 0
    assert fra5["employment"].isna().all() and (fra5["missing_classes"] > 0).all()
    assert not {"DE41", "DE42", "EL11", "FRZZ", "ELZZ"} & got  # NUTS 2010 (empty beside DE40) and extra-regio


def test_total_employment_is_kept_by_both_rules(real: Store, expected: pd.DataFrame) -> None:
    """Each rule's shares sum to one per division, so a region's total over categories is its divisions' sum."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)
        for rule in ("dominant", "proportional-classes"):
            totals = category_table(real, division_rule=rule).groupby("region")["employment"].sum(min_count=1)
            assert totals.dropna().to_dict() == pytest.approx(expected.sum(axis=1, min_count=1).dropna().to_dict())


def test_unknown_rule_and_emerging_scheme(real: Store) -> None:
    with pytest.raises(UnknownMethodError, match="proportional-classes"):
        category_table(real, division_rule="by-guess")
    with pytest.raises(NotFoundError, match="only by NACE division"):
        category_table(real, scheme="emerging")


def test_match_codes_by_hand() -> None:
    aliases = {"FR21": frozenset({"FRF2"}), "FRF2": frozenset({"FR21"})}
    shape_of, without = match_codes(["FR21", "DE11", "HR04"], {"FRF2", "DE11", "HR02"}, aliases)
    assert shape_of == {"DE11": "DE11", "FR21": "FRF2"} and without == ["HR04"]
    # a shape takes its own code first, a recoded predecessor then has none
    assert match_codes(["FR21", "FRF2"], {"FRF2"}, aliases) == ({"FRF2": "FRF2"}, ["FR21"])


def test_sector_map_on_nuts_2021_shapes(real: Store) -> None:
    """NUTS 2013 data on the 2021 shapes: recoded regions (FR22 → FRE2 in 2016) take their successor's
    shape; only regions whose boundaries changed since 2013 have none."""
    obs = Observatory(real)
    a = Analytics(obs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterObsWarning)
        fc = sector_geojson(obs, a, "cluster_category", "automotive", metric="employment")
        rated = clusters(real).set_index(["region", "category"])
    props = fc["properties"]
    assert props["version"] == "2021" and props["note"] == NOTE
    by_shape = {f["properties"]["code"]: f["properties"] for f in fc["features"]}
    assert by_shape["FRE2"]["data_code"] == "FR22"
    assert by_shape["FRE2"]["value"] == rated.loc[("FR22", "automotive"), "employment"] == 2900 + 1052  # C29+C30
    assert by_shape["FRF2"]["data_code"] is None and by_shape["FRF2"]["value"] is None  # FR21: both confidential
    assert by_shape["DE11"]["value"] == rated.loc[("DE11", "automotive"), "employment"]
    # split or re-bounded since 2013: HR04 (2021), HU10 (2021), LT00 (2016), PL12 (2016), UKM2/UKM3 (2016),
    # Norway's NO01, NO03-NO05 (2021)
    changed = {"HR04", "HU10", "LT00", "PL12", "UKM2", "UKM3", "NO01", "NO03", "NO04", "NO05"}
    assert set(props["without_shape"]) <= changed and props["without_shape_count"] == len(props["without_shape"])
    assert props["regions_drawn"] + props["without_shape_count"] == props["regions_with_data"]
    assert props["regions_drawn"] >= 240
    assert len(fc["features"]) == real.query("SELECT count(*) AS n FROM geometries WHERE version = '2021' "
                                             "AND level = 2")["n"].iloc[0]


def test_same_territory_links_come_from_recodings() -> None:
    changes = pd.DataFrame({"code_from": ["FR21", "UKM2", "AT11"], "code_to": ["FRF2", "UKM7", "AT11"],
                            "change": ["recoded", "boundary_change", "unchanged"]})
    assert same_territory(changes) == {"FR21": frozenset({"FRF2"}), "FRF2": frozenset({"FR21"})}
