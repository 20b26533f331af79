"""Compare: two to five regions side by side (top categories' stars and LQ, scoreboard dimensions).

A bad list of regions (one, six, twice the same, an unknown code) is shown as a message above the form with
status 400, never as a failed page.
"""

from __future__ import annotations

import pandas as pd
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

import clusterobs.web.sections_analytics  # noqa: F401 - registers the analytics sections, downloads and docs
from clusterobs.api.deps import ObservatoryDep
from clusterobs.errors import ClusterObsError
from clusterobs.scoreboard.framework import LEVEL_DIMENSION, LEVEL_NAMES
from clusterobs.services import Observatory
from clusterobs.services.analytics_cache import DEFAULT_PRESET, analytics_for, check_preset, clean
from clusterobs.services.analytics_exports import compare_frame, parse_regions
from clusterobs.services.records import RegionRecord
from clusterobs.web.templating import render

router = APIRouter()


def _dimensions(obs: Observatory, regions: list[RegionRecord]) -> dict[str, object] | None:
    """Rows: the index and the six dimensions; one score column per scored region; radar series."""
    a = analytics_for(obs)
    scored = [r for r in regions if a.scored(r.code, r.level)]
    if not scored:
        return None
    readings = {r.code: a.region_scoreboard(r.code, level=r.level).elements.set_index("code") for r in scored}
    first = next(iter(readings.values()))
    wanted = (LEVEL_NAMES[LEVEL_DIMENSION + 1], LEVEL_NAMES[LEVEL_DIMENSION])
    codes = [str(c) for c, lv in zip(first.index, first["level"], strict=True) if lv in wanted]
    rows: list[dict[str, object]] = []
    for code in codes:
        rows.append({"code": code, "name": str(first.at[code, "name"]), "eu_mean": clean(first.at[code, "eu_mean"]),
                     "values": {c: clean(el.at[code, "value"]) for c, el in readings.items()}})
    dims = [code for code in codes if first.at[code, "level"] == LEVEL_NAMES[LEVEL_DIMENSION]]
    chart = {"theta": [str(first.at[d, "name"]) for d in dims],
             "series": [{"name": f"{r.name} ({r.code})", "r": [clean(readings[r.code].at[d, "value"]) for d in dims],
                         "key": "region" if i == 0 else ""} for i, r in enumerate(scored)]}
    return {"rows": rows, "scored": [r.code for r in scored], "chart": chart}


def _matrix(long: pd.DataFrame, codes: list[str]) -> list[dict[str, object]]:
    out = []
    for (cat, label), part in long.groupby(["category", "label"], sort=False):
        cells = {str(r["region"]): {"stars": clean(r["stars"]), "lq": clean(r["lq"])} for r in part.to_dict("records")}
        out.append({"category": cat, "label": label, "cells": [cells.get(c) for c in codes]})
    return out


@router.get("/compare", response_class=HTMLResponse, name="compare")
def compare_page(request: Request, obs: ObservatoryDep, regions: str = "", preset: str = DEFAULT_PRESET
                 ) -> HTMLResponse:
    context: dict[str, object] = {"regions_text": regions, "preset": preset, "error": None, "chosen": []}
    if not regions.strip():
        return render(request, "compare.html", context)
    try:
        check_preset(preset)
        codes = parse_regions(regions)
        chosen = [obs.region(c).region for c in codes]
        long = compare_frame(obs, codes, preset=preset)
    except ClusterObsError as exc:
        context["error"] = str(exc)
        return render(request, "compare.html", context, status_code=400)
    context.update({"chosen": chosen, "matrix": _matrix(long, codes), "scores": _dimensions(obs, chosen),
                    "params": {"regions": ",".join(codes), "preset": preset}})
    return render(request, "compare.html", context)
