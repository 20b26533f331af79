"""Region shapes for maps: simplification per NUTS level and GeoJSON assembly (pure, no files).

Boundaries are stored twice: as published (for analysis) and simplified (for drawing). A map of 1,500
NUTS3 regions must stay light enough for a browser, and a country outline needs far less detail than a
district, so the tolerance grows with the region's size, i.e. falls with its level.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from shapely.geometry import mapping, shape

#: Douglas–Peucker tolerance in degrees (EPSG:4326) per NUTS level; ~2 km, 1 km, 500 m, 200 m.
SIMPLIFY_TOLERANCE: dict[int, float] = {0: 0.02, 1: 0.01, 2: 0.005, 3: 0.002}
#: Decimals kept in simplified coordinates (4 ≈ 11 m, below what any simplified map can show).
DECIMALS = 4


def geometry_json(geometry: Mapping[str, Any]) -> str:
    """Compact, key-sorted GeoJSON text: one geometry always gives the same string."""
    return json.dumps(geometry, separators=(",", ":"), sort_keys=True)


def simplify_geometry(geometry: Mapping[str, Any], level: int, *, decimals: int = DECIMALS) -> dict[str, Any]:
    """Simplify with preserved topology (no self-intersections, no vanished rings) and round coordinates."""
    geom = shape(geometry)
    tol = SIMPLIFY_TOLERANCE.get(level, SIMPLIFY_TOLERANCE[3])
    simple = geom.simplify(tol, preserve_topology=True)
    if simple.is_empty:  # never lose a region from the map
        simple = geom
    out = mapping(simple)
    return {"type": out["type"], "coordinates": _round(out["coordinates"], decimals)}


def _round(coords: Any, decimals: int) -> Any:  # noqa: ANN401 (nested coordinate arrays)
    if isinstance(coords, (int, float)):
        return round(float(coords), decimals)
    return [_round(c, decimals) for c in coords]


def feature_collection(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    value_columns: Sequence[str] = (),
    geometry_column: str = "simplified",
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection from rows with code, name, level, a geometry (GeoJSON text or dict) and
    optional value columns (missing values become ``null``, never 0)."""
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    features: list[dict[str, Any]] = []
    for r in records:
        geom = r[geometry_column]
        props: dict[str, Any] = {"code": str(r["code"]), "name": str(r["name"]), "level": int(r["level"])}
        for col in value_columns:
            props[col] = _json_value(r.get(col))
        features.append({"type": "Feature", "id": str(r["code"]),
                         "geometry": json.loads(geom) if isinstance(geom, str) else dict(geom),
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _json_value(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return v
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(v)
    if math.isnan(f):
        return None
    return int(f) if isinstance(v, int) else f


__all__ = ["DECIMALS", "SIMPLIFY_TOLERANCE", "feature_collection", "geometry_json", "simplify_geometry"]
