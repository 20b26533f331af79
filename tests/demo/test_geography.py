"""Demoland's map: codes that cannot collide with real NUTS, nested hierarchy, valid disjoint polygons."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from clusterobs.demo.build import DemoWorld, stream_rng
from clusterobs.demo.geography import COUNTRY_CODES, build_geography, geometries_table, sizes
from clusterobs.store import Store
from refdata import shared_file


def test_codes_do_not_collide_with_real_nuts(world: DemoWorld, shared_data: Path) -> None:
    real = pd.read_csv(shared_file(shared_data, "regional/nuts2021_codes.csv"), dtype=str)
    real_codes = set(real["nuts_id"])
    real_countries = set(real["country_code"]) | {c[:2] for c in real_codes}
    ours = set(world.geo.regions["code"])
    assert not ours & real_codes
    assert not {c[:2] for c in ours} & real_countries
    assert "XK" not in COUNTRY_CODES  # Kosovo's code in EU usage


def test_land_does_not_touch_real_europe(world: DemoWorld, shared_data: Path) -> None:
    doc = json.loads(shared_file(shared_data, "regional/NUTS_RG_60M_2021_4326.geojson").read_text("utf-8"))
    europe = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in doc["features"]
                                if f["properties"]["LEVL_CODE"] == 0])
    land = shapely.union_all([world.geo.shapes[c] for c in world.geo.codes(0)])
    assert not land.intersects(europe)
    minx, miny, maxx, maxy = land.bounds
    assert -180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90


def test_hierarchy_sizes_and_parents(world: DemoWorld) -> None:
    r = world.geo.regions
    counts = r.groupby("level").size()
    assert counts[0] == 6 and counts[2] == 60
    assert sizes(1.0) == (6, 60) and sizes(30.0) == (33, 1800)
    by_code = r.set_index("code")
    for row in r.itertuples():
        if row.level == 0:
            assert pd.isna(row.parent) and row.country == row.code
        else:
            parent = by_code.loc[row.parent]
            assert parent["level"] == row.level - 1 and row.code.startswith(row.parent)
            assert parent["country"] == row.country
    nuts3_per_nuts2 = r[r["level"] == 3].groupby("parent").size()
    assert nuts3_per_nuts2.between(2, 4).all() and len(nuts3_per_nuts2) == 60
    assert r["name"].is_unique and (r["version"] == "demo").all() and not r["is_extra_regio"].any()


def _pairwise_overlap(geoms: list[shapely.Geometry]) -> np.ndarray:
    arr = np.array(geoms, dtype=object)
    a, b = shapely.STRtree(arr).query(arr, predicate="intersects")
    keep = a < b
    return np.asarray(shapely.area(shapely.intersection(arr[a[keep]], arr[b[keep]])))


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_polygons_valid_disjoint_and_tile_their_parent(world: DemoWorld, level: int) -> None:
    geo = world.geo
    geoms = [geo.shapes[c] for c in geo.codes(level)]
    assert all(shapely.is_valid(g) and g.area > 0 for g in geoms)
    assert _pairwise_overlap(geoms).max(initial=0.0) < 1e-9
    if level > 0:
        r = geo.regions[geo.regions["level"] == level]
        for parent, kids in r.groupby("parent")["code"]:
            union = shapely.union_all([geo.shapes[k] for k in kids])
            assert union.symmetric_difference(geo.shapes[parent]).area < 1e-6 * geo.shapes[parent].area


def test_stored_geometries_are_valid_and_nearly_disjoint(demo_store: Store) -> None:
    g = demo_store.query("SELECT code, level, geometry, simplified FROM geometries WHERE version = 'demo'")
    assert len(g) == len(demo_store.query("SELECT * FROM regions WHERE version = 'demo'"))
    for _level, part in g.groupby("level"):
        full = [shapely.from_geojson(s) for s in part["geometry"]]
        simple = [shapely.from_geojson(s) for s in part["simplified"]]
        assert all(shapely.is_valid(x) for x in full + simple)
        # coordinates are rounded to 6 decimals (~0.1 m): overlaps stay far below a square kilometre
        assert _pairwise_overlap(full).max(initial=0.0) < 1e-6
        assert sum(shapely.get_num_coordinates(simple)) <= sum(shapely.get_num_coordinates(full))


def test_same_seed_same_map_and_geojson() -> None:
    a = build_geography(stream_rng(5, "geography"), 0.5)
    b = build_geography(stream_rng(5, "geography"), 0.5)
    c = build_geography(stream_rng(6, "geography"), 0.5)
    pd.testing.assert_frame_equal(geometries_table(a), geometries_table(b))
    pd.testing.assert_frame_equal(a.regions, b.regions)
    assert not geometries_table(a).equals(geometries_table(c))
