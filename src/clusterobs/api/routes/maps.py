"""Maps: region geometry per NUTS version and level as GeoJSON, optionally with an indicator's values."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from clusterobs.api.deps import ObservatoryDep
from clusterobs.api.schemas import MapIndicator

router = APIRouter(prefix="/maps", tags=["maps"])
GEOJSON = "application/geo+json"


@router.get("/indicators", summary="Region-level indicators a map of one version and level can show")
def list_map_indicators(obs: ObservatoryDep, version: str | None = None,
                        level: Annotated[int, Query(ge=0, le=3)] = 2) -> list[MapIndicator]:
    return obs.map_indicators(version=version, level=level)


@router.get("/geometry/{version}/{level}", summary="GeoJSON FeatureCollection of one NUTS version and level",
            response_class=Response,
            responses={200: {"content": {GEOJSON: {"schema": {"type": "object"}}},
                             "description": "A FeatureCollection; properties: code, name, level, country, "
                             "value, unit, year (value null where missing)."}})
def get_geometry(
    version: str, level: Annotated[int, Path(ge=0, le=3)], obs: ObservatoryDep,
    dataset: str | None = None, indicator: str | None = None, year: int | None = None,
    country: Annotated[str | None, Query(description="Only the regions of this country.")] = None,
) -> Response:
    fc = obs.geometry(version=version, level=level, dataset=dataset, indicator=indicator, year=year, country=country)
    return Response(json.dumps(fc, separators=(",", ":")), media_type=GEOJSON)
