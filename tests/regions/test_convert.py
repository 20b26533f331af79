"""Conversion between NUTS versions: a hand-made change table with hand-computed answers, properties, and
the real 2013→2016→2021 change tables (HR04, the Norwegian reform)."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterobs.errors import ConversionError, InputError
from clusterobs.regions.changes import Correspondence
from clusterobs.regions.convert import Rule, convert_facts
from refdata import shared_file


def _toy_changes() -> pd.DataFrame:
    def row(f: str | None, t: str | None, change: str, comment: str = "", step: tuple[str, str] = ("2016", "2021"),
            ) -> dict[str, object]:
        code = f or t or ""
        return {"from_version": step[0], "to_version": step[1], "code_from": f, "code_to": t,
                "level": len(code) - 2, "country": code[:2], "change": change, "comment": comment}

    old = ("2013", "2016")
    return pd.DataFrame([
        row("XX10", "XX12", "recoded", step=old), row("XX11", "XX11", "unchanged", step=old),
        row("XX13", "XX13", "unchanged", step=old), row("XX14", "XX14", "unchanged", step=old),
        row("XX", "XX", "unchanged"), row("XX1", "XX1", "unchanged"), row("XX2", "XX2", "unchanged"),
        row("XX11", "XX11", "renamed"), row("XX12", "XX15", "recoded"),
        row("XX13", None, "discontinued", "split into new XX16 and XX17"), row(None, "XX16", "new"),
        row(None, "XX17", "new"), row("XX14", "XX18", "boundary_change"),
        row("XX21", None, "discontinued", "now part of XX23"), row("XX22", None, "discontinued", "now part of XX23"),
        row(None, "XX23", "new", "merge of ex-XX21 and XX22"),
    ])


def _facts(regions: list[str], values: list[float], flags: list[str] | None = None, year: int = 2019) -> pd.DataFrame:
    return pd.DataFrame({"dataset": "d", "region": regions, "industry": "", "indicator": "emp", "year": year,
                         "value": values, "unit": "PER", "flag": flags or [""] * len(regions)})


@pytest.mark.core
def test_renames_and_recodes_are_carried_over() -> None:
    out, rep = convert_facts(_facts(["XX1", "XX11", "XX12"], [1.0, 2.0, 3.0]), _toy_changes(), "2016", "2021")
    assert dict(zip(out["region"], out["value"], strict=True)) == {"XX1": 1.0, "XX11": 2.0, "XX15": 3.0}
    assert rep.entry("XX12").action == "recoded" and rep.entry("XX12").target == "XX15"
    assert rep.entry("XX11").change == "renamed" and rep.entry("XX11").action == "kept"
    assert rep.unresolved == []


@pytest.mark.core
def test_split_without_rule_raises_naming_the_code() -> None:
    with pytest.raises(ConversionError, match=r"XX13 \(discontinued, successors: XX16 XX17\)") as err:
        convert_facts(_facts(["XX11", "XX13"], [1.0, 2.0]), _toy_changes(), "2016", "2021")
    report = err.value.report  # type: ignore[attr-defined]
    assert [e.code for e in report.unresolved] == ["XX13"]


@pytest.mark.core
def test_rules_drop_carry_and_target() -> None:
    facts = _facts(["XX13", "XX14"], [2.0, 4.0])
    out, rep = convert_facts(facts, _toy_changes(), "2016", "2021", rules={"XX13": "drop", "XX14": "carry"})
    assert out["region"].tolist() == ["XX18"] and out["value"].tolist() == [4.0]
    assert rep.entry("XX13").action == "dropped" and rep.entry("XX14").action == "carried"
    with pytest.raises(ConversionError, match="needs a target"):
        convert_facts(facts, _toy_changes(), "2016", "2021", rules={"XX13": "carry", "XX14": "carry"})
    out, _ = convert_facts(facts, _toy_changes(), "2016", "2021", rules={"XX13": "carry:XX16", "XX14": "drop"})
    assert out["region"].tolist() == ["XX16"]
    with pytest.raises(ConversionError, match="not a NUTS 2021 code"):
        convert_facts(facts, _toy_changes(), "2016", "2021", rules={"XX13": "carry:XX99", "XX14": "drop"})


@pytest.mark.core
def test_default_rule_applies_only_to_changed_territory() -> None:
    out, rep = convert_facts(_facts(["XX12", "XX13", "XX14"], [1.0, 2.0, 3.0]), _toy_changes(), "2016", "2021",
                             default_rule="drop")
    assert out["region"].tolist() == ["XX15"]
    assert [e.action for e in rep.entries] == ["recoded", "dropped", "dropped"]


@pytest.mark.core
def test_merge_sums_additive_values_and_keeps_missing_missing() -> None:
    facts = pd.concat([_facts(["XX21", "XX22"], [10.0, 5.0], ["p", ""], 2020),
                       _facts(["XX21", "XX22"], [10.0, float("nan")], year=2019)])
    out, rep = convert_facts(facts, _toy_changes(), "2016", "2021", rules={"XX21": "sum", "XX22": "sum"})
    got = out.set_index("year")
    assert got.loc[2020, "region"] == "XX23" and got.loc[2020, "value"] == 15.0  # 10 + 5 by hand
    assert got.loc[2020, "flag"] == "p"
    assert bool(got["value"].isna()[2019])  # a missing part makes the sum missing, never a partial total
    assert rep.entry("XX21").target == "XX23"  # suggested successor from "now part of XX23"


@pytest.mark.core
def test_collision_without_sum_is_an_error() -> None:
    with pytest.raises(ConversionError, match="XX21 XX22 would all become XX23"):
        convert_facts(_facts(["XX21", "XX22"], [1.0, 2.0]), _toy_changes(), "2016", "2021", default_rule="carry")


@pytest.mark.core
def test_chain_2013_to_2021_and_direction() -> None:
    out, rep = convert_facts(_facts(["XX10"], [7.0]), _toy_changes(), "2013", "2021")
    assert out["region"].tolist() == ["XX15"] and out["value"].tolist() == [7.0]
    assert [(e.from_version, e.code, e.target) for e in rep.entries] == [("2013", "XX10", "XX12"),
                                                                        ("2016", "XX12", "XX15")]
    with pytest.raises(InputError, match="backwards"):
        convert_facts(_facts(["XX15"], [1.0]), _toy_changes(), "2021", "2016")
    with pytest.raises(InputError, match="no NUTS change table from 2013 to 2016"):
        convert_facts(_facts(["XX10"], [1.0]), _toy_changes().query("from_version == '2016'"), "2013", "2016")


@pytest.mark.core
def test_unknown_codes_need_a_rule_and_rule_parsing() -> None:
    with pytest.raises(ConversionError, match="EU27_2020 \\(unknown"):
        convert_facts(_facts(["EU27_2020"], [1.0]), _toy_changes(), "2016", "2021")
    out, _ = convert_facts(_facts(["EU27_2020"], [1.0]), _toy_changes(), "2016", "2021",
                           rules={"EU27_2020": "carry"})
    assert out["region"].tolist() == ["EU27_2020"]
    assert Rule.parse("sum:XX23") == Rule("sum", "XX23")
    for bad in ("split", "drop:XX1"):
        with pytest.raises(InputError):
            Rule.parse(bad)


@pytest.mark.core
@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=7, max_size=7))
def test_totals_are_preserved_except_what_is_dropped(values: list[float]) -> None:
    regions = ["XX11", "XX12", "XX13", "XX14", "XX21", "XX22", "XX1"]
    out, _ = convert_facts(_facts(regions, values), _toy_changes(), "2016", "2021",
                           rules={"XX13": "drop", "XX14": "carry", "XX21": "sum", "XX22": "sum"})
    assert out["value"].sum() == pytest.approx(sum(values) - values[2], rel=1e-12, abs=1e-9)
    assert len(out) == 5


# --- the real change tables --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_changes(shared_data: Path) -> pd.DataFrame:
    from clusterobs.ingest.nuts import read_nuts_changes

    frames = [read_nuts_changes(shared_file(shared_data, f"regional/{n}"))
              for n in ("nuts2013_2016_changes.csv", "nuts2016_2021_changes.csv")]
    return pd.concat(frames, ignore_index=True)


@pytest.mark.realdata
def test_real_hr04_split_needs_a_rule(real_changes: pd.DataFrame) -> None:
    # Table row: HR04,,2,HR,Kontinentalna Hrvatska,5,"discontinued; split into new HR02, HR05 and HR06"
    facts = _facts(["HR03", "HR04"], [1.0, 2.0])
    with pytest.raises(ConversionError, match=r"HR04 \(discontinued, successors: HR02 HR05 HR06\)"):
        convert_facts(facts, real_changes, "2016", "2021")
    with pytest.raises(ConversionError, match="needs a target"):
        convert_facts(facts, real_changes, "2016", "2021", rules={"HR04": "carry"})
    out, rep = convert_facts(facts, real_changes, "2016", "2021", rules={"HR04": "drop"})
    assert out["region"].tolist() == ["HR03"] and rep.entry("HR03").action == "kept"
    # Its NUTS3 counties were only recoded ("recoded (ressignment)"): they carry over with no rule.
    out, _ = convert_facts(_facts(["HR041", "HR046", "HR047"], [1.0, 2.0, 3.0]), real_changes, "2016", "2021")
    assert out["region"].tolist() == ["HR050", "HR061", "HR021"]


@pytest.mark.realdata
def test_real_norwegian_reform(real_changes: pd.DataFrame) -> None:
    corr = Correspondence(real_changes, "2016", "2021")
    fates = {c: corr.fate(c) for c in ("NO01", "NO02", "NO03", "NO04", "NO05")}
    # What the 2016→2021 table says at NUTS2: NO01, NO03, NO04 discontinued (change 5), NO05 → NO0A
    # (change 3, "recoded (boundary change)"), NO02 renamed (change 1); NO08, NO09, NO0B are new.
    assert {c: f.change for c, f in fates.items() if f} == {
        "NO01": "discontinued", "NO02": "renamed", "NO03": "discontinued", "NO04": "discontinued",
        "NO05": "boundary_change"}
    assert fates["NO05"] is not None and fates["NO05"].targets == ("NO0A",)
    # Successors derived from where the NUTS3 children went (NO011→NO081, NO012→NO082; NO031/2→NO082,
    # NO033/4→NO091; NO041/2→NO092, NO043→NO0A1).
    assert {c: f.successors for c, f in fates.items() if f and f.change == "discontinued"} == {
        "NO01": ("NO08",), "NO03": ("NO08", "NO09"), "NO04": ("NO09", "NO0A")}
    facts = _facts(["NO01", "NO02", "NO03", "NO04", "NO05", "NO06"], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    with pytest.raises(ConversionError, match="4 region code") as err:
        convert_facts(facts, real_changes, "2016", "2021")
    assert [e.code for e in err.value.report.unresolved] == ["NO01", "NO03", "NO04", "NO05"]  # type: ignore[attr-defined]
    out, rep = convert_facts(facts, real_changes, "2016", "2021",
                             rules={"NO01": "carry", "NO03": "drop", "NO04": "drop", "NO05": "carry"})
    assert dict(zip(out["region"], out["value"], strict=True)) == {"NO08": 1.0, "NO02": 2.0, "NO0A": 5.0,
                                                                    "NO06": 6.0}
    # NUTS3 pure recodes carry over; the Innlandet merge (NO021 + NO022 → NO020) sums with a rule.
    out, _ = convert_facts(_facts(["NO011", "NO043", "NO053", "NO021", "NO022"], [1.0, 2.0, 3.0, 4.0, 5.0]),
                           real_changes, "2016", "2021", rules={"NO021": "sum", "NO022": "sum"})
    assert dict(zip(out["region"], out["value"], strict=True)) == {"NO081": 1.0, "NO0A1": 2.0, "NO0A3": 3.0,
                                                                    "NO020": 9.0}


@pytest.mark.realdata
def test_real_chain_2013_to_2021(real_changes: pd.DataFrame) -> None:
    # FR24 (2013) → FRB0 (2016, "recoded and relabelled") → FRB0 (2021); UKN01 → UKN06 is a boundary change.
    out, rep = convert_facts(_facts(["FR24", "AT13"], [1.0, 2.0]), real_changes, "2013", "2021")
    assert out["region"].tolist() == ["FRB0", "AT13"]  # row order is kept
    assert [(e.from_version, e.code, e.action) for e in rep.entries] == [
        ("2013", "AT13", "kept"), ("2013", "FR24", "recoded"), ("2016", "AT13", "kept"), ("2016", "FRB0", "kept")]
    with pytest.raises(ConversionError, match="UKN01 \\(boundary_change"):
        convert_facts(_facts(["UKN01"], [1.0]), real_changes, "2013", "2021")
