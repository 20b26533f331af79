"""Home: what the observatory holds, a map of one indicator at NUTS 2, and the search box."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from clusterobs.api.deps import ObservatoryDep
from clusterobs.services import Observatory
from clusterobs.services.records import MapIndicator
from clusterobs.web.templating import render

router = APIRouter()


def map_level(obs: Observatory) -> int | None:
    """NUTS 2 when the default version has shapes there, otherwise the finest level that has them."""
    with_shapes = [lc.level for lc in obs.summary.levels
                   if lc.version == obs.default_version and lc.geometries > 0]
    if not with_shapes:
        return None
    return 2 if 2 in with_shapes else max(with_shapes)


def choose_indicator(options: list[MapIndicator], wanted: str | None, default: MapIndicator | None
                     ) -> MapIndicator | None:
    for m in options:
        if m.key == wanted:
            return m
    return default


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, obs: ObservatoryDep, indicator: str | None = None, year: int | None = None
         ) -> HTMLResponse:
    level = map_level(obs)
    options = obs.map_indicators(level=level) if level is not None else []
    chosen = choose_indicator(options, indicator,
                              obs.default_map_indicator(level=level) if level is not None else None)
    if chosen is not None and year not in chosen.years:
        year = chosen.years[-1]
    return render(request, "home.html", {
        "summary": obs.summary, "level": level, "options": options, "chosen": chosen, "year": year,
    })
