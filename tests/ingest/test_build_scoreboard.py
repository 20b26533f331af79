"""``build --from DIR`` on the real regional files feeds the store-backed scoreboard (res_real facts).

The expected figures are read straight from the source files with the csv module, independently of the
loaders under test.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.ingest.build import BuildReport, build_from_folder
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Batch, Store

COVERED = ["ind10", "ind14", "ind15", "ind16", "ind17", "ind21", "ind26", "ind31", "ind32", "ind36", "ind46",
           "ind50", "ind52"]


def _rows(path: Path, sep: str = ",") -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return [{k.strip(): (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f, delimiter=sep)]


@pytest.fixture(scope="module")
def built(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, BuildReport, Path]]:
    """Every file of shared/data/regional linked (not copied) into a folder, built into one store."""
    folder = tmp_path_factory.mktemp("regional")
    for src in sorted((shared_data / "regional").iterdir()):
        if src.is_file():
            (folder / src.name).symlink_to(src)
    with Store(tmp_path_factory.mktemp("store") / "eu.duckdb") as st:
        report = build_from_folder(folder, st)
        yield st, report, shared_data / "regional"


@pytest.fixture(scope="module")
def eu_nuts2(built: tuple[Store, BuildReport, Path]) -> list[str]:
    """The EU27 NUTS 2016 level-2 regions of the regional GDP file (240 by its README)."""
    rows = _rows(built[2] / "eurostat_regional_gdp_v2021_nuts2.csv")
    return sorted({r["nuts_id"] for r in rows if r["level"] == "2" and not r["nuts_id"].endswith("ZZ")})


def test_report_lists_provided_and_lacking_indicators(built: tuple[Store, BuildReport, Path]) -> None:
    _, report, _ = built
    assert "res_real" in {d for _, d, _, _ in report.read}
    derived = [Path(p).name for p, why in report.skipped if "derived demo table" in why]
    assert len(derived) == 4 and all(n.startswith("DERIVED_") for n in derived)
    provides = next(n for n in report.notes if "the real files provide" in n)
    assert "13 of 58" in provides and all(f"{c} (" in provides for c in COVERED) and "proxies: ind36" in provides
    lacks = next(n for n in report.notes if "the real files lack" in n)
    assert "45 indicators" in lacks and "ind51" in lacks and "ind57" in lacks and "ind50," not in lacks


def test_coverage_on_nuts_2016_regions(built: tuple[Store, BuildReport, Path], eu_nuts2: list[str]) -> None:
    st, _, _ = built
    svc = ScoreboardService(st)
    cov = svc.coverage().set_index("indicator")
    assert sorted(cov.index[cov["regions"] > 0], key=lambda c: int(c[3:])) == COVERED
    n_2016 = st.query("SELECT count(*) AS n FROM regions WHERE version = '2016' AND level = 2 "
                      "AND NOT is_extra_regio")["n"][0]
    assert len(svc.scores) == n_2016  # the facts are NUTS 2016 coded, so the 2016 regions are scored
    assert "HR04" in svc.scores.index and "HR02" not in svc.scores.index  # HR04 split into HR02/05/06 in 2021
    assert len(eu_nuts2) == 240
    assert cov.loc["ind50", "regions"] == 240  # GDP file: the EU27 NUTS2 regions, nothing else
    assert cov.loc["ind50", "years"] == "2019"
    for code in COVERED:  # every indicator reaches most EU regions, none more regions than are scored
        assert 150 <= cov.loc[code, "regions"] <= n_2016, code


def test_index_computes_for_every_eu_region(built: tuple[Store, BuildReport, Path], eu_nuts2: list[str]) -> None:
    svc = ScoreboardService(built[0])
    scores, coverage = svc.scores, svc.region_coverage()
    # Mayotte has 4 of the 13 indicators the real files provide: below the coverage rule, so no index
    thin = sorted(c for c in eu_nuts2 if coverage[c] < svc.min_coverage)
    assert thin == ["FRY5"]
    assert scores.loc[thin, "RES"].isna().all()
    indexed = [c for c in eu_nuts2 if c not in thin]
    assert scores.loc[indexed, "RES"].notna().all()
    assert ((scores.loc[indexed, "RES"] >= 0) & (scores.loc[indexed, "RES"] <= 1)).all()
    assert scores["p6"].isna().all()  # no real source for the quality of governance: the index averages p1-p5
    assert scores.loc[eu_nuts2, ["p2", "p3", "p5"]].notna().all().all()


def test_spot_values_equal_the_sources(built: tuple[Store, BuildReport, Path]) -> None:
    st, _, folder = built
    svc = ScoreboardService(st)
    data, years = svc.inputs.data, svc.inputs.years
    gdp = next(r for r in _rows(folder / "eurostat_regional_gdp_v2021_nuts2.csv")
               if r["nuts_id"] == "AT13" and r["unit"] == "PPS_HAB" and r["year"] == "2019")
    assert data.loc["AT13", "ind50"] == float(gdp["value"]) and years.loc["AT13", "ind50"] == 2019
    trng = next(r for r in _rows(folder / "eurostat_trng_lfse_04_lifelong_learning_2015_2019.csv")
                if r["nuts_id"] == "FI1B" and r["year"] == "2019")
    assert data.loc["FI1B", "ind17"] == float(trng["pct_25_64_participating_last4weeks"])
    i40 = {(r["NUTS2"], r["YEAR"]): r for r in _rows(folder / "i40_indicator_db_nuts2_2008_2019.tsv", "\t")}
    kis = "htec_emp_reg2_NACE_R2_KIS__UNIT_PC_EMP__SEX_T"
    lq = float(i40[("SE11", "2018")][kis]) / float(i40[("EU28", "2018")][kis])
    assert data.loc["SE11", "ind32"] == pytest.approx(lq)
    tert = "edat_lfse_04_SEX_T__ISCED11_ED5-8__AGE_Y25-64__UNIT_PC"
    assert data.loc["PL91", "ind14"] == float(i40[("PL91", "2018")][tert])
    gerd = [r for r in _rows(folder / "eurostat_rd_hrst_patents_nuts012.csv")
            if r["indicator"] == "rd_e_gerdreg_total_pc_gdp" and r["nuts_id"] == "DE11" and r["value"]]
    last = max(gerd, key=lambda r: int(r["year"]))
    assert data.loc["DE11", "ind26"] == float(last["value"]) and years.loc["DE11", "ind26"] == int(last["year"])


def test_population_feeds_the_peers(built: tuple[Store, BuildReport, Path]) -> None:
    st, _, folder = built
    svc = ScoreboardService(st)
    pop = next(r for r in _rows(folder / "eurostat_regional_gdp_v2021_nuts2.csv")
               if r["nuts_id"] == "AT13" and r["unit"] == "POP" and r["year"] == "2019")
    assert svc.inputs.structural.loc["AT13", "population"] == pytest.approx(math.log(float(pop["value"]) * 1000))
    peers = svc.peers("AT13")
    assert len(peers.peers) == 5 and "AT13" not in peers.peers


def test_building_again_changes_nothing(built: tuple[Store, BuildReport, Path]) -> None:
    st, _, _ = built
    folder = Path(st.query("SELECT source FROM ingests WHERE dataset = 'rci'")["source"][0]).parent
    before = st.query("SELECT count(*) AS n FROM facts")["n"][0]
    again = build_from_folder(folder, st)
    assert [i for *_, i in again.read] == [None] * len(again.read)
    assert st.query("SELECT count(*) AS n FROM facts")["n"][0] == before


def _two_versions(store: Store, facts_in: str) -> None:
    regions = pd.DataFrame({"code": ["HR04", "HR03", "HR02", "HR03"], "version": ["2016", "2016", "2021", "2021"],
                            "level": 2, "country": "HR", "name": ["a", "b", "c", "d"], "parent": "HR0",
                            "is_extra_regio": False})
    facts = pd.DataFrame({"dataset": "d", "region": [facts_in, "HR03"], "industry": "", "indicator": "ind50",
                          "year": 2019, "value": [1.0, 2.0], "unit": "", "flag": ""})
    store.write(Batch("t", "test", "t", "sha256:t", {"regions": regions, "facts": facts}))


@pytest.mark.parametrize(("facts_in", "expected"), [("HR04", ["HR03", "HR04"]), ("HR02", ["HR02", "HR03"])])
def test_scored_version_is_the_one_the_facts_are_coded_in(store: Store, facts_in: str, expected: list[str]) -> None:
    _two_versions(store, facts_in)
    assert ScoreboardService(store).inputs.data.index.tolist() == expected


def test_explicit_version_wins(store: Store) -> None:
    _two_versions(store, "HR04")
    assert ScoreboardService(store, version="2021").inputs.data.index.tolist() == ["HR02", "HR03"]
    with pytest.raises(LookupError, match="version 2013"):
        ScoreboardService(store, version="2013").inputs  # noqa: B018
