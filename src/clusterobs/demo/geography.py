"""Demoland's map: invented countries, NUTS1/2/3-like regions and polygons that tile a fictional land mass.

The land mass is a wobbly blob (a sum of random sines around a circle) with a few offshore islands, placed in
the North Atlantic so it can never be mistaken for a real European region. It is cut top-down: countries are
Voronoi cells of random seed points clipped to the land, each country is cut the same way into NUTS1 regions,
each NUTS1 into NUTS2, each NUTS2 into NUTS3. Cutting top-down makes every level nest exactly and lets the
children of a region tile it without gaps or overlaps. Two Lloyd relaxation steps make the cells look like
regions rather than shards.

Codes use ISO 3166 user-assigned country codes that Eurostat does not use (XA–XZ except XK, then QM–QZ), so
they cannot collide with any real NUTS code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon
from shapely.geometry.base import BaseGeometry

from clusterobs.demo.names import NameMaker

VERSION = "demo"

#: Country codes no real NUTS code starts with (XK is Kosovo in EU usage, so it is left out).
COUNTRY_CODES: tuple[str, ...] = tuple(f"X{c}" for c in "ABCDEFGHIJLMNOPQRSTUVWXYZ") + tuple(
    f"Q{c}" for c in "MNOPQRSTUVWXYZ"
)
_CHILD_CHARS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Where the land mass sits (degrees lon, lat): mid North Atlantic, far from every real NUTS region.
CENTRE = (-41.0, 47.0)
#: Decimal places of the coastline and of the stored full geometry (about 0.1 m: neighbours stay disjoint).
PRECISION = 6
#: Decimal places of the simplified geometry served to maps (about 10 m).
SIMPLIFIED_PRECISION = 4


@dataclass
class Geography:
    """Regions of every level with their polygons; ``regions`` follows the store's ``regions`` table."""

    regions: pd.DataFrame
    shapes: dict[str, BaseGeometry] = field(repr=False)

    def codes(self, level: int) -> list[str]:
        return [str(c) for c in self.regions.loc[self.regions["level"] == level, "code"]]


def sizes(scale: float) -> tuple[int, int]:
    """Number of countries and NUTS2 regions for a scale (scale 1: 6 and 60; scale 30: 33 and 1,800)."""
    n_countries = min(len(COUNTRY_CODES), max(2, round(6 * scale**0.5)))
    n_nuts2 = max(n_countries, round(60 * scale))
    return n_countries, n_nuts2


def land_mass(rng: np.random.Generator, scale: float = 1.0) -> BaseGeometry:
    """A continent-like blob plus a few islands, sized to the scale (scale 1: about 16° × 11°)."""
    half_lon = 8.0 * scale**0.5
    half_lat = 5.5 * min(scale**0.5, 3.6)
    theta = np.linspace(0.0, 2.0 * np.pi, 721)[:-1]
    radius = np.ones_like(theta)
    for k in range(2, 40):
        radius += rng.normal(0.0, 0.22) / k**1.15 * np.sin(k * theta + rng.uniform(0, 2 * np.pi))
    radius = np.clip(radius, 0.35, None)
    x = CENTRE[0] + half_lon * radius * np.cos(theta)
    y = CENTRE[1] + half_lat * radius * np.sin(theta)
    parts: list[BaseGeometry] = [Polygon(np.column_stack([x, y]))]
    for _ in range(int(rng.integers(2, 5))):
        angle = rng.uniform(0, 2 * np.pi)
        dist = rng.uniform(1.08, 1.25)
        cx = CENTRE[0] + half_lon * dist * np.cos(angle)
        cy = CENTRE[1] + half_lat * dist * np.sin(angle)
        r = rng.uniform(0.04, 0.1) * half_lat
        t = np.linspace(0.0, 2.0 * np.pi, 41)[:-1]
        wob = 1 + 0.25 * np.sin(3 * t + rng.uniform(0, 6.3))
        parts.append(Polygon(np.column_stack([cx + 1.4 * r * wob * np.cos(t), cy + r * wob * np.sin(t)])))
    # round the coastline, but keep a floating precision model: a fixed one would snap every later cut to
    # the grid and bend shared edges differently in neighbouring regions (slivers of overlap)
    parts = [shapely.transform(p, lambda xy: np.round(xy, PRECISION)) for p in parts]
    return shapely.make_valid(shapely.union_all(parts))


def points_inside(geom: BaseGeometry, n: int, rng: np.random.Generator) -> np.ndarray:
    minx, miny, maxx, maxy = geom.bounds
    found: list[np.ndarray] = []
    have = 0
    while have < n:
        cand = np.column_stack([rng.uniform(minx, maxx, 4 * n + 16), rng.uniform(miny, maxy, 4 * n + 16)])
        cand = cand[shapely.contains_xy(geom, cand[:, 0], cand[:, 1])]
        found.append(cand)
        have += len(cand)
    return np.concatenate(found)[:n]


def partition(geom: BaseGeometry, n: int, rng: np.random.Generator, *, relax: int = 2) -> list[BaseGeometry]:
    """Cut a polygon into ``n`` pieces: Voronoi cells of random interior points, clipped, Lloyd-relaxed."""
    if n <= 1:
        return [geom]
    pts = points_inside(geom, n, rng)
    envelope = shapely.buffer(shapely.envelope(geom), 1.0)
    cells: list[BaseGeometry] = []
    for step in range(relax + 1):
        vor = shapely.voronoi_polygons(MultiPoint(pts), extend_to=envelope, ordered=True)
        raw = list(shapely.get_parts(vor))
        cells = [shapely.intersection(geom, c) for c in raw]
        if step < relax:
            cent = shapely.centroid(cells)
            xy = shapely.get_coordinates(cent)
            inside = shapely.contains_xy(geom, xy[:, 0], xy[:, 1])
            pts = np.where(inside[:, None], xy, pts)
    return cells


def _split(total: int, weights: np.ndarray, minimum: int = 1) -> np.ndarray:
    """Largest-remainder split of ``total`` into integer parts proportional to ``weights`` (each ≥ minimum)."""
    k = len(weights)
    base = np.full(k, minimum)
    rest = total - minimum * k
    if rest <= 0:
        return base
    share = weights / weights.sum() * rest
    floor = np.floor(share).astype(int)
    order = np.argsort(-(share - floor), kind="stable")
    floor[order[: rest - floor.sum()]] += 1
    out: np.ndarray = base + floor
    return out


def build_geography(rng: np.random.Generator, scale: float = 1.0) -> Geography:
    """Countries, NUTS1, NUTS2 and NUTS3 regions with names, parents and polygons."""
    names = NameMaker(rng)
    n_countries, n_nuts2 = sizes(scale)
    land = land_mass(rng, scale)
    country_shapes = partition(land, n_countries, rng)
    areas = np.array([g.area for g in country_shapes])
    n2_per_country = _split(n_nuts2, areas * rng.lognormal(0.0, 0.2, n_countries), minimum=2)
    rows: list[dict[str, Any]] = []
    shapes: dict[str, BaseGeometry] = {}

    def add(code: str, level: int, country: str, name: str, parent: str | None, geom: BaseGeometry) -> None:
        rows.append({"code": code, "version": VERSION, "level": level, "country": country, "name": name,
                     "parent": parent, "is_extra_regio": False})
        shapes[code] = geom

    for ci, (cgeom, n2) in enumerate(zip(country_shapes, n2_per_country, strict=True)):
        cc = COUNTRY_CODES[ci]
        add(cc, 0, cc, names.country(), None, cgeom)
        n1 = int(min(len(_CHILD_CHARS), max(1, round(n2 / 4.5))))
        nuts1_shapes = partition(cgeom, n1, rng)
        n2_per_1 = _split(int(n2), np.array([g.area for g in nuts1_shapes]) * rng.lognormal(0, 0.2, n1), 1)
        for i1, (g1, k2) in enumerate(zip(nuts1_shapes, n2_per_1, strict=True)):
            c1 = cc + _CHILD_CHARS[i1]
            add(c1, 1, cc, names.region(), cc, g1)
            for i2, g2 in enumerate(partition(g1, int(min(k2, len(_CHILD_CHARS))), rng)):
                c2 = c1 + _CHILD_CHARS[i2]
                add(c2, 2, cc, names.region(), c1, g2)
                for i3, g3 in enumerate(partition(g2, int(rng.integers(2, 5)), rng)):
                    add(c2 + _CHILD_CHARS[i3], 3, cc, names.region(), c2, g3)
    regions = pd.DataFrame(rows)
    regions["level"] = regions["level"].astype("int64")
    return Geography(regions=regions, shapes=shapes)


def _rounded_geojson(geom: BaseGeometry, places: int = PRECISION) -> str:
    """GeoJSON text with coordinates rounded to ``places`` decimals (short, stable across platforms)."""
    mapping = shapely.geometry.mapping(geom)

    def rnd(obj: Any) -> Any:  # noqa: ANN401 - nested coordinate tuples of any depth
        if isinstance(obj, (tuple, list)):
            if obj and isinstance(obj[0], float | int):
                return [round(float(v), places) for v in obj]
            return [rnd(o) for o in obj]
        return obj

    return json.dumps({"type": mapping["type"], "coordinates": rnd(mapping["coordinates"])},
                      separators=(",", ":"))


def geometries_table(geo: Geography, *, tolerance: float = 0.02) -> pd.DataFrame:
    """Rows for the store's ``geometries`` table: full and topology-preserving simplified GeoJSON."""
    out: list[dict[str, Any]] = []
    levels = geo.regions.set_index("code")["level"]
    for level in sorted(levels.unique()):
        codes = [c for c in geo.regions["code"] if levels[c] == level]
        geoms = np.array([geo.shapes[c] for c in codes], dtype=object)
        simple = shapely.coverage_simplify(geoms, tolerance)
        for code, g, s in zip(codes, geoms, simple, strict=True):
            out.append({"code": code, "version": VERSION, "level": int(level), "geometry": _rounded_geojson(g),
                        "simplified": _rounded_geojson(s, SIMPLIFIED_PRECISION)})
    return pd.DataFrame(out)
