"""One category's map: our own region shapes (GeoJSON) carrying a cluster metric per region.

The shapes come from the observatory service (the store's simplified geometries of the NUTS version that
matches the data's codes best, see :mod:`clusterobs.services.choropleth`); the values from the rated table.
A region without a rating keeps ``value: null`` and is drawn grey ("no data"), never as 0. When the
categories were allocated from NACE divisions, the collection's ``properties.note`` says so.
"""

from __future__ import annotations

from typing import Any

from clusterobs.errors import UnknownMethodError
from clusterobs.services.analytics_cache import DEFAULT_PRESET, Analytics, clean, with_ratings
from clusterobs.services.choropleth import values_geojson
from clusterobs.services.observatory import Observatory

#: Map metric → (column of the rated table, unit shown in the legend).
METRICS: dict[str, tuple[str, str]] = {
    "lq": ("lq", "location quotient"),
    "size": ("size", "share of the category's employment"),
    "stars": ("stars", "stars"),
    "employment": ("employment", "persons employed"),
}


def sector_geojson(obs: Observatory, analytics: Analytics, scheme: str, code: str, *, metric: str = "lq",
                   level: int = 2, preset: str = DEFAULT_PRESET, year: int | None = None) -> dict[str, Any]:
    """FeatureCollection at ``level``; ``value`` is the metric of the category (see the module docstring)."""
    if metric not in METRICS:
        raise UnknownMethodError("map metric", metric, METRICS)
    column, unit = METRICS[metric]
    frame = analytics.sector(scheme, code, level=level, preset=preset, year=year)
    values: dict[str, object] = {}
    shown_year = year
    if frame is not None and not frame.empty:
        rated = with_ratings(frame)
        values = {str(r): clean(v) for r, v in zip(rated["region"], rated[column], strict=True)}
        shown_year = int(rated["year"].iloc[0])
    fc = values_geojson(obs, values, level=level, aliases=analytics.same_territory(), unit=unit, year=shown_year)
    allocation = analytics.allocation(level=level, scheme=scheme)
    fc["properties"] = {**fc["properties"], "scheme": scheme, "category": code, "metric": metric,
                        "preset": preset, "note": allocation.note if allocation is not None else None}
    return fc


__all__ = ["METRICS", "sector_geojson"]
