"""Downloadable tables: a registry of named tables (name → builder), written as CSV or XLSX.

Every table a page shows is one of these, so its download link is ``/api/v1/exports/<name>.<csv|xlsx>`` with
the same filters as the page. Capabilities that land later (cluster portfolio, scorecard …) add theirs with
:func:`register_export`; an unknown table or parameter is an error that lists the valid ones.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterobs.errors import InputError, NotFoundError, UnknownMethodError
from clusterobs.services.observatory import Observatory

#: Enough rows for any table the observatory holds, as one download.
ALL_ROWS = 10_000_000
FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Excel's hard row limit (minus the header).
XLSX_MAX_ROWS = 1_048_575

Params = Mapping[str, str]


@dataclass(frozen=True)
class ExportTable:
    """A downloadable table: its name, what it is, which query parameters it takes and how to build it."""

    name: str
    title: str
    build: Callable[[Observatory, Params], pd.DataFrame]
    params: tuple[str, ...] = ()
    required: tuple[str, ...] = field(default=())


EXPORTS: dict[str, ExportTable] = {}


def register_export(table: ExportTable) -> ExportTable:
    """Add a table to the registry (a later registration of the same name replaces the earlier one)."""
    EXPORTS[table.name] = table
    return table


def _int(params: Params, key: str) -> int | None:
    if key not in params or params[key] == "":
        return None
    try:
        return int(params[key])
    except ValueError:
        raise InputError(f"parameter '{key}' must be an integer, got '{params[key]}'") from None


def _frame(records: list[object]) -> pd.DataFrame:
    return pd.DataFrame([r.model_dump() for r in records])  # type: ignore[attr-defined]


def _regions(obs: Observatory, p: Params) -> pd.DataFrame:
    rows, _ = obs.regions(version=p.get("version"), level=_int(p, "level"), country=p.get("country"),
                          parent=p.get("parent"), q=p.get("q"), limit=ALL_ROWS)
    return _frame(list(rows))


def _region_facts(obs: Observatory, p: Params) -> pd.DataFrame:
    rows, _ = obs.facts(p["region"], dataset=p.get("dataset"), indicator=p.get("indicator"),
                        industry=p.get("industry"), year=_int(p, "year"), limit=ALL_ROWS)
    return _frame(list(rows))


def _region_indicators(obs: Observatory, p: Params) -> pd.DataFrame:
    obs.region(p["region"], version=p.get("version"))
    return _frame(list(obs.latest_facts(p["region"])))


def _industries(obs: Observatory, p: Params) -> pd.DataFrame:
    rows, _ = obs.industries(scheme=p.get("scheme"), level=_int(p, "level"), parent=p.get("parent"),
                             kind=p.get("kind"), q=p.get("q"), limit=ALL_ROWS)
    return _frame(list(rows))


def _industry_links(obs: Observatory, p: Params) -> pd.DataFrame:
    return _frame(list(obs.industry(p["scheme"], p["code"]).links))


def _map_values(obs: Observatory, p: Params) -> pd.DataFrame:
    fc = obs.geometry(version=p.get("version"), level=_int(p, "level") or 2, dataset=p["dataset"],
                      indicator=p["indicator"], year=_int(p, "year"))
    cols = ["code", "name", "level", "country", "value", "unit", "year"]
    return pd.DataFrame([{c: f["properties"].get(c) for c in cols} for f in fc["features"]], columns=cols)


def _datasets(obs: Observatory, p: Params) -> pd.DataFrame:
    frame = _frame(list(obs.datasets))
    if "sources" in frame:
        frame["sources"] = frame["sources"].map("; ".join)
    return frame


for _t in (
    ExportTable("regions", "Regions", _regions, ("version", "level", "country", "parent", "q")),
    ExportTable("region-facts", "Facts of a region", _region_facts,
                ("region", "dataset", "indicator", "industry", "year"), ("region",)),
    ExportTable("region-indicators", "Latest value of each indicator of a region", _region_indicators,
                ("region", "version"), ("region",)),
    ExportTable("industries", "Industries and categories", _industries, ("scheme", "level", "parent", "kind", "q")),
    ExportTable("industry-links", "NACE classes of a category, or categories of a NACE code", _industry_links,
                ("scheme", "code"), ("scheme", "code")),
    ExportTable("map-values", "Values of a map's indicator by region", _map_values,
                ("version", "level", "dataset", "indicator", "year"), ("dataset", "indicator")),
    ExportTable("datasets", "Datasets in the store", _datasets),
):
    register_export(_t)


def export_table(obs: Observatory, name: str, params: Params) -> pd.DataFrame:
    """Build a registered table after checking its parameters."""
    table = EXPORTS.get(name)
    if table is None:
        raise NotFoundError(f"no export table '{name}'", hint="use one of: " + ", ".join(sorted(EXPORTS)))
    unknown = sorted(set(params) - set(table.params))
    if unknown:
        raise InputError(f"export '{name}' takes no parameter {', '.join(repr(u) for u in unknown)}",
                         hint="it takes: " + (", ".join(table.params) or "no parameters"))
    missing = [r for r in table.required if not params.get(r)]
    if missing:
        raise InputError(f"export '{name}' needs {', '.join(repr(m) for m in missing)}",
                         hint=f"add ?{missing[0]}=… to the address")
    return table.build(obs, params)


def write_table(frame: pd.DataFrame, fmt: str, *, sheet: str = "data") -> bytes:
    """The table as CSV (UTF-8, empty cell for missing) or XLSX bytes."""
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8")
    if fmt == "xlsx":
        if len(frame) > XLSX_MAX_ROWS:
            raise InputError(f"the table has {len(frame):,} rows, more than a spreadsheet holds",
                             hint="download it as .csv, or add filters")
        buf = io.BytesIO()
        frame.to_excel(buf, index=False, sheet_name=sheet[:31], engine="openpyxl")
        return buf.getvalue()
    raise UnknownMethodError("export format", fmt, FORMATS)


__all__ = ["EXPORTS", "FORMATS", "ExportTable", "export_table", "register_export", "write_table"]
