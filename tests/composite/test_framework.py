"""Framework validation: each rule raises ValidationError naming the offending codes."""

from __future__ import annotations

import pandas as pd
import pytest

from clusterobs.composite.framework import Element, build_framework, check_data
from clusterobs.errors import ValidationError

pytestmark = pytest.mark.core


def small() -> list[Element]:
    return [Element("a", 1, "P"), Element("b", 1, "P", direction=-1), Element("c", 1, "Q"),
            Element("P", 2, "I"), Element("Q", 2, "I", weight=2), Element("I", 3)]


def test_hierarchy_lookups() -> None:
    fw = build_framework(small())
    assert fw.indicators == ["a", "b", "c"]
    assert fw.children("I") == ["P", "Q"]
    assert fw.leaves_under("I") == ["a", "b", "c"]
    assert fw.ancestor_at("b", 3) == "I" and fw.index_code == "I"
    assert fw.directions().to_dict() == {"a": 1.0, "b": -1.0, "c": 1.0}
    assert fw.with_weights({"P": 3}).weights()["P"] == 3.0


@pytest.mark.parametrize("elements,needle", [
    ([*small(), Element("a", 1, "Q")], "duplicate codes: a"),
    ([Element("a", 1, "X"), Element("I", 2)], "parent does not exist (orphans): a → X"),
    ([Element("a", 1, "P"), Element("P", 2, "Q"), Element("Q", 2, "P"), Element("I", 3)], "cycle"),
    ([Element("a", 1, "I", direction=2), Element("I", 2)], "direction must be 1 or -1 for: a"),
    ([Element("a", 1, "I"), Element("E", 2, "I"), Element("I", 3)], "aggregates without children: E"),
    ([Element("a", 1, "I"), Element("b", 1), Element("I", 2)], "exactly one element without parent"),
    ([Element("a", 1, "I", denominator="pop"), Element("I", 2)], "denominators not declared for: a (pop)"),
])
def test_validation_errors(elements: list[Element], needle: str) -> None:
    with pytest.raises(ValidationError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        build_framework(elements)


def test_check_data_names_offending_codes() -> None:
    fw = build_framework(small())
    ok = pd.DataFrame({"a": [1.0], "b": [2.0], "c": [3.0]}, index=["U1"])
    check_data(fw, ok)
    with pytest.raises(ValidationError, match="aggregate codes must not appear as data columns: P"):
        check_data(fw, ok.assign(P=1.0))
    with pytest.raises(ValidationError, match="missing from the data: c"):
        check_data(fw, ok.drop(columns="c"))
    with pytest.raises(ValidationError, match=r"non-numeric values in: b \(unit U2: 'x'\)"):
        check_data(fw, pd.DataFrame({"a": [1.0, 2], "b": ["1", "x"], "c": [1.0, 2]}, index=["U1", "U2"]))
    with pytest.raises(ValidationError, match="duplicate unit codes: U1"):
        check_data(fw, pd.concat([ok, ok]))
