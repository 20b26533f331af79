"""Region and sector page sections of cluster mapping and the scoreboard (registered on import).

Region page: cluster portfolio (20), scoreboard radar (30), sub-dimensions (31), scorecard (32), policy
action dashboard (33), peer regions (34), bridges and opportunities (40). Sector page: map (20), ranked
regions (30), related categories (40). A section whose data the store lacks returns ``None`` and is not
rendered.

Sections are built from ``(observatory, subject)`` only, yet the peers (``?peers=A,B``) and the map metric
(``?metric=size``) come from the address: :func:`capture_page_query`, an async dependency of the page
router, keeps the page's query in a context variable that the builders read. (It must be async: FastAPI
runs it in the request's task, and the sync page view then runs in a thread that inherits that context.)
A wrong peer choice becomes a message on the page and the default peers are shown; it never fails the page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from types import MappingProxyType

import pandas as pd
from markupsafe import Markup
from starlette.requests import Request

import clusterobs.services.analytics_docs  # registers the presets' and framework's method docs
import clusterobs.services.analytics_exports  # noqa: F401 - registers the downloads the sections link to
from clusterobs.errors import ClusterObsError
from clusterobs.scoreboard import load_framework
from clusterobs.scoreboard.framework import LEVEL_NAMES, LEVEL_SUBDIMENSION
from clusterobs.services import Observatory
from clusterobs.services.analytics_cache import (
    DEFAULT_PRESET,
    RegionScoreboard,
    analytics_for,
    clean,
    parse_peers,
    rows,
)
from clusterobs.services.analytics_exports import cluster_frame
from clusterobs.services.records import IndustryDetail, RegionDetail
from clusterobs.services.sector_map import METRICS
from clusterobs.web.sections import (
    Section,
    SectionData,
    register_indicator_labels,
    register_region_section,
    register_sector_section,
)
from clusterobs.web.templating import root_of, templates

PAGE_QUERY: ContextVar[Mapping[str, str]] = ContextVar("clusterobs_page_query", default=MappingProxyType({}))
PAGE_ROOT: ContextVar[str] = ContextVar("clusterobs_page_root", default="")
#: The template that outputs a section body rendered by :func:`rendered`.
HTML_TEMPLATE = "sections/_html.html"
#: Colour → text label (colour is never the only carrier of the meaning).
COLOUR_LABELS = {"green": "better than peers", "orange": "close to peers", "red": "worse than peers",
                 "grey": "no reading"}


async def capture_page_query(request: Request) -> None:
    """Dependency of the page router: keep the page's query parameters for the section builders."""
    PAGE_QUERY.set(dict(request.query_params))
    PAGE_ROOT.set(root_of(request))


def rendered(obs: Observatory, key: tuple[object, ...], template: str, build: Callable[[], SectionData | None],
             **context: object) -> SectionData | None:
    """The section body, rendered once per store and key: the data behind a section never changes while the
    store is served, so a region page is a cache lookup per section instead of thousands of table cells."""
    root = PAGE_ROOT.get()

    def make() -> Markup | None:
        data = build()
        if data is None:
            return None
        return Markup(templates.env.get_template(template).render(data=data, root=root, **context))

    html = analytics_for(obs).memo(("section", root, template, *key), make)
    return None if html is None else {"html": html}


def _preset() -> str:
    return PAGE_QUERY.get().get("preset") or DEFAULT_PRESET


# -- region: cluster mapping ---------------------------------------------------------------------------
def _portfolio(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    r = detail.region
    a = analytics_for(obs)
    preset = _preset()
    try:
        frame = a.portfolio(r.code, level=r.level, preset=preset)
    except ClusterObsError:
        preset = DEFAULT_PRESET
        frame = a.portfolio(r.code, level=r.level, preset=preset)
    if frame is None:
        return None
    table = cluster_frame(frame, a, "cluster_category")
    table["traded"] = frame["traded"].to_numpy() if "traded" in frame else True
    allocation = a.allocation(level=r.level, scheme="cluster_category")
    return {"rows": rows(table), "preset": preset, "year": int(table["year"].iloc[0]) if len(table) else None,
            "note": allocation.note if allocation is not None else None,
            "starred": int((table["stars"] > 0).sum()), "params": {"region": r.code, "version": r.version,
                                                                   "preset": preset}}


def _bridges(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    r = detail.region
    a = analytics_for(obs)
    found = a.bridges(r.code, level=r.level)
    if found is None:
        return None
    pairs, chances = found
    if pairs.empty and not chances["density"].notna().any():
        return None  # no starred cluster and no relatedness: nothing to say
    labels = a.labels("cluster_category")
    bridge_rows = rows(pairs)
    for b in bridge_rows:
        b["label_a"] = labels.get(str(b["category_a"]), b["category_a"])
        b["label_b"] = labels.get(str(b["category_b"]), b["category_b"])
    chance_rows = rows(chances.head(10))
    for c in chance_rows:
        c["label"] = labels.get(str(c["category"]), c["category"])
    return {"bridges": bridge_rows, "opportunities": chance_rows,
            "threshold": float(pairs["threshold"].iloc[0]) if len(pairs) else None,
            "params": {"region": r.code, "version": r.version}}


# -- region: scoreboard --------------------------------------------------------------------------------
def reading_for(obs: Observatory, detail: RegionDetail) -> tuple[RegionScoreboard, str | None] | None:
    """The region's reading with the page's peers; with a bad choice, the default peers and the message."""
    r = detail.region
    a = analytics_for(obs)
    if not a.scored(r.code, r.level):
        return None
    wanted = parse_peers(PAGE_QUERY.get().get("peers"))
    if wanted:
        try:
            return a.region_scoreboard(r.code, peers=wanted, level=r.level), None
        except ClusterObsError as exc:
            return a.region_scoreboard(r.code, level=r.level), str(exc)
    return a.region_scoreboard(r.code, level=r.level), None


def _values(column: pd.Series) -> list[object]:
    return [clean(v) for v in column]


def _score_params(detail: RegionDetail, reading: RegionScoreboard) -> dict[str, str]:
    params = {"region": detail.region.code, "version": detail.region.version}
    if reading.peers.method == "user":
        params["peers"] = ",".join(reading.peers.peers)
    return params


def _radar(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    found = reading_for(obs, detail)
    if found is None:
        return None
    reading, error = found
    dims = reading.elements[reading.elements["level"] == LEVEL_NAMES[3]]
    index = reading.elements[reading.elements["level"] == LEVEL_NAMES[4]]
    chart = {"theta": dims["name"].tolist(), "codes": dims["code"].tolist(),
             "series": [{"name": detail.region.name, "r": _values(dims["value"]), "key": "region"},
                        {"name": f"Peer mean ({len(reading.peers.peers)} regions)",
                         "r": _values(dims["peer_mean"]), "key": "peers"},
                        {"name": "EU mean (all scored regions)", "r": _values(dims["eu_mean"]), "key": "eu"}]}
    return {"chart": chart, "index": rows(index)[0] if len(index) else None, "dimensions": rows(dims),
            "error": error, "peers": list(reading.peers.peers), "method": reading.peers.method,
            "params": {**_score_params(detail, reading), "level": "dimension"}}


def _subdimensions(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    found = reading_for(obs, detail)
    if found is None:
        return None
    reading, _ = found
    subs = reading.elements[reading.elements["level"] == LEVEL_NAMES[LEVEL_SUBDIMENSION]]
    chart = {"labels": [f"{c} {n}" for c, n in zip(subs["code"], subs["name"], strict=True)],
             "series": [{"name": detail.region.name, "x": _values(subs["value"])},
                        {"name": "Peer mean", "x": _values(subs["peer_mean"])},
                        {"name": "EU mean", "x": _values(subs["eu_mean"])}]}
    return {"chart": chart, "rows": rows(subs), "labels": COLOUR_LABELS,
            "params": {**_score_params(detail, reading), "level": "sub-dimension"}}


def _scorecard(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    found = reading_for(obs, detail)
    if found is None:
        return None
    reading, _ = found
    card = reading.scorecard.rename(columns={"EU mean": "eu_mean", "peer mean": "peer_mean",
                                             "peer status": "status"})
    return {"rows": rows(card), "labels": COLOUR_LABELS, "params": _score_params(detail, reading)}


def _dashboard(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    found = reading_for(obs, detail)
    if found is None:
        return None
    reading, _ = found
    items = rows(reading.dashboard)
    for it in items:
        it["actions"] = [a for a in str(it.get("policy_actions") or "").split("; ") if a]
    return {"rows": items, "params": _score_params(detail, reading)}


def _peers(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    found = reading_for(obs, detail)
    if found is None:
        return None
    reading, error = found
    a = analytics_for(obs)
    names = a.region_names()
    table = rows(reading.peers.table)
    for p in table:
        p["name"] = names.get(str(p["peer"]), "")
        p["version"] = detail.region.version
    svc = a.scoreboard(detail.region.level)
    candidates = [] if svc is None else [
        {"code": c, "name": names.get(c, c)} for c in map(str, svc.scores.index) if c != detail.region.code]
    return {"rows": table, "method": reading.peers.method, "error": error,
            "wanted": PAGE_QUERY.get().get("peers", ""), "candidates": candidates,
            "chosen": list(reading.peers.peers), "skipped": list(reading.peers.skipped_blocks),
            "params": _score_params(detail, reading)}


# -- sector --------------------------------------------------------------------------------------------
def _sector_level(obs: Observatory, detail: IndustryDetail) -> int | None:
    if detail.industry.scheme not in ("cluster_category", "emerging"):
        return None
    return analytics_for(obs).sector_level(detail.industry.scheme)


def _sector_map(obs: Observatory, detail: IndustryDetail) -> SectionData | None:
    level = _sector_level(obs, detail)
    ind = detail.industry
    if level is None or analytics_for(obs).sector(ind.scheme, ind.code, level=level) is None:
        return None
    if not any(lc.level == level and lc.geometries > 0 and lc.version == obs.default_version
               for lc in obs.summary.levels):
        return None
    metric = PAGE_QUERY.get().get("metric") or "lq"
    if metric not in METRICS:
        metric = "lq"
    allocation = analytics_for(obs).allocation(level=level, scheme=ind.scheme)
    return {"level": level, "metric": metric, "unit": METRICS[metric][1],
            "note": allocation.note if allocation is not None else None,
            "metrics": [{"key": k, "label": v[1]} for k, v in METRICS.items()],
            "src": f"/api/v1/clusters/sectors/{ind.scheme}/{ind.code}/map?metric={metric}&level={level}"}


def _sector_regions(obs: Observatory, detail: IndustryDetail) -> SectionData | None:
    level = _sector_level(obs, detail)
    if level is None:
        return None
    ind = detail.industry
    a = analytics_for(obs)
    frame = a.sector(ind.scheme, ind.code, level=level)
    if frame is None:
        return None
    table = cluster_frame(frame, a, ind.scheme)
    version = obs.default_version or ""
    out = rows(table)
    for r in out:
        r["version"] = version
    return {"rows": out, "level": level, "year": int(table["year"].iloc[0]) if len(table) else None,
            "params": {"scheme": ind.scheme, "code": ind.code, "level": str(level)}}


def _related(obs: Observatory, detail: IndustryDetail) -> SectionData | None:
    level = _sector_level(obs, detail)
    if level is None:
        return None
    ind = detail.industry
    found = analytics_for(obs).related(ind.scheme, ind.code, level=level)
    if found is None or found.empty:
        return None
    out = rows(found)
    for r in out:
        r["scheme"] = ind.scheme
    return {"rows": out, "params": {"scheme": ind.scheme, "code": ind.code, "level": str(level)}}


def _region_key(detail: RegionDetail, *extra: object) -> tuple[object, ...]:
    return (detail.region.code, detail.region.version, *extra)


def _peers_key() -> str:
    return PAGE_QUERY.get().get("peers") or ""


def _region_section(key: str, title: str, template: str, order: int,
                    build: Callable[[Observatory, RegionDetail], SectionData | None],
                    extra: Callable[[], object]) -> Section:
    def cached(obs: Observatory, detail: RegionDetail) -> SectionData | None:
        return rendered(obs, (key, *_region_key(detail, extra())), template, lambda: build(obs, detail),
                        region=detail.region)
    return Section(key, title, HTML_TEMPLATE, order, cached)


def _sector_section(key: str, title: str, template: str, order: int,
                    build: Callable[[Observatory, IndustryDetail], SectionData | None],
                    extra: Callable[[], object]) -> Section:
    def cached(obs: Observatory, detail: IndustryDetail) -> SectionData | None:
        ind = detail.industry
        return rendered(obs, (key, ind.scheme, ind.code, extra()), template, lambda: build(obs, detail),
                        industry=ind)
    return Section(key, title, HTML_TEMPLATE, order, cached)


def _metric_key() -> str:
    return PAGE_QUERY.get().get("metric") or ""


for _s in (
    _region_section("portfolio", "Cluster portfolio", "sections/portfolio.html", 20, _portfolio, _preset),
    _region_section("scoreboard", "Ecosystem scoreboard", "sections/scoreboard_radar.html", 30, _radar, _peers_key),
    _region_section("subdimensions", "Detailed results: sub-dimensions", "sections/scoreboard_subdimensions.html",
                    31, _subdimensions, _peers_key),
    _region_section("scorecard", "Scorecard", "sections/scorecard.html", 32, _scorecard, _peers_key),
    _region_section("dashboard", "Policy action dashboard", "sections/policy_dashboard.html", 33, _dashboard,
                    _peers_key),
    _region_section("peers", "Peer regions", "sections/peers.html", 34, _peers, _peers_key),
    _region_section("bridges", "Cluster bridges and opportunities", "sections/bridges.html", 40, _bridges,
                    lambda: ""),
):
    register_region_section(_s)
for _s in (
    _sector_section("sector-map", "Map", "sections/sector_map.html", 20, _sector_map, _metric_key),
    _sector_section("sector-regions", "Regions ranked", "sections/sector_regions.html", 30, _sector_regions,
                    lambda: ""),
    _sector_section("related", "Related categories", "sections/related.html", 40, _related, lambda: ""),
):
    register_sector_section(_s)

__all__ = ["COLOUR_LABELS", "HTML_TEMPLATE", "PAGE_QUERY", "PAGE_ROOT", "capture_page_query", "reading_for", "rendered"]


@functools.cache
def _framework_names() -> Mapping[str, str]:
    framework = load_framework()
    return MappingProxyType({c: framework.element(c).name for c in framework.indicators})


def _framework_label(dataset: str, indicator: str) -> str | None:
    """Scoreboard indicators (ind1 …, in any dataset) are named by the framework file."""
    return _framework_names().get(indicator)


register_indicator_labels(_framework_label)
