"""Thin readers at the edge: COINr's iData/iMeta CSV layout and the YAML framework format.

The YAML format (``version``, optional ``name``/``source``, ``groups``, ``denominators`` and a flat list of
``elements`` with ``code``, ``level``, ``parent``, ``name``, ``direction``, ``weight``, ``denominator``,
``target``, ``goalposts: [lower, upper]``, ``unit``) is documented in docs/composite-run.md.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import cast

import pandas as pd
import yaml

from clusterobs.composite.framework import Element, Framework, build_framework
from clusterobs.errors import FileFormatError, ValidationError

IMETA_REQUIRED = ("Level", "iCode", "Direction", "Weight", "Parent", "Type")


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise FileFormatError("file does not exist", path=path)
    try:
        return pd.read_csv(path, dtype={"iCode": str, "uCode": str, "Parent": str, "Type": str})
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise FileFormatError(f"cannot parse as CSV: {exc}", path=path) from exc


def _opt_str(v: object) -> str | None:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or str(v).strip() == "":
        return None
    return str(v)


def _opt_float(v: object) -> float | None:
    s = _opt_str(v)
    return None if s is None else float(s)


def framework_from_imeta(meta: pd.DataFrame, *, source: str = "iMeta") -> Framework:
    """Build a framework from an iMeta table (COINr columns Level, iCode, iName, Direction, Weight, Parent, Type,
    Denominator, Target; rows of Type ``Group``/``Denominator`` declare unit columns; ``Other`` rows are ignored)."""
    missing = [c for c in IMETA_REQUIRED if c not in meta.columns]
    if missing:
        raise FileFormatError("iMeta lacks columns: " + ", ".join(missing), path=source)
    elements: list[Element] = []
    groups: list[str] = []
    denoms: list[str] = []
    for i, row in enumerate(meta.to_dict("records"), start=2):
        code, kind = _opt_str(row["iCode"]), _opt_str(row["Type"])
        if code is None:
            raise ValidationError("empty iCode", path=source, line=i, field="iCode")
        if kind == "Group":
            groups.append(code)
            continue
        if kind == "Denominator":
            denoms.append(code)
            continue
        if kind not in ("Indicator", "Aggregate"):
            if kind == "Other":
                continue
            raise ValidationError(f"unknown Type {kind!r} for {code}", path=source, line=i, field="Type",
                                  hint="use Indicator, Aggregate, Group, Denominator or Other")
        try:
            level = int(float(str(row["Level"])))
            direction = int(float(str(row["Direction"])))
            weight = float(str(row["Weight"]))
        except ValueError as exc:
            raise ValidationError(f"non-numeric Level/Direction/Weight for {code}: {exc}", path=source,
                                  line=i) from exc
        elements.append(Element(
            code=code, level=level, parent=_opt_str(row["Parent"]), name=_opt_str(row.get("iName")) or code,
            direction=direction, weight=weight, type=kind, denominator=_opt_str(row.get("Denominator")),
            target=_opt_float(row.get("Target")), unit=_opt_str(row.get("Unit")) or "",
        ))
    return build_framework(elements, groups=groups, denominators=denoms, source=source)


def read_imeta(path: str | Path) -> Framework:
    """Read a COINr-style iMeta CSV into a validated :class:`Framework`."""
    p = Path(path)
    return framework_from_imeta(_read_csv(p), source=str(p))


def read_idata(path: str | Path) -> pd.DataFrame:
    """Read a COINr-style iData CSV, indexed by ``uCode`` (other columns kept as they are)."""
    p = Path(path)
    df = _read_csv(p)
    if "uCode" not in df.columns:
        raise FileFormatError("iData has no uCode column", path=p, hint="the unit code column must be named uCode")
    return df.set_index("uCode")


def framework_from_dict(doc: dict[str, object], *, source: str = "framework") -> Framework:
    """Build a framework from the parsed YAML/JSON document."""
    raw = doc.get("elements")
    if not isinstance(raw, list):
        raise FileFormatError("'elements' must be a list of mappings", path=source, field="elements")
    elements = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "code" not in item or "level" not in item:
            raise ValidationError(f"element #{i + 1} needs at least 'code' and 'level'", path=source,
                                  field="elements")
        gp = item.get("goalposts")
        elements.append(Element(
            code=str(item["code"]), level=int(item["level"]), parent=_opt_str(item.get("parent")),
            name=str(item.get("name", item["code"])), direction=int(item.get("direction", 1)),
            weight=float(item.get("weight", 1.0)), denominator=_opt_str(item.get("denominator")),
            target=_opt_float(item.get("target")),
            goalposts=(float(gp[0]), float(gp[1])) if isinstance(gp, list | tuple) else None,
            unit=str(item.get("unit", "")),
        ))
    groups = cast(list[str], doc.get("groups") or [])
    denoms = cast(list[str], doc.get("denominators") or [])
    return build_framework(elements, groups=groups, denominators=denoms, source=source)


def read_framework_yaml(path: str | Path) -> Framework:
    """Read a framework YAML file (see the module docstring)."""
    p = Path(path)
    if not p.exists():
        raise FileFormatError("file does not exist", path=p)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FileFormatError(f"invalid YAML: {exc}", path=p) from exc
    if not isinstance(doc, dict):
        raise FileFormatError("top level must be a mapping", path=p)
    return framework_from_dict(doc, source=str(p))


def framework_to_dict(framework: Framework) -> dict[str, object]:
    """The YAML document for ``framework`` (inverse of :func:`framework_from_dict`)."""
    els: list[dict[str, object]] = []
    for e in framework.elements:
        d: dict[str, object] = {"code": e.code, "level": e.level, "parent": e.parent, "name": e.name,
                                "direction": e.direction, "weight": e.weight}
        if e.denominator:
            d["denominator"] = e.denominator
        if e.target is not None:
            d["target"] = e.target
        if e.goalposts is not None:
            d["goalposts"] = list(e.goalposts)
        if e.unit:
            d["unit"] = e.unit
        els.append(d)
    return {"version": 1, "groups": list(framework.groups), "denominators": list(framework.denominators),
            "elements": els}


__all__ = ["framework_from_dict", "framework_from_imeta", "framework_to_dict", "read_framework_yaml", "read_idata",
           "read_imeta"]
