"""Load GISCO NUTS boundaries (GeoJSON, ``NUTS_RG_<scale>_<year>_4326`` layout) into a store batch.

Each feature gives a region (``NUTS_ID``, ``LEVL_CODE``, ``NAME_LATN``) and its shape. GISCO's
``CNTR_CODE`` says ``GB`` for the United Kingdom while the codes say ``UK``; we keep the code's own prefix
as the country, so regions and facts join on one convention. Shapes are stored as published and
simplified per level (see :mod:`clusterobs.regions.geometry`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
from shapely.errors import GEOSException
from shapely.geometry import shape

from clusterobs.errors import FileFormatError, ValidationError
from clusterobs.regions.codes import is_nuts_code, parse_code
from clusterobs.regions.geometry import geometry_json, simplify_geometry
from clusterobs.regions.registry import COLUMNS as REGION_COLUMNS
from clusterobs.store import Batch, file_checksum

GEOMETRY_COLUMNS = ("code", "version", "level", "geometry", "simplified")
_SHAPES = ("Polygon", "MultiPolygon")


def read_geojson(path: Path) -> dict[str, Any]:
    """Parse a GeoJSON FeatureCollection, turning every way it can be broken into a FileFormatError."""
    raw = path.read_bytes()
    if not raw.strip():
        raise FileFormatError("the file is empty", path=path, line=1, hint="download the GeoJSON file again")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileFormatError("not valid UTF-8", path=path, line=line, hint="GeoJSON must be UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"not valid JSON ({exc.msg}, column {exc.colno})", path=path, line=exc.lineno,
                              hint="the file may be truncated; download it again") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(
            doc.get("features"), list):
        raise FileFormatError("not a GeoJSON FeatureCollection", path=path,
                              hint="use a GISCO NUTS_RG_*_4326.geojson file")
    return doc


def _feature_error(path: Path, i: int, message: str, field: str | None = None) -> ValidationError:
    return ValidationError(f"feature {i}: {message}", path=path, field=field,
                           hint="use an unmodified GISCO NUTS_RG_*_4326.geojson file")


def read_gisco(path: str | Path, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A GISCO file → (``regions`` rows with Latin names, ``geometries`` rows) for NUTS ``version``."""
    p = Path(path)
    doc = read_geojson(p)
    regions: list[dict[str, object]] = []
    geoms: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for i, feat in enumerate(doc["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict) or not props.get("NUTS_ID"):
            raise FileFormatError(f"feature {i} has no NUTS_ID", path=p, field="NUTS_ID",
                                  hint="every feature needs properties.NUTS_ID; use a GISCO NUTS_RG file")
        code = str(props["NUTS_ID"])
        if not is_nuts_code(code):
            raise _feature_error(p, i, f"'{code}' is not a NUTS code", "NUTS_ID")
        if code in seen:
            raise _feature_error(p, i, f"duplicate NUTS_ID '{code}' (first in feature {seen[code]})", "NUTS_ID")
        seen[code] = i
        parsed = parse_code(code)
        level = props.get("LEVL_CODE")
        if not isinstance(level, int) or level != parsed.level:
            raise _feature_error(p, i, f"LEVL_CODE {level!r} does not match '{code}' (level {parsed.level})",
                                 "LEVL_CODE")
        name = props.get("NAME_LATN")
        if not isinstance(name, str) or not name.strip():
            raise _feature_error(p, i, f"'{code}' has no NAME_LATN", "NAME_LATN")
        geom = feat.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") not in _SHAPES:
            raise _feature_error(p, i, f"'{code}' has no Polygon or MultiPolygon geometry", "geometry")
        try:
            shape(geom)
            simplified = simplify_geometry(geom, level)
        except (GEOSException, ValueError, TypeError, IndexError, KeyError) as exc:
            raise _feature_error(p, i, f"'{code}' has unreadable coordinates ({exc})", "geometry") from exc
        regions.append({"code": code, "version": version, "level": level, "country": parsed.country,
                        "name": name.strip(), "parent": parsed.parent, "is_extra_regio": parsed.is_extra_regio})
        geoms.append({"code": code, "version": version, "level": level, "geometry": geometry_json(geom),
                      "simplified": geometry_json(simplified)})
    if not regions:
        raise FileFormatError("the FeatureCollection has no features", path=p, hint="use a complete GISCO file")
    return (pd.DataFrame(regions, columns=list(REGION_COLUMNS)),
            pd.DataFrame(geoms, columns=list(GEOMETRY_COLUMNS)))


def load_gisco(path: str | Path, *, version: str, source: str | None = None) -> Batch:
    """A GISCO file → one batch of ``regions`` and ``geometries`` (``source``: the address it came from)."""
    p = Path(path)
    regions, geoms = read_gisco(p, version)
    return Batch(dataset=f"gisco_nuts_{version}", kind="geometry", source=source or str(p),
                 checksum=file_checksum(p), tables={"regions": regions, "geometries": geoms},
                 note=f"GISCO NUTS {version} boundaries ({p.name})")


__all__ = ["GEOMETRY_COLUMNS", "load_gisco", "read_geojson", "read_gisco"]
