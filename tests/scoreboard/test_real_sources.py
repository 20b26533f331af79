"""The real-source mapping: facts in, facts out, checked on small frames computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from clusterobs.errors import ValidationError
from clusterobs.scoreboard import load_framework
from clusterobs.scoreboard.real_sources import (
    POPULATION,
    derive_facts,
    derive_target,
    load_real_sources,
    provided,
    real_sources_from_dict,
)


def _f(dataset: str, indicator: str, region: str, year: int, value: float, unit: str = "U", flag: str = "",
       industry: str = "") -> dict[str, object]:
    return {"dataset": dataset, "region": region, "industry": industry, "indicator": indicator, "year": year,
            "value": value, "unit": unit, "flag": flag}


SPEC = {
    "version": "t1",
    "population": {"candidates": [{"dataset": "gdp", "indicator": "POP", "scale": 1000, "unit": "persons"},
                                  {"dataset": "demo", "indicator": "P"}]},
    "indicators": {
        "ind14": {"fit": "direct",
                  "candidates": [{"dataset": "a", "indicator": "x"}, {"dataset": "b", "indicator": "y"}]},
        "ind32": {"candidates": [{"dataset": "h", "indicator": "kis", "relative_to": "EU28", "unit": "LQ"}]},
        "ind36": {"fit": "proxy", "note": "per inhabitant instead of per student",
                  "candidates": [{"dataset": "e", "indicator": "in", "divide_by": {"dataset": "demo", "indicator": "P"},
                                  "scale": 100000, "unit": "per 100,000"}]},
    },
}


@pytest.fixture
def spec():  # type: ignore[no-untyped-def]
    return real_sources_from_dict(SPEC, load_framework())


def test_first_candidate_with_a_value_wins_per_region_and_year(spec) -> None:  # type: ignore[no-untyped-def]
    facts = pd.DataFrame([
        _f("a", "x", "AT13", 2018, 30.0, "PC", "p"), _f("b", "y", "AT13", 2018, 99.0),  # a wins
        _f("a", "x", "AT13", 2019, math.nan), _f("b", "y", "AT13", 2019, 31.0, "PC"),   # a missing → b
        _f("b", "y", "AT12", 2019, 20.0, "PC"),                                          # only b
        _f("a", "x", "AT12", 2019, 25.0, "PC", industry="C"),                            # by industry: ignored
    ])
    out = derive_target(facts, spec.indicators["ind14"])
    got = {(r.region, r.year): (r.value, r.unit, r.flag) for r in out.itertuples()}
    assert got == {("AT13", 2018): (30.0, "PC", "p"), ("AT13", 2019): (31.0, "PC", ""),
                   ("AT12", 2019): (20.0, "PC", "")}
    assert set(out["dataset"]) == {"res_real"} and set(out["indicator"]) == {"ind14"}


def test_location_quotient_divides_by_the_reference_region_of_the_same_year(spec) -> None:  # type: ignore[no-untyped-def]
    facts = pd.DataFrame([_f("h", "kis", "EU28", 2018, 40.0), _f("h", "kis", "SE11", 2018, 60.0),
                          _f("h", "kis", "SE11", 2017, 58.0), _f("h", "kis", "EU28", 2016, 39.0)])
    out = derive_target(facts, spec.indicators["ind32"]).set_index(["region", "year"])["value"]
    assert out[("SE11", 2018)] == pytest.approx(60.0 / 40.0)  # 1.5
    assert out[("EU28", 2018)] == 1.0
    assert ("SE11", 2017) not in out.index  # no EU value in 2017: no quotient (not 0, not inf)


def test_rate_divides_by_the_same_region_and_year_and_skips_zero_or_missing_denominators(spec) -> None:  # type: ignore[no-untyped-def]
    facts = pd.DataFrame([_f("e", "in", "ES30", 2012, 1500.0), _f("demo", "P", "ES30", 2012, 6_000_000.0),
                          _f("e", "in", "ES30", 2013, 1600.0),                            # no population
                          _f("e", "in", "ES63", 2012, 10.0), _f("demo", "P", "ES63", 2012, 0.0)])
    out = derive_target(facts, spec.indicators["ind36"])
    assert out[["region", "year"]].values.tolist() == [["ES30", 2012]]
    assert out["value"].iloc[0] == pytest.approx(1500 / 6e6 * 1e5)  # 25 per 100,000
    assert out["unit"].iloc[0] == "per 100,000"


def test_population_is_scaled_and_falls_back(spec) -> None:  # type: ignore[no-untyped-def]
    facts = pd.DataFrame([_f("gdp", "POP", "AT13", 2019, 1911.2, "THS"), _f("demo", "P", "AT13", 2019, 1.0),
                          _f("demo", "P", "AT12", 2019, 1_684_287.0, "NR")])
    out = derive_facts(facts, spec)
    pop = out[out["indicator"] == POPULATION].set_index("region")
    assert pop.loc["AT13", "value"] == pytest.approx(1_911_200.0)
    assert pop.loc["AT12", "value"] == 1_684_287.0
    assert pop.loc["AT13", "unit"] == "persons"  # the candidate's unit
    assert pop.loc["AT12", "unit"] == "NR"  # no unit in the candidate: the source fact's


def test_provided_and_lacking_follow_the_framework_order(spec) -> None:  # type: ignore[no-untyped-def]
    fw = load_framework()
    facts = pd.DataFrame([_f("b", "y", "AT13", 2019, 31.0), _f("gdp", "POP", "AT13", 2019, 1.0)])
    have, lacking = provided(spec, derive_facts(facts, spec), fw)
    assert have == ["ind14"]
    assert len(lacking) == len(fw.indicators) - 1 and "ind32" in lacking and lacking[0] == "ind1"


def test_no_source_facts_give_no_facts(spec) -> None:  # type: ignore[no-untyped-def]
    empty = pd.DataFrame([_f("zz", "q", "AT13", 2019, 1.0)])
    assert derive_facts(empty, spec).empty


@pytest.mark.parametrize(("change", "message"), [
    ({"indicators": {"c4": SPEC["indicators"]["ind14"]}}, "not framework indicators: c4"),
    ({"indicators": {"ind99": SPEC["indicators"]["ind14"]}}, "ind99"),
    ({"indicators": {"ind36": {"fit": "proxy", "candidates": [{"dataset": "e", "indicator": "in"}]}}},
     "proxy needs a note"),
    ({"indicators": {"ind14": {"candidates": []}}}, "ind14: no candidates"),
    ({"indicators": {"ind14": {"candidates": [{"dataset": "a"}]}}}, "needs 'dataset' and 'indicator'"),
    ({"indicators": {"ind14": {"candidates": [{"dataset": "a", "indicator": "x", "divde_by": 1}]}}},
     "unknown key(s) divde_by"),
    ({"indicators": {"ind14": {"fit": "maybe", "candidates": [{"dataset": "a", "indicator": "x"}]}}}, "fit 'maybe'"),
])
def test_bad_mapping_files_name_the_offending_entry(change: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        real_sources_from_dict({**SPEC, **change}, load_framework())


def test_packaged_mapping_is_valid_and_says_which_are_proxies() -> None:
    fw = load_framework()
    spec = load_real_sources(framework=fw)
    assert spec.version
    assert set(spec.indicators) <= set(fw.indicators)
    assert [c for c, t in spec.indicators.items() if t.fit == "proxy"] == ["ind36"]
    assert all(t.note for t in spec.indicators.values())
    # each mapped indicator's first choice is the framework's own Eurostat dataset where the framework names one
    # and the source file carries it under that code
    for code in ("ind14", "ind15", "ind16", "ind17", "ind21", "ind26", "ind31", "ind32", "ind46", "ind50"):
        assert spec.indicators[code].candidates[0].source.dataset == fw.element(code).dataset, code
