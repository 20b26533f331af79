"""Simplification per level and GeoJSON assembly, checked against shapely's own measures and by hand."""

import json

import pytest
from shapely.geometry import shape

from clusterobs.regions.geometry import SIMPLIFY_TOLERANCE, feature_collection, geometry_json, simplify_geometry

pytestmark = pytest.mark.core

# A square with a 0.001° notch on one side: finer than the level-0 tolerance, coarser than the level-3 one.
NOTCHED = {"type": "Polygon", "coordinates": [[[0, 0], [0.5, 0], [0.5, 0.003], [0.503, 0.003], [0.503, 0],
                                               [1, 0], [1, 1], [0, 1], [0, 0]]]}


def test_tolerance_falls_with_level() -> None:
    assert [SIMPLIFY_TOLERANCE[lv] for lv in range(4)] == sorted(SIMPLIFY_TOLERANCE.values(), reverse=True)


def test_coarse_levels_drop_the_notch_fine_levels_keep_it() -> None:
    coarse = simplify_geometry(NOTCHED, 0)
    fine = simplify_geometry(NOTCHED, 3)
    assert len(coarse["coordinates"][0]) == 5  # the unit square, closed
    assert len(fine["coordinates"][0]) == 9
    assert shape(coarse).is_valid and shape(fine).is_valid
    assert shape(coarse).area == pytest.approx(1.0)  # 1 × 1 square, by hand


def test_coordinates_are_rounded() -> None:
    g = {"type": "Polygon", "coordinates": [[[0.123456, 0.0], [1.0, 0.0], [1.0, 1.0], [0.123456, 0.0]]]}
    assert simplify_geometry(g, 3)["coordinates"][0][0] == [0.1235, 0.0]


def test_tiny_island_is_never_lost() -> None:
    tiny = {"type": "Polygon", "coordinates": [[[0, 0], [0.0001, 0], [0.0001, 0.0001], [0, 0]]]}
    assert not shape(simplify_geometry(tiny, 0)).is_empty


def test_feature_collection_carries_values_and_nulls() -> None:
    rows = [{"code": "AT13", "name": "Wien", "level": 2, "simplified": geometry_json(NOTCHED), "lq": 1.5},
            {"code": "AT12", "name": "Niederösterreich", "level": 2, "simplified": NOTCHED, "lq": float("nan")}]
    fc = feature_collection(rows, value_columns=["lq"])
    assert fc["type"] == "FeatureCollection" and [f["id"] for f in fc["features"]] == ["AT13", "AT12"]
    assert fc["features"][0]["properties"] == {"code": "AT13", "name": "Wien", "level": 2, "lq": 1.5}
    assert fc["features"][1]["properties"]["lq"] is None  # missing stays missing, never 0
    assert fc["features"][0]["geometry"] == NOTCHED
    json.dumps(fc, allow_nan=False)  # strict JSON: no NaN tokens
