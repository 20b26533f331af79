"""Sector pages: the categories and emerging industries of the taxonomy, and one sector's page."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from clusterobs.api.deps import ObservatoryDep
from clusterobs.web.sections import SECTOR_SECTIONS, build_sections
from clusterobs.web.templating import render

router = APIRouter()
#: The groups listed on the sectors page: (title, scheme, kind filter).
GROUPS: tuple[tuple[str, str, str | None], ...] = (
    ("Traded cluster categories", "cluster_category", "traded"),
    ("Local industries", "cluster_category", "local"),
    ("Emerging industries", "emerging", None),
)


@router.get("/sectors", response_class=HTMLResponse, name="sectors")
def sectors_page(request: Request, obs: ObservatoryDep) -> HTMLResponse:
    known = {s.scheme for s in obs.schemes}
    groups = []
    for title, scheme, kind in GROUPS:
        if scheme not in known:
            continue
        rows, _ = obs.industries(scheme=scheme, kind=kind, limit=1000)
        if rows:
            groups.append({"title": title, "scheme": scheme, "kind": kind, "rows": [r.model_dump() for r in rows]})
    return render(request, "sectors.html", {"groups": groups})


@router.get("/sectors/{scheme}/{code}", response_class=HTMLResponse, name="sector")
def sector_page(request: Request, scheme: str, code: str, obs: ObservatoryDep) -> HTMLResponse:
    detail = obs.industry(scheme, code)
    return render(request, "sector.html", {
        "detail": detail, "industry": detail.industry, "sections": build_sections(SECTOR_SECTIONS, obs, detail),
    })
