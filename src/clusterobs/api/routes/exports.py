"""Exports: any registered table as CSV or XLSX, with the same filters as the page that shows it."""

from __future__ import annotations

import re
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.requests import Request

from clusterobs.api.deps import ObservatoryDep
from clusterobs.services.exports import EXPORTS, FORMATS, export_table, write_table

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get("", summary="The tables that can be exported, with their parameters")
def list_exports() -> dict[str, dict[str, str | list[str]]]:
    return {name: {"title": t.title, "params": list(t.params), "required": list(t.required)}
            for name, t in sorted(EXPORTS.items())}


@router.get("/{table}.{fmt}", summary="Download a table as CSV or XLSX", response_class=Response,
            responses={200: {"content": {m: {} for m in FORMATS.values()}, "description": "The table as a file."}})
def download_table(table: str, fmt: Literal["csv", "xlsx"], request: Request, obs: ObservatoryDep) -> Response:
    params = dict(request.query_params)
    body = write_table(export_table(obs, table, params), fmt, sheet=table)
    stem = "-".join([table, *(params[k] for k in EXPORTS[table].params if params.get(k))])
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem)  # a safe ASCII file name whatever the filters
    return Response(body, media_type=FORMATS[fmt],
                    headers={"content-disposition": f'attachment; filename="{stem}.{fmt}"'})
