"""Search: regions by code or name, and sectors (categories, emerging industries, NACE) by code or label."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from clusterobs.api.deps import ObservatoryDep
from clusterobs.web.templating import render, root_of

router = APIRouter()
SECTOR_SCHEMES = ("cluster_category", "emerging", "nace_r2")


@router.get("/search", response_class=HTMLResponse, name="search")
def search(request: Request, obs: ObservatoryDep, q: str = "") -> Response:
    text = q.strip()
    regions = obs.search_regions(text, limit=25) if text and obs.default_version else []
    known = {s.scheme for s in obs.schemes}
    sectors = []
    if text:
        for scheme in (s for s in SECTOR_SCHEMES if s in known):
            rows, _ = obs.industries(scheme=scheme, q=text, limit=25)
            sectors += rows
    exact = [r for r in regions if r.code.upper() == text.upper()]
    if exact:  # a full code goes straight to its page
        return RedirectResponse(f"{root_of(request)}/regions/{exact[0].code}?version={exact[0].version}", 303)
    return render(request, "search.html", {"q": text, "regions": regions, "sectors": sectors})
