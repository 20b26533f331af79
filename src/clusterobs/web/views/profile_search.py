"""Finding cluster organisations: faceted search with counts, full text, results as a list and on a map; and
the region page's section listing the organisations active in a region.

The map is a Plotly ``scattergeo`` of the profiles' coordinates drawn by ``static/platform.js`` from data
embedded in the page (no tile server, nothing from the network).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from clusterobs import platform as svc
from clusterobs.platform.search import FACETS
from clusterobs.services import Observatory
from clusterobs.services.platform_web import organisations_in_region
from clusterobs.services.records import RegionDetail
from clusterobs.web.sections import Section, SectionData, register_region_section
from clusterobs.web.security import DbDep, UserDep
from clusterobs.web.views.accounts import page

router = APIRouter()
FACET_TITLES = {"country": "Country", "region": "Region (NUTS 2)", "ecosystem": "Industrial ecosystem",
                "sector": "Sector", "emerging": "Emerging industry", "technology": "Technology",
                "label": "ESCA label", "size_band": "Members", "partnership": "Partnership"}
PAGE = 20


@router.get("/profiles", response_class=HTMLResponse, name="profiles")
def search_page(request: Request, db: DbDep, user: UserDep) -> Response:
    params: dict[str, Any] = {k: request.query_params.getlist(k) for k in {*FACETS, "q", "offset"}}
    params["q"] = " ".join(params.get("q") or [])
    params["offset"] = (params.get("offset") or ["0"])[0]
    params["limit"] = str(PAGE)
    query = svc.query_from_params(params)
    result = svc.search_profiles(db, query)
    points = [{"id": h.id, "name": h.name, "lat": h.latitude, "lon": h.longitude, "country": h.country}
              for h in svc.map_points(db, query)]
    chosen = {facet: set(getattr(query, attr)) for facet, (attr, _c) in FACETS.items()}
    keep = [(k, v) for k in FACETS for v in request.query_params.getlist(k)] + ([("q", query.text)] if query.text
                                                                               else [])
    return page(request, "platform/search.html", {
        "query": query, "result": result, "points": points, "chosen": chosen, "titles": FACET_TITLES,
        "prev": urlencode([*keep, ("offset", max(0, query.offset - PAGE))]) if query.offset > 0 else None,
        "next": urlencode([*keep, ("offset", query.offset + PAGE)]) if query.offset + PAGE < result.total else None,
    }, user=user)


def _organisations(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    hits = organisations_in_region(obs, detail.region.code)
    if not hits:
        return None
    return {"rows": hits}


register_region_section(Section("organisations", "Cluster organisations", "platform/section_organisations.html",
                                60, _organisations))

__all__ = ["router", "search_page"]
