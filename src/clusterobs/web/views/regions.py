"""Region pages: the list of regions and one region with the sections that have data for it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse

from clusterobs.api.deps import ObservatoryDep
from clusterobs.web.sections import REGION_SECTIONS, build_sections
from clusterobs.web.templating import render

router = APIRouter()
PAGE = 100


@router.get("/regions", response_class=HTMLResponse, name="regions")
def regions_page(request: Request, obs: ObservatoryDep, version: str | None = None,
                 level: Annotated[int | None, Query(ge=0, le=3)] = None, country: str | None = None,
                 offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    v = obs.resolve_version(version)
    rows, total = obs.regions(version=v, level=level, country=country, limit=PAGE, offset=offset)
    params = {k: val for k, val in (("version", v), ("level", level), ("country", country)) if val is not None}
    return render(request, "regions.html", {
        "rows": [r.model_dump() for r in rows], "total": total, "offset": offset, "page": PAGE,
        "version": v, "level": level, "country": country, "params": params,
        "levels": sorted({lc.level for lc in obs.summary.levels if lc.version == v}),
    })


@router.get("/regions/{code}", response_class=HTMLResponse, name="region")
def region_page(request: Request, code: str, obs: ObservatoryDep, version: str | None = None) -> HTMLResponse:
    detail = obs.region(code, version=version)
    return render(request, "region.html", {
        "detail": detail, "region": detail.region, "sections": build_sections(REGION_SECTIONS, obs, detail),
    })
