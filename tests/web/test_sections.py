"""The section registry: order, and sections that have no data are skipped."""

from __future__ import annotations

from clusterobs.services import Observatory
from clusterobs.web.sections import Section, build_sections


def test_sections_in_order_and_skipped_without_data() -> None:
    registry = {
        "b": Section("b", "B", "b.html", 20, lambda obs, s: {"n": 2}),
        "a": Section("a", "A", "a.html", 10, lambda obs, s: {"n": 1}),
        "none": Section("none", "None", "n.html", 5, lambda obs, s: None),
    }
    built = build_sections(registry, Observatory.__new__(Observatory), object())
    assert [(r.section.key, r.data["n"]) for r in built] == [("a", 1), ("b", 2)]
