"""Home: what the observatory holds, a map at NUTS 2, and the search box.

The map shows the Regional Ecosystems Scoreboard index when the store's scoreboard can be computed (the demo;
a real-Europe store over the indicators its files cover); otherwise, or when the visitor picks another
indicator, one region-level indicator of the store (population by default).
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from clusterobs.api.deps import ObservatoryDep
from clusterobs.services import Observatory
from clusterobs.services.analytics_cache import analytics_for
from clusterobs.services.index_map import INDEX, LEGEND, index_geojson, index_scores
from clusterobs.services.records import MapIndicator
from clusterobs.web.templating import render

router = APIRouter()
#: The map choice that selects the scoreboard index (``?indicator=``).
INDEX_KEY = f"scoreboard:{INDEX}"


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


def index_available(obs: Observatory, level: int | None) -> bool:
    """Whether the scoreboard index can be mapped at ``level``."""
    return level is not None and index_scores(analytics_for(obs), level) is not None


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, obs: ObservatoryDep, indicator: str | None = None, year: int | None = None
         ) -> HTMLResponse:
    level = map_level(obs)
    options = obs.map_indicators(level=level) if level is not None else []
    has_index = index_available(obs, level)
    show_index = has_index and indicator in (None, "", INDEX_KEY)
    chosen = None if show_index else choose_indicator(
        options, indicator, obs.default_map_indicator(level=level) if level is not None else None)
    if chosen is not None and year not in chosen.years:
        year = chosen.years[-1]
    index = ({"key": INDEX_KEY, "legend": LEGEND, "src": f"/maps/scoreboard-index/{level}.geojson"}
             if has_index else None)
    return render(request, "home.html", {
        "summary": obs.summary, "level": level, "options": options, "chosen": chosen, "year": year,
        "index": index, "show_index": show_index,
    })


@router.get("/maps/scoreboard-index/{level}.geojson", name="home_index_map")
def index_map(level: int, obs: ObservatoryDep) -> JSONResponse:
    """The home map's data: every region shape with its scoreboard index (``null`` where not scored)."""
    a = analytics_for(obs)
    fc = a.memo(("index-map", level), lambda: index_geojson(obs, a, level))
    return JSONResponse(fc, media_type="application/geo+json")
