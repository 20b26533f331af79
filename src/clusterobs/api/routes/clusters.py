"""Cluster mapping: a region's portfolio, a category's regions and map, starred clusters, relatedness, bridges.

Every rating comes from the store's business statistics rated once per process by a star preset
(:mod:`clusterobs.services.analytics_cache`); the routes only pick rows and shape them. Pages of ratings and
bridges carry ``note`` when the categories were allocated from NACE divisions (approximate), as pages do.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, Query
from fastapi.responses import Response

from clusterobs.api.deps import ObservatoryDep, PaginationDep
from clusterobs.api.schemas.clusters import (
    ClusterPage,
    PresetInfo,
    RegionBridges,
    RelatedCategory,
    cluster_rows,
    preset_info,
    region_bridges,
)
from clusterobs.errors import NotFoundError
from clusterobs.mapping import builtin_names, builtin_preset
from clusterobs.services.analytics_cache import (
    DEFAULT_PRESET,
    Analytics,
    analytics_for,
    check_scheme,
    rows,
    with_ratings,
)
from clusterobs.services.sector_map import METRICS, sector_geojson

router = APIRouter(prefix="/clusters", tags=["clusters"])
GEOJSON = "application/geo+json"

PresetQ = Annotated[str, Query(description="Star preset: eco2007, eocic or uscmp (see /clusters/presets).")]
YearQ = Annotated[int | None, Query(description="Year; default: the latest.")]
MinStars = Annotated[int, Query(ge=0, le=5, description="Only rows with at least this many stars.")]
Version = Annotated[str | None, Query(description="NUTS version; default: the latest in the store.")]


def _no_data(what: str) -> NotFoundError:
    return NotFoundError(f"the store has no cluster ratings for {what}",
                         hint="load business statistics by NACE class (clusterobs demo, clusterobs build --from DIR)")


def _note(a: Analytics, level: int, scheme: str) -> str | None:
    """The division-allocation caveat of a level's ratings (as the sector page shows it), or ``None``."""
    allocation = a.allocation(level=level, scheme=scheme)
    return allocation.note if allocation is not None else None


def _page(frame: pd.DataFrame, a: Analytics, scheme: str, page: PaginationDep, level: int) -> ClusterPage:
    part = frame.iloc[page.offset:page.offset + page.limit]
    return ClusterPage(data=cluster_rows(part, a.labels(scheme), a.region_names()), total=len(frame),
                       limit=page.limit, offset=page.offset, note=_note(a, level, scheme))


def _level(a: Analytics, scheme: str, level: int | None) -> int:
    found = a.sector_level(scheme) if level is None else level
    if found is None:
        raise _no_data(f"the '{scheme}' scheme")
    return found


@router.get("/presets", summary="The star presets, with their stars")
def list_presets() -> list[PresetInfo]:
    return [preset_info(builtin_preset(n)) for n in builtin_names()]


@router.get("/regions/{code}/portfolio", summary="Every category of a region with its stars, reasons and indicators")
def get_portfolio(
    code: str, obs: ObservatoryDep, page: PaginationDep, version: Version = None, preset: PresetQ = DEFAULT_PRESET,
    year: YearQ = None, min_stars: MinStars = 0,
    traded: Annotated[bool | None, Query(description="Only traded (true) or local (false) categories.")] = None,
) -> ClusterPage:
    a = analytics_for(obs)

    def make() -> ClusterPage:
        region = obs.region(code, version=version).region
        frame = a.portfolio(code, level=region.level, preset=preset, year=year)
        if frame is None:
            raise _no_data(f"region '{code}'")
        if min_stars:
            frame = frame[frame["stars"] >= min_stars] if "stars" in frame else frame.iloc[0:0]
        if traded is not None:
            frame = frame[frame["traded"] == traded] if "traded" in frame else frame
        return _page(frame, a, "cluster_category", page, region.level)

    return a.memo(("api-portfolio", code, version, preset, year, min_stars, traded, page), make)


@router.get("/sectors/{scheme}/{code}", summary="Every region for one category, best rated and largest first")
def get_sector(
    scheme: str, code: str, obs: ObservatoryDep, page: PaginationDep,
    level: Annotated[int | None, Query(ge=0, le=3, description="NUTS level; default 2 (or the finest rated).")]
    = None, preset: PresetQ = DEFAULT_PRESET, year: YearQ = None, min_stars: MinStars = 0,
    country: Annotated[str | None, Query(description="Only the regions of this country.")] = None,
) -> ClusterPage:
    obs.industry(check_scheme(scheme), code)
    a = analytics_for(obs)

    def make() -> ClusterPage:
        found_level = _level(a, scheme, level)
        frame = a.sector(scheme, code, level=found_level, preset=preset, year=year)
        if frame is None:
            raise _no_data(f"{scheme} '{code}'")
        if min_stars:
            frame = frame[frame["stars"] >= min_stars] if "stars" in frame else frame.iloc[0:0]
        if country:
            frame = frame[frame["region"].str.startswith(country.upper())]
        return _page(frame, a, scheme, page, found_level)

    return a.memo(("api-sector", scheme, code, level, preset, year, min_stars, country, page), make)


@router.get("/sectors/{scheme}/{code}/map", summary="GeoJSON of one category's regions with a metric's value",
            response_class=Response,
            responses={200: {"content": {GEOJSON: {"schema": {"type": "object"}}},
                             "description": "A FeatureCollection; properties: code, name, level, country, value, "
                             "unit, year (value null where the region has no rating)."}})
def get_sector_map(
    scheme: str, code: str, obs: ObservatoryDep,
    metric: Annotated[Literal["lq", "size", "stars", "employment"], Query(description=", ".join(METRICS))] = "lq",
    level: Annotated[int | None, Query(ge=0, le=3)] = None, preset: PresetQ = DEFAULT_PRESET, year: YearQ = None,
) -> Response:
    obs.industry(check_scheme(scheme), code)
    a = analytics_for(obs)
    body = a.memo(("api-sector-map", scheme, code, metric, level, preset, year), lambda: json.dumps(
        sector_geojson(obs, a, scheme, code, metric=metric, level=_level(a, scheme, level), preset=preset, year=year),
        separators=(",", ":")))
    return Response(body, media_type=GEOJSON)


@router.get("/sectors/{scheme}/{code}/related", summary="Categories most related to one (proximity)")
def get_related(
    scheme: str, code: str, obs: ObservatoryDep, level: Annotated[int | None, Query(ge=0, le=3)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[RelatedCategory]:
    obs.industry(check_scheme(scheme), code)
    a = analytics_for(obs)
    found = a.related(scheme, code, level=_level(a, scheme, level), limit=limit)
    if found is None:
        raise _no_data(f"{scheme} '{code}'")
    return [RelatedCategory.model_validate(r) for r in rows(found)]


@router.get("/stars", summary="Starred clusters of all regions of a level, most stars first")
def list_stars(
    obs: ObservatoryDep, page: PaginationDep, level: Annotated[int, Query(ge=0, le=3)] = 2,
    scheme: Annotated[str, Query(description="'cluster_category' or 'emerging'.")] = "cluster_category",
    preset: PresetQ = DEFAULT_PRESET, year: YearQ = None, min_stars: Annotated[int, Query(ge=1, le=5)] = 1,
    country: str | None = None, category: str | None = None,
) -> ClusterPage:
    a = analytics_for(obs)
    table = a.rated(level=level, scheme=check_scheme(scheme), preset=preset)
    if table is None:
        raise _no_data(f"NUTS level {level}")
    t = with_ratings(table[table["year"] == (year if year is not None else int(table["year"].max()))])
    t = t[t["stars"] >= min_stars]
    if country:
        t = t[t["region"].str.startswith(country.upper())]
    if category:
        t = t[t["category"] == category]
    t = t.sort_values(["stars", "lq", "region", "category"], ascending=[False, False, True, True], kind="mergesort")
    return _page(t, a, scheme, page, level)


@router.get("/regions/{code}/bridges", summary="A region's cluster bridges and its opportunities")
def get_bridges(code: str, obs: ObservatoryDep, version: Version = None, preset: PresetQ = DEFAULT_PRESET,
                limit: Annotated[int, Query(ge=1, le=100, description="Opportunities to list.")] = 10,
                ) -> RegionBridges:
    a = analytics_for(obs)

    def make() -> RegionBridges:
        region = obs.region(code, version=version).region
        found = a.bridges(code, level=region.level, preset=preset)
        if found is None:
            raise _no_data(f"region '{code}'")
        year = a.latest_year(level=region.level, preset=preset)
        return region_bridges(code, year or 0, found[0], found[1], a.labels("cluster_category"), limit=limit,
                              note=_note(a, region.level, "cluster_category"))

    return a.memo(("api-bridges", code, version, preset, limit), make)
