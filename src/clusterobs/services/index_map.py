"""The home page's map: the Regional Ecosystems Scoreboard index (RES) of every scored region.

The index comes from the served store's scoreboard (:meth:`Analytics.scoreboard`, computed once per process);
each region's index aggregates the latest available year of each of its indicators, so the map has no single
year. On a real-Europe store the scoreboard covers only the framework indicators the loaded files provide
(see ``clusterobs build``), and the index is computed over those. Shapes are matched to the scored regions'
codes as for every map (:mod:`clusterobs.services.choropleth`). The table behind the map downloads as
``scoreboard-index`` (registered on import).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from clusterobs.errors import InputError, NotFoundError
from clusterobs.services.analytics_cache import Analytics, analytics_for, clean
from clusterobs.services.choropleth import values_geojson
from clusterobs.services.exports import ExportTable, Params, register_export
from clusterobs.services.observatory import Observatory

#: The framework's code of the overall index.
INDEX = "RES"
#: The map's legend (colour bar title).
LEGEND = "Regional Ecosystems Scoreboard index (0–1)"


def index_scores(analytics: Analytics, level: int = 2) -> pd.Series | None:
    """Region → index (NaN where not computable), or ``None`` when the store has no scoreboard at ``level``."""
    svc = analytics.scoreboard(level)
    if svc is None or INDEX not in svc.scores.columns or not svc.scores[INDEX].notna().any():
        return None
    scores = svc.scores[INDEX].astype(float)
    return scores.set_axis(scores.index.astype(str))


def index_geojson(obs: Observatory, analytics: Analytics, level: int = 2) -> dict[str, Any]:
    """FeatureCollection whose ``value`` is the region's index (``null`` where not scored)."""
    scores = index_scores(analytics, level)
    if scores is None:
        raise NotFoundError(f"the store has no scoreboard indicators for NUTS level {level}",
                            hint="load them (clusterobs demo, or clusterobs build --from DIR)")
    values = {str(code): clean(v) for code, v in scores.items()}
    fc = values_geojson(obs, values, level=level, aliases=analytics.same_territory(), unit=LEGEND, year=None)
    fc["properties"] = {**fc["properties"], "indicator": INDEX, "dataset": "scoreboard"}
    return fc


def _index_table(obs: Observatory, p: Params) -> pd.DataFrame:
    try:
        level = int(p.get("level") or 2)
    except ValueError:
        raise InputError(f"parameter 'level' must be an integer, got '{p['level']}'") from None
    analytics = analytics_for(obs)
    scores = index_scores(analytics, level)
    if scores is None:
        raise NotFoundError(f"the store has no scoreboard indicators for NUTS level {level}")
    names = analytics.region_names()
    rank = scores.rank(ascending=False, method="min").astype("Int64")  # 1 = highest; empty where not scored
    frame = pd.DataFrame({"region": scores.index, "name": [names.get(c, "") for c in scores.index],
                          "index": scores.to_numpy()})
    frame["rank"] = rank.array
    return frame


register_export(ExportTable("scoreboard-index", "Regional Ecosystems Scoreboard index of every scored region",
                            _index_table, ("level",)))

__all__ = ["INDEX", "LEGEND", "index_geojson", "index_scores"]
