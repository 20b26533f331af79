"""Validation rules against a registry: which codes pass, which fail, and how the one error reads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clusterobs.errors import ValidationError
from clusterobs.ingest.validate import Registry, check_facts, validate_facts
from clusterobs.store import Store

REG = Registry(regions=frozenset({"AT", "AT1", "AT13", "AT130"}),
               nace=frozenset({"B", "C", "C10", "K", "N", "S95"}))


def facts(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame({
        "dataset": "d", "region": [r[0] for r in rows], "industry": [r[1] for r in rows], "indicator": "V16110",
        "year": 2015, "value": [r[2] for r in rows], "unit": [r[3] for r in rows], "flag": "",
        "_line": range(2, len(rows) + 2),
    })


@pytest.mark.parametrize("code", ["AT13", "EU27_2020", "EA20", "EU28", "FR10", "XK00"])
def test_known_or_unjudged_regions_pass(code: str) -> None:
    """Eurostat aggregates pass; countries the store holds no regions for are not judged."""
    assert REG.known_region(code)


def test_unknown_region_in_a_held_country_fails() -> None:
    assert not REG.known_region("AT99")


@pytest.mark.parametrize("code,ok", [("C10", True), ("TOTAL", True), ("B-N_S95_X_K", True), ("C-C10", True),
                                     ("C99", False), ("B-Z", False), ("", True)])
def test_nace_codes_and_aggregates(code: str, ok: bool) -> None:
    assert REG.known_nace(code) is ok or code == ""


def test_empty_taxonomy_accepts_any_nace() -> None:
    assert Registry().known_nace("C99")


def test_first_problem_described_with_count_of_the_rest() -> None:
    f = facts([("AT13", "C", 1, "NR"), ("AT99", "C", 2, "NR"), ("AT13", "C99", 3, "NR"),
               ("AT130", "C", -4, "NR"), ("AT", "C", -4, "PC_GDP"), ("AT13", "C", 5, "NR")])
    problems = check_facts(f, REG)
    assert [(p.line, p.field) for p in problems] == [(3, "region"), (4, "industry"), (5, "value"), (7, "region")]
    with pytest.raises(ValidationError) as err:
        validate_facts(f, REG, "in.csv")
    # The negative PC_GDP value is no count: not a problem. The duplicate of line 2 is reported on line 7.
    assert str(err.value).startswith("in.csv:3: field 'region': unknown region code 'AT99' (3 further problem")


def test_duplicate_names_first_occurrence() -> None:
    f = facts([("AT13", "C", 1, "NR"), ("AT1", "C", 1, "NR"), ("AT13", "C", 2, "NR")])
    with pytest.raises(ValidationError, match="x.csv:4: .*first seen on line 2"):
        validate_facts(f, REG, "x.csv")


def test_registry_from_store_includes_change_table_codes(store: Store) -> None:
    from clusterobs.store import Batch

    changes = pd.DataFrame({"from_version": ["2013"], "to_version": ["2016"], "code_from": ["FR21"],
                            "code_to": ["FRF2"], "level": [2], "country": ["FR"], "change": ["recoded"],
                            "comment": [""]})
    regions = pd.DataFrame({"code": ["FRF2"], "version": ["2016"], "level": [2], "country": ["FR"],
                            "name": ["Champagne-Ardenne"], "parent": ["FRF"], "is_extra_regio": [False]})
    store.write(Batch("nuts", "test", "t", "c1", tables={"regions": regions, "region_changes": changes}))
    reg = Registry.from_store(store)
    assert reg.regions == {"FR21", "FRF2"} and reg.countries == {"FR"} and reg.nace == frozenset()
    assert Path(store.path).exists()
