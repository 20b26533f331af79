"""The RES framework file against the published structure (issue 4 quotes it), plus validation rules."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clusterobs.errors import ValidationError
from clusterobs.scoreboard.framework import (
    Element,
    Framework,
    framework_from_dict,
    framework_from_imeta,
)

pytestmark = pytest.mark.core

# The published numbering by sub-dimension (European Cluster Observatory scorecard, as quoted in issue 4).
PUBLISHED_NUMBERING = {
    "c1": range(1, 5), "c2": range(5, 10), "c3": range(10, 13), "c4": range(14, 17), "c5": range(17, 20),
    "c6": range(20, 24), "c7": range(24, 28), "c8": range(28, 31), "c9": range(31, 34), "c10": range(34, 39),
    "c11": range(39, 43), "c12": (43, 45), "c13": (46, 47), "c14": (48, 49), "c15": range(50, 54),
    "c16": range(54, 57), "c17": range(57, 61),
}
PUBLISHED_PARENTS = {
    "p1": ["c1", "c2", "c3"], "p2": ["c4", "c5", "c6"], "p3": ["c7", "c8", "c9", "c10"],
    "p4": ["c11", "c12", "c13", "c14"], "p5": ["c15", "c16"], "p6": ["c17"],
}
PUBLISHED_DIMENSIONS = {
    "p1": "Entrepreneurial conditions", "p2": "Knowledge basis and skills",
    "p3": "Collaboration and internationalisation", "p4": "Access to finance", "p5": "Demand conditions",
    "p6": "Quality of governance",
}
PUBLISHED_NAMES = {
    "ind9": "trust in people", "ind30": "number of co-working spaces",
    "ind32": "specialisation in knowledge-intensive services", "ind34": "fp7 leverage per capita",
    "ind57": "quality of the regulatory environment",
}


def test_exactly_58_indicators_numbered_as_published(res_framework: Framework) -> None:
    inds = res_framework.indicators
    assert len(inds) == 58
    assert "ind13" not in inds and "ind44" not in inds
    for sub, numbers in PUBLISHED_NUMBERING.items():
        assert res_framework.children(sub) == [f"ind{n}" for n in numbers], sub
    assert sorted(int(c[3:]) for c in inds) == [n for n in range(1, 61) if n not in (13, 44)]


def test_dimensions_and_subdimensions_as_published(res_framework: Framework) -> None:
    assert res_framework.index_code == "RES"
    assert res_framework.children("RES") == list(PUBLISHED_PARENTS)
    for dim, subs in PUBLISHED_PARENTS.items():
        assert res_framework.children(dim) == subs
        assert res_framework.element(dim).name == PUBLISHED_DIMENSIONS[dim]
    assert len(res_framework.codes(2)) == 17


def test_published_indicator_names(res_framework: Framework) -> None:
    for code, name in PUBLISHED_NAMES.items():
        assert res_framework.element(code).name.lower() == name


def test_subdimension_names_follow_the_published_descriptions(res_framework: Framework) -> None:
    names = {c: res_framework.element(c).name.lower() for c in res_framework.codes(2)}
    assert names["c1"] == "regulatory framework for starting a business"
    assert names["c2"] == "entrepreneurial culture"
    assert names["c3"] == "attractiveness and quality of infrastructure"
    assert names["c4"] == "human resources"
    assert names["c5"] == "vocational training and lifelong learning"
    assert names["c6"] == "technical, interdisciplinary and e-skills"
    assert [names[c] for c in ("c7", "c8", "c9", "c10")] == [
        "system linkages", "cross-sectoral linkages", "regional specialisation", "openness"]
    assert [names[c] for c in ("c11", "c12", "c13", "c14")] == [
        "investors' attitudes and private financing", "legal framework", "public financing",
        "use of eu structural funds"]
    assert "market dynamics" in names["c15"] and "buyer sophistication" in names["c15"]
    assert "public procurement" in names["c16"]


def test_every_indicator_has_unit_source_direction_and_eurostat_codes(res_framework: Framework) -> None:
    for code in res_framework.indicators:
        el = res_framework.element(code)
        assert el.unit and el.source and el.direction in (1, -1) and el.parent in res_framework
        if el.source_type == "eurostat":
            assert re.fullmatch(r"[a-z0-9_]+", el.dataset), code
    datasets = {res_framework.element(c).dataset for c in res_framework.indicators}
    for ds in ("edat_lfse_04", "trng_lfse_04", "rd_e_gerdreg", "hrst_st_rcat", "htec_emp_reg2", "nama_10r_2gdp"):
        assert ds in datasets
    assert res_framework.element("ind9").is_survey
    assert any(res_framework.element(c).source_type == "stakeholder_survey" for c in res_framework.indicators)


def test_version_and_sources(res_framework: Framework) -> None:
    assert res_framework.version
    assert any("Navarro" in s for s in res_framework.sources)
    assert any("Cluster Observatory" in s for s in res_framework.sources)


def test_imeta_layout(res_framework: Framework) -> None:
    meta = res_framework.imeta()
    assert list(meta.columns[:7]) == ["Level", "iCode", "iName", "Direction", "Weight", "Parent", "Type"]
    assert meta.groupby("Level").size().to_dict() == {1: 58, 2: 17, 3: 6, 4: 1}
    assert meta.loc[meta["iCode"] == "RES", "Parent"].isna().all()
    parents = set(meta["Parent"].dropna())
    assert parents <= set(meta["iCode"])
    assert (meta.loc[meta["Level"] == 1, "Type"] == "Indicator").all()
    assert (meta.loc[meta["Level"] > 1, "Type"] == "Aggregate").all()


def test_imeta_round_trip(res_framework: Framework) -> None:
    back = framework_from_imeta(res_framework.imeta())
    assert [(e.code, e.level, e.parent, e.direction, e.weight) for e in back.elements] == [
        (e.code, e.level, e.parent, e.direction, e.weight) for e in res_framework.elements
    ]


def test_tree_order_is_depth_first(toy_framework: Framework) -> None:
    assert toy_framework.tree_order() == ["T", "p1", "c1", "a", "b", "c2", "d", "p2", "c3", "e"]
    assert toy_framework.indicators_under("p1") == ["a", "b", "d"]
    assert toy_framework.ancestor("b", 3) == "p1"
    assert toy_framework.ancestor("T", 3) is None


def test_without_drops_empty_aggregates(toy_framework: Framework) -> None:
    reduced = toy_framework.without(["d"])
    assert "c2" not in reduced and "p1" in reduced
    reduced2 = toy_framework.without(["e"])
    assert "c3" not in reduced2 and "p2" not in reduced2
    with pytest.raises(ValidationError, match="c1"):
        toy_framework.without(["c1"])


def _els(*rows: tuple[str, int, str | None]) -> tuple[Element, ...]:
    return tuple(Element(code, code, level, parent) for code, level, parent in rows)


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ((("a", 1, "I"), ("a", 1, "I"), ("I", 2, None)), "duplicate element codes: a"),
        ((("a", 1, "X"), ("I", 2, None)), "parents missing or unknown for: a"),
        ((("a", 1, "I"), ("I", 2, None), ("J", 2, None)), "exactly one index, found: I, J"),
        ((("a", 1, "I"), ("g", 2, "I"), ("I", 3, None)), "one level above its child for: a"),
        ((("a", 1, "g"), ("g", 2, "I"), ("h", 2, "I"), ("I", 3, None)), "aggregates without children: h"),
        ((("1a", 1, "I"), ("I", 2, None)), "1a"),
    ],
)
def test_validation_names_the_offending_codes(rows: tuple[tuple[str, int, str | None], ...], needle: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(needle)):
        Framework(version="v", title="t", elements=_els(*rows))


def test_bad_direction_and_missing_fields(toy_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(toy_doc)
    doc["dimensions"][0]["sub_dimensions"][0]["indicators"][0]["direction"] = 2
    with pytest.raises(ValidationError, match="indicator 'a': direction"):
        framework_from_dict(doc)
    doc = copy.deepcopy(toy_doc)
    del doc["dimensions"][0]["sub_dimensions"][0]["indicators"][0]["unit"]
    with pytest.raises(ValidationError, match="missing 'unit'"):
        framework_from_dict(doc)
    doc = copy.deepcopy(toy_doc)
    doc["dimensions"][0]["sub_dimensions"][0]["indicators"][0]["source_type"] = "rumour"
    with pytest.raises(ValidationError, match="unknown source_type for: a"):
        framework_from_dict(doc)


@pytest.mark.realdata
def test_reads_coinr_asem_imeta(shared_data: Path) -> None:
    path = shared_data / "composite/coinr_asem/input_ASEM_iMeta.csv"
    if not path.exists():
        pytest.skip(f"reference file {path} is absent")
    meta = pd.read_csv(path)
    fw = framework_from_imeta(meta)
    assert len(fw.indicators) == 49
    assert fw.index_code == "Index"
    assert fw.children("Index") == ["Conn", "Sust"]
