"""Downloads of the cluster-mapping and scoreboard tables (CSV/XLSX through ``/api/v1/exports``).

Each table a section or the compare page shows is registered here with the same parameters as the page, so
its download holds exactly the rows on screen (all rows, not one page).
"""

from __future__ import annotations

import pandas as pd

from clusterobs.errors import InputError, NotFoundError
from clusterobs.services.analytics_cache import (
    DEFAULT_PRESET,
    Analytics,
    RegionScoreboard,
    analytics_for,
    parse_peers,
    with_ratings,
)
from clusterobs.services.exports import ExportTable, Params, register_export
from clusterobs.services.observatory import Observatory

#: Columns of a portfolio or sector download, in order.
CLUSTER_COLUMNS = ["region", "region_name", "category", "label", "year", "employment", "lq", "size", "focus",
                   "productivity", "employment_cagr", "stars", "tier", "rated", "reasons"]
MAX_COMPARE = 5


def _no_data(what: str) -> NotFoundError:
    return NotFoundError(f"the store has no cluster ratings for {what}",
                         hint="load business statistics by NACE class (clusterobs demo, clusterobs build --from DIR)")


def _int(p: Params, key: str) -> int | None:
    raw = p.get(key)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InputError(f"parameter '{key}' must be an integer, got '{raw}'") from None


def cluster_frame(frame: pd.DataFrame, a: Analytics, scheme: str) -> pd.DataFrame:
    """A rated view as a flat table: labels, names, and the earned stars as 'size; focus'."""
    out = with_ratings(frame)
    labels, names = a.labels(scheme), a.region_names()
    out["label"] = out["category"].map(lambda c: labels.get(str(c), str(c)))
    out["region_name"] = out["region"].map(lambda r: names.get(str(r), ""))
    out["rated"] = out["rated"].map("; ".join)
    return out[[c for c in CLUSTER_COLUMNS if c in out.columns]].reset_index(drop=True)


def _portfolio(obs: Observatory, p: Params) -> pd.DataFrame:
    region = obs.region(p["region"], version=p.get("version") or None).region
    a = analytics_for(obs)
    frame = a.portfolio(region.code, level=region.level, preset=p.get("preset") or DEFAULT_PRESET, year=_int(p, "year"))
    if frame is None:
        raise _no_data(f"region '{region.code}'")
    return cluster_frame(frame, a, "cluster_category")


def _sector(obs: Observatory, p: Params) -> pd.DataFrame:
    obs.industry(p["scheme"], p["code"])
    a = analytics_for(obs)
    level = _int(p, "level")
    level = a.sector_level(p["scheme"]) if level is None else level
    frame = a.sector(p["scheme"], p["code"], level=level if level is not None else 2,
                     preset=p.get("preset") or DEFAULT_PRESET, year=_int(p, "year"))
    if frame is None:
        raise _no_data(f"{p['scheme']} '{p['code']}'")
    return cluster_frame(frame, a, p["scheme"])


def _related(obs: Observatory, p: Params) -> pd.DataFrame:
    obs.industry(p["scheme"], p["code"])
    a = analytics_for(obs)
    level = _int(p, "level")
    found = a.related(p["scheme"], p["code"], level=level if level is not None else (a.sector_level(p["scheme"]) or 2),
                      limit=1000)
    if found is None:
        raise _no_data(f"{p['scheme']} '{p['code']}'")
    return found


def _bridges_pair(obs: Observatory, p: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    region = obs.region(p["region"], version=p.get("version") or None).region
    found = analytics_for(obs).bridges(region.code, level=region.level, preset=p.get("preset") or DEFAULT_PRESET)
    if found is None:
        raise _no_data(f"region '{region.code}'")
    return found


def _bridges(obs: Observatory, p: Params) -> pd.DataFrame:
    return _bridges_pair(obs, p)[0]


def _opportunities(obs: Observatory, p: Params) -> pd.DataFrame:
    return _bridges_pair(obs, p)[1]


def _reading(obs: Observatory, p: Params) -> RegionScoreboard:
    region = obs.region(p["region"], version=p.get("version") or None).region
    return analytics_for(obs).region_scoreboard(region.code, peers=parse_peers(p.get("peers")), level=region.level)


def _elements(obs: Observatory, p: Params) -> pd.DataFrame:
    el = _reading(obs, p).elements
    return el[el["level"] == p["level"]].reset_index(drop=True) if p.get("level") else el


def _scorecard(obs: Observatory, p: Params) -> pd.DataFrame:
    return _reading(obs, p).scorecard


def _dashboard(obs: Observatory, p: Params) -> pd.DataFrame:
    return _reading(obs, p).dashboard


def _peers(obs: Observatory, p: Params) -> pd.DataFrame:
    table = _reading(obs, p).peers.table.copy()
    names = analytics_for(obs).region_names()
    table.insert(1, "name", table["peer"].map(lambda c: names.get(str(c), "")))
    return table


def compare_frame(obs: Observatory, codes: list[str], *, preset: str = DEFAULT_PRESET, top: int = 8
                  ) -> pd.DataFrame:
    """Long table of the regions' top categories: for each region × category in any region's top ``top``
    (most stars, then highest LQ), that region's stars and LQ."""
    a = analytics_for(obs)
    parts = {}
    for code in codes:
        region = obs.region(code).region
        frame = a.portfolio(region.code, level=region.level, preset=preset)
        if frame is not None:
            parts[code] = with_ratings(frame)
    if not parts:
        raise _no_data("these regions")
    chosen: list[str] = []
    for frame in parts.values():
        for c in frame.sort_values(["stars", "lq"], ascending=False, kind="mergesort")["category"].head(top):
            if str(c) not in chosen:
                chosen.append(str(c))
    labels = a.labels("cluster_category")
    out = []
    for cat in chosen:
        for code, frame in parts.items():
            hit = frame[frame["category"] == cat]
            row = hit.iloc[0] if len(hit) else None
            out.append({"category": cat, "label": labels.get(cat, cat), "region": code,
                        "stars": int(row["stars"]) if row is not None else None,
                        "lq": float(row["lq"]) if row is not None else None,
                        "employment": float(row["employment"]) if row is not None else None})
    return pd.DataFrame(out, columns=["category", "label", "region", "stars", "lq", "employment"])


def parse_regions(text: str | None) -> list[str]:
    """``"A,B"`` → codes, checked: two to five distinct regions."""
    codes = parse_peers(text) or []
    dups = sorted({c for c in codes if codes.count(c) > 1})
    if dups:
        raise InputError("regions listed twice: " + ", ".join(dups), hint="list each region once")
    if not 2 <= len(codes) <= MAX_COMPARE:
        raise InputError(f"compare two to {MAX_COMPARE} regions, got {len(codes)}",
                         hint="give region codes separated by commas, e.g. regions=XA11,XB12")
    return codes


def _compare(obs: Observatory, p: Params) -> pd.DataFrame:
    return compare_frame(obs, parse_regions(p.get("regions")), preset=p.get("preset") or DEFAULT_PRESET)


def compare_scores(obs: Observatory, codes: list[str]) -> pd.DataFrame:
    """The index and dimension scores of the scored regions among ``codes`` (long: region, code, name, value),
    with the EU mean."""
    a = analytics_for(obs)
    out = []
    for code in codes:
        region = obs.region(code).region
        if not a.scored(region.code, region.level):
            continue
        el = a.region_scoreboard(region.code, level=region.level).elements
        el = el[el["level"].isin(["index", "dimension"])]
        out += [{"region": region.code, "code": c, "name": n, "value": v, "eu_mean": m}
                for c, n, v, m in zip(el["code"], el["name"], el["value"], el["eu_mean"], strict=True)]
    return pd.DataFrame(out, columns=["region", "code", "name", "value", "eu_mean"])


def _compare_scores(obs: Observatory, p: Params) -> pd.DataFrame:
    return compare_scores(obs, parse_regions(p.get("regions")))


_REGION = ("region", "version", "preset")
_SCORE = ("region", "version", "peers")
for _t in (
    ExportTable("cluster-portfolio", "Cluster portfolio of a region (every category, stars, reasons)", _portfolio,
                (*_REGION, "year"), ("region",)),
    ExportTable("cluster-sector", "Regions of one category with their stars", _sector,
                ("scheme", "code", "level", "preset", "year"), ("scheme", "code")),
    ExportTable("cluster-related", "Categories related to one (proximity)", _related, ("scheme", "code", "level"),
                ("scheme", "code")),
    ExportTable("cluster-bridges", "Cluster bridges of a region", _bridges, _REGION, ("region",)),
    ExportTable("cluster-opportunities", "Cluster opportunities of a region", _opportunities, _REGION, ("region",)),
    ExportTable("scoreboard-elements", "Scoreboard elements of a region against peers and Europe", _elements,
                (*_SCORE, "level"), ("region",)),
    ExportTable("scorecard", "Scorecard of a region with peer status colours", _scorecard, _SCORE, ("region",)),
    ExportTable("policy-dashboard", "Policy action dashboard of a region", _dashboard, _SCORE, ("region",)),
    ExportTable("scoreboard-peers", "Peer regions of a region with distances", _peers, _SCORE, ("region",)),
    ExportTable("compare-regions", "Top categories of two to five regions side by side", _compare,
                ("regions", "preset"), ("regions",)),
    ExportTable("compare-scoreboard", "Index and dimension scores of two to five regions", _compare_scores,
                ("regions",), ("regions",)),
):
    register_export(_t)

__all__ = ["CLUSTER_COLUMNS", "MAX_COMPARE", "cluster_frame", "compare_frame", "compare_scores", "parse_regions"]
