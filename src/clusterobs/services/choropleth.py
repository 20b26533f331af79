"""Region values on our own shapes: which NUTS version's shapes to draw, and which shape each data code takes.

Data and shapes often come in different NUTS versions: the regional SBS table in NUTS 2013, the scoreboard's
sources in NUTS 2016, GISCO shapes in NUTS 2021. Most codes are equal across versions. A code whose region
was only *recoded* or *renamed* between versions (same territory, e.g. FR21 → FRF2 in 2016) takes the shape
of its successor or predecessor. A region whose boundaries changed keeps no shape and is reported in
``without_shape`` rather than drawn on a territory it does not describe.

Among the versions with shapes at the level, the one that gives a shape to the most data codes is drawn
(ties: the observatory's preferred version).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from clusterobs.services.observatory import Observatory, version_preference

#: Change kinds that keep the territory (only the code or the name changes).
SAME_TERRITORY = ("recoded", "renamed")


def same_territory(changes: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Code → the other codes of the same territory (direct links, both directions) from change-table rows
    (columns code_from, code_to, change)."""
    links: dict[str, set[str]] = {}
    keep = changes[changes["change"].isin(SAME_TERRITORY) & changes["code_from"].notna()
                   & changes["code_to"].notna() & (changes["code_from"] != changes["code_to"])]
    for a, b in zip(keep["code_from"].astype(str), keep["code_to"].astype(str), strict=True):
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in links.items()}


def _alias_in(code: str, shapes: set[str], aliases: Mapping[str, frozenset[str]]) -> str | None:
    """The nearest code of the same territory that has a shape (breadth first, codes sorted), if any."""
    seen = {code}
    queue = deque(sorted(aliases.get(code, ())))
    while queue:
        c = queue.popleft()
        if c in seen:
            continue
        seen.add(c)
        if c in shapes:
            return c
        queue.extend(sorted(aliases.get(c, ())))
    return None


def match_codes(codes: Iterable[str], shapes: set[str], aliases: Mapping[str, frozenset[str]]
                ) -> tuple[dict[str, str], list[str]]:
    """(data code → shape code, data codes without a shape). A shape takes at most one data code: its own
    code first, otherwise the first same-territory code in sorted order."""
    wanted = sorted(set(codes))
    shape_of = {c: c for c in wanted if c in shapes}
    taken = set(shape_of.values())
    without: list[str] = []
    for c in wanted:
        if c in shape_of:
            continue
        alias = _alias_in(c, shapes, aliases)
        if alias is None or alias in taken:
            without.append(c)
        else:
            shape_of[c] = alias
            taken.add(alias)
    return shape_of, without


@dataclass(frozen=True)
class ShapeMatch:
    """The shapes chosen for a set of data codes."""

    collection: dict[str, Any]
    version: str
    shape_of: dict[str, str]
    without_shape: list[str]


def shape_versions(obs: Observatory, level: int) -> list[str]:
    """NUTS versions with shapes at ``level``, preferred first."""
    found = {lc.version for lc in obs.summary.levels if lc.level == level and lc.geometries > 0}
    return sorted(found, key=version_preference, reverse=True)


def match_shapes(obs: Observatory, codes: Iterable[str], *, level: int,
                 aliases: Mapping[str, frozenset[str]]) -> ShapeMatch | None:
    """The version whose shapes cover the most ``codes`` (via same-territory codes), ``None`` without shapes."""
    wanted = sorted(set(codes))
    best: ShapeMatch | None = None
    for version in shape_versions(obs, level):
        fc = obs.geometry(version=version, level=level)
        shapes = {str(f["properties"]["code"]) for f in fc["features"]}
        shape_of, without = match_codes(wanted, shapes, aliases)
        if best is None or len(shape_of) > len(best.shape_of):
            best = ShapeMatch(collection=fc, version=version, shape_of=shape_of, without_shape=without)
    return best


def values_geojson(obs: Observatory, values: Mapping[str, object], *, level: int,
                   aliases: Mapping[str, frozenset[str]], unit: str, year: int | None) -> dict[str, Any]:
    """FeatureCollection of the best-matching version: each feature's ``value`` is that of the data code it
    takes (``data_code``), ``null`` where none; ``properties`` report the version and the data codes with a
    value but without a shape. ``None`` values count as no data."""
    present = {code: v for code, v in values.items() if v is not None}
    match = match_shapes(obs, present, level=level, aliases=aliases)
    if match is None:
        return {"type": "FeatureCollection", "features": [],
                "properties": {"level": level, "version": None, "without_shape": sorted(present),
                               "without_shape_count": len(present)}}
    data_of = {shape: code for code, shape in match.shape_of.items()}
    fc = match.collection
    for feature in fc["features"]:
        props = feature["properties"]
        code = data_of.get(str(props["code"]))
        props["data_code"] = code
        props["value"] = present.get(code) if code is not None else None
        props["unit"] = unit
        props["year"] = year
    fc["properties"] = {**fc.get("properties", {}), "version": match.version, "level": level, "unit": unit,
                        "year": year, "regions_with_data": len(present), "regions_drawn": len(match.shape_of),
                        "without_shape": match.without_shape, "without_shape_count": len(match.without_shape)}
    return fc


__all__ = ["SAME_TERRITORY", "ShapeMatch", "match_codes", "match_shapes", "same_territory", "shape_versions",
           "values_geojson"]
