"""Read queries on the observatory store, shared by the REST API and the web pages.

The API and the pages are thin: they parse a request, call one method here and render what it returns, so
both always show the same numbers. The store is opened read-only for the server's lifetime, which is what
makes two things safe: summaries are computed once and kept, and an ETag can be derived from the store's
fingerprint (the checksums of its ingests) instead of hashing every answer.

DuckDB connections are not safe to share between threads, and the server answers from a thread pool, so
every thread queries through its own cursor on the one database.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import threading
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import duckdb
import pandas as pd

from clusterobs.errors import NotFoundError
from clusterobs.regions.geometry import feature_collection
from clusterobs.services.records import (
    DatasetRecord,
    FactRecord,
    Headline,
    IndicatorRecord,
    IndicatorSeries,
    IndustryDetail,
    IndustryRecord,
    LatestFact,
    LevelCount,
    MapIndicator,
    Provenance,
    RegionDetail,
    RegionRecord,
    SchemeRecord,
    SeriesPoint,
    Source,
    Suggestion,
    Summary,
)
from clusterobs.store import Store

#: Key figures shown in a region's header: (key, label, candidate indicator codes in order of preference).
#: Demo names first, then Eurostat's (``POP`` from demo_r_d2jan, ``GDP_<unit>`` from nama_10r_2gdp).
HEADLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("population", "Population", ("population", "POP")),
    ("gdp_per_inhabitant", "GDP per inhabitant",
     ("gdp_pps_hab", "GDP_PPS_EU27_2020_HAB", "GDP_PPS_HAB_EU27_2020", "GDP_EUR_HAB")),
)
#: Credits owed when real (non-synthetic) data is shown.
CREDIT_EUROSTAT = "Source: Eurostat"
CREDIT_BOUNDARIES = "© EuroGeographics for the administrative boundaries"
#: Regions whose latest facts are kept in memory (a few kB each).
LATEST_CACHE = 20_000
_REGION_COLS = "r.code, r.version, r.level, r.country, r.name, r.parent, r.is_extra_regio"
_INDUSTRY_COLS = "scheme, code, level, parent, label, kind"


class SuggestingNotFoundError(NotFoundError):
    """Not found, with near matches the API returns as ``suggestions`` and the 404 page offers as links."""

    def __init__(self, message: str, *, suggestions: Sequence[Suggestion] = (), hint: str | None = None) -> None:
        if hint is None and suggestions:
            hint = "did you mean " + ", ".join(f"{s.code} ({s.name})" for s in suggestions) + "?"
        super().__init__(message, hint=hint)
        self.suggestions = list(suggestions)


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort 'ind2' before 'ind10'."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", text))


def version_preference(version: str) -> tuple[bool, str]:
    """Real NUTS versions before 'demo', the latest first when sorted in reverse."""
    return (version.isdigit(), version)


def _float(v: object) -> float | None:
    if v is None:
        return None
    f = float(v)  # type: ignore[arg-type]
    return None if f != f else f


class Observatory:
    """Read-only queries on one open store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()
        self._latest: dict[str, list[LatestFact]] = {}

    # -- plumbing ------------------------------------------------------------------------------------
    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            with self._lock:
                cur = self.store.con.cursor()
                self._cursors.append(cur)
            self._local.cursor = cur
        return cur

    def close(self) -> None:
        """Close every thread's cursor, then the store."""
        with self._lock:
            for cur in self._cursors:
                cur.close()
            self._cursors.clear()
        self.store.close()

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._cursor().execute(sql, list(params)).fetchall()

    def _frame(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        return self._cursor().execute(sql, list(params)).df()

    def _count(self, sql: str, params: Sequence[object] = ()) -> int:
        row = self._cursor().execute(f"SELECT count(*) FROM ({sql})", list(params)).fetchone()
        return int(row[0]) if row else 0

    @cached_property
    def fingerprint(self) -> str:
        """Identity of the store's content: changes with any ingest, used for ETags."""
        rows = self._rows("SELECT id, dataset, checksum FROM ingests ORDER BY id")
        return hashlib.sha256(repr(rows).encode()).hexdigest()[:20]

    # -- what the store holds ------------------------------------------------------------------------
    @cached_property
    def versions(self) -> list[str]:
        found = [r[0] for r in self._rows("SELECT DISTINCT version FROM regions")]
        return sorted(found, key=version_preference, reverse=True)

    @property
    def default_version(self) -> str | None:
        return self.versions[0] if self.versions else None

    def resolve_version(self, version: str | None) -> str:
        if version is None:
            if self.default_version is None:
                raise NotFoundError("the store holds no regions",
                                    hint="load regions with 'clusterobs ingest nuts' or build the demo")
            return self.default_version
        if version not in self.versions:
            raise NotFoundError(f"NUTS version '{version}' is not in the store",
                                hint="use one of: " + (", ".join(self.versions) or "(none loaded)"))
        return version

    @cached_property
    def provenance(self) -> Provenance:
        sources = [Source(dataset=d, kind=k, source=s, loaded_at=str(t), rows=int(n), synthetic=bool(y), note=note)
                   for d, k, s, t, n, y, note in self._rows(
                       "SELECT dataset, kind, source, loaded_at, rows, synthetic, note FROM ingests ORDER BY id")]
        synthetic = any(s.synthetic for s in sources)
        real_data = any(not s.synthetic and s.kind != "taxonomy" for s in sources)
        real_shapes = self._rows("SELECT 1 FROM geometries g JOIN ingests i ON i.id = g.ingest_id "
                                 "WHERE NOT i.synthetic LIMIT 1")
        credits = ([CREDIT_EUROSTAT] if real_data else []) + ([CREDIT_BOUNDARIES] if real_shapes else [])
        return Provenance(synthetic=synthetic, credits=credits, sources=sources)

    @cached_property
    def datasets(self) -> list[DatasetRecord]:
        rows = self._rows(
            """SELECT f.dataset, count(*), count(*) FILTER (WHERE f.value IS NULL OR isnan(f.value)),
                      count(DISTINCT f.region), count(DISTINCT f.indicator), min(f.year), max(f.year),
                      bool_or(f.industry <> ''), bool_or(i.synthetic), list(DISTINCT i.source ORDER BY i.source)
               FROM facts f JOIN ingests i ON i.id = f.ingest_id GROUP BY f.dataset ORDER BY f.dataset""")
        return [DatasetRecord(dataset=d, facts=n, missing=m, regions=r, indicators=k, first_year=y0, last_year=y1,
                              by_industry=bool(bi), synthetic=bool(sy), sources=list(src))
                for d, n, m, r, k, y0, y1, bi, sy, src in rows]

    def dataset(self, name: str) -> DatasetRecord:
        for d in self.datasets:
            if d.dataset == name:
                return d
        raise NotFoundError(f"dataset '{name}' is not in the store",
                            hint="use one of: " + (", ".join(d.dataset for d in self.datasets) or "(none loaded)"))

    def indicators(self, dataset: str) -> list[IndicatorRecord]:
        self.dataset(dataset)
        rows = self._rows(
            """SELECT indicator, min(unit), min(year), max(year), count(DISTINCT region), bool_or(industry <> '')
               FROM facts WHERE dataset = ? GROUP BY indicator""", [dataset])
        out = [IndicatorRecord(dataset=dataset, indicator=i, unit=u, first_year=y0, last_year=y1, regions=n,
                               by_industry=bool(b)) for i, u, y0, y1, n, b in rows]
        return sorted(out, key=lambda r: natural_key(r.indicator))

    @cached_property
    def schemes(self) -> list[SchemeRecord]:
        rows = self._rows("SELECT scheme, count(*), list(DISTINCT level ORDER BY level) FROM industries "
                          "GROUP BY scheme ORDER BY scheme")
        return [SchemeRecord(scheme=s, codes=n, levels=list(lv)) for s, n, lv in rows]

    @cached_property
    def summary(self) -> Summary:
        levels = [LevelCount(version=v, level=lv, regions=n, geometries=g) for v, lv, n, g in self._rows(
            """SELECT r.version, r.level, count(*), count(g.code) FROM regions r
               LEFT JOIN geometries g ON g.code = r.code AND g.version = r.version
               GROUP BY r.version, r.level ORDER BY r.version, r.level""")]
        return Summary(default_version=self.default_version, versions=self.versions, levels=levels,
                       datasets=self.datasets, schemes=self.schemes, provenance=self.provenance)

    # -- regions -------------------------------------------------------------------------------------
    @staticmethod
    def _region(row: Sequence[Any]) -> RegionRecord:
        code, version, level, country, name, parent, extra = row
        return RegionRecord(code=code, version=version, level=int(level), country=country, name=name,
                            parent=parent if isinstance(parent, str) and parent else None,
                            is_extra_regio=bool(extra))

    def regions(self, *, version: str | None = None, level: int | None = None, country: str | None = None,
                parent: str | None = None, q: str | None = None, limit: int = 50,
                offset: int = 0) -> tuple[list[RegionRecord], int]:
        """Regions of one version, filtered, ordered by code; returns (page, total)."""
        where: list[str] = ["r.version = ?"]
        params: list[object] = [self.resolve_version(version)]
        for col, val in (("r.level", level), ("r.country", country.upper() if country else None),
                         ("r.parent", parent)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        if q:
            where.append("(r.code ILIKE ? OR r.name ILIKE ?)")
            params += [f"{q.strip()}%", f"%{q.strip()}%"]
        sql = f"SELECT {_REGION_COLS} FROM regions r WHERE {' AND '.join(where)}"
        total = self._count(sql, params)
        rows = self._rows(sql + " ORDER BY r.code LIMIT ? OFFSET ?", [*params, limit, offset])
        return [self._region(r) for r in rows], total

    def search_regions(self, q: str, *, version: str | None = None, limit: int = 10) -> list[RegionRecord]:
        """Best matches first: exact code, code prefix, name prefix, name containing the text."""
        text = q.strip()
        if not text:
            return []
        rows = self._rows(
            f"""SELECT {_REGION_COLS} FROM regions r
                WHERE r.version = ? AND (r.code ILIKE ? OR r.name ILIKE ?)
                ORDER BY CASE WHEN upper(r.code) = upper(?) THEN 0 WHEN r.code ILIKE ? THEN 1
                              WHEN r.name ILIKE ? THEN 2 ELSE 3 END, r.level, r.code LIMIT ?""",
            [self.resolve_version(version), f"{text}%", f"%{text}%", text, f"{text}%", f"{text}%", limit])
        return [self._region(r) for r in rows]

    def suggest_regions(self, text: str, *, version: str | None = None, limit: int = 5) -> list[Suggestion]:
        """Near matches for an unknown code or name (difflib on codes and on names)."""
        v = self.resolve_version(version)
        rows = self._rows("SELECT code, name FROM regions WHERE version = ? ORDER BY code", [v])
        by_code = {c.upper(): (c, n) for c, n in rows}
        by_name = {n.lower(): (c, n) for c, n in rows}
        found = difflib.get_close_matches(text.upper(), list(by_code), n=limit, cutoff=0.5)
        picks = [by_code[k] for k in found]
        picks += [by_name[k] for k in difflib.get_close_matches(text.lower(), list(by_name), n=limit, cutoff=0.6)]
        if len(text) >= 3:  # a mistyped last character: 'XA1Z' → XA1 and its children
            picks += [(c, n) for c, n in rows if c.upper().startswith(text.upper()[:-1])]
        seen: dict[str, Suggestion] = {}
        for code, name in picks:
            seen.setdefault(code, Suggestion(code=code, name=name, url=f"/regions/{code}?version={v}"))
        return list(seen.values())[:limit]

    def region(self, code: str, *, version: str | None = None) -> RegionDetail:
        v = self.resolve_version(version)
        rows = self._rows(f"SELECT {_REGION_COLS} FROM regions r WHERE r.code = ? AND r.version = ?", [code, v])
        if not rows:
            raise SuggestingNotFoundError(f"region '{code}' is not in NUTS version {v}",
                                          suggestions=self.suggest_regions(code, version=v))
        region = self._region(rows[0])
        ancestors: list[RegionRecord] = []
        parent = region.parent
        while parent:
            prow = self._rows(f"SELECT {_REGION_COLS} FROM regions r WHERE r.code = ? AND r.version = ?", [parent, v])
            if not prow:
                break
            ancestors.insert(0, self._region(prow[0]))
            parent = ancestors[0].parent
        children = [self._region(r) for r in self._rows(
            f"SELECT {_REGION_COLS} FROM regions r WHERE r.parent = ? AND r.version = ? ORDER BY r.code", [code, v])]
        has_geometry = bool(self._rows("SELECT 1 FROM geometries WHERE code = ? AND version = ?", [code, v]))
        others = [r[0] for r in self._rows("SELECT version FROM regions WHERE code = ? AND version <> ?", [code, v])]
        return RegionDetail(region=region, ancestors=ancestors, children=children, has_geometry=has_geometry,
                            headline=self.headline(code), other_versions=sorted(others, key=version_preference))

    def headline(self, region: str) -> list[Headline]:
        """Population and GDP per inhabitant at their latest year with a value, where the facts have them."""
        latest = {(f.indicator): f for f in self.latest_facts(region)}
        out = []
        for key, label, candidates in HEADLINES:
            for ind in candidates:
                f = latest.get(ind)
                if f is not None:
                    out.append(Headline(key=key, label=label, dataset=f.dataset, indicator=f.indicator, year=f.year,
                                        value=f.value, unit=f.unit, flag=f.flag))
                    break
        return out

    def latest_facts(self, region: str) -> list[LatestFact]:
        """For each region-level indicator (not by industry), its latest non-missing value.

        Kept per region (the store is read-only while served): it scans the facts and every region page needs it.
        """
        cached = self._latest.get(region)
        if cached is not None:
            return list(cached)
        rows = self._rows(
            """SELECT dataset, indicator, arg_max(year, year), arg_max(value, year), arg_max(unit, year),
                      arg_max(flag, year)
               FROM facts WHERE region = ? AND industry = '' AND value IS NOT NULL AND NOT isnan(value)
               GROUP BY dataset, indicator""", [region])
        out = sorted((LatestFact(dataset=d, indicator=i, year=int(y), value=float(v), unit=u, flag=f)
                      for d, i, y, v, u, f in rows), key=lambda f: (f.dataset, natural_key(f.indicator)))
        if len(self._latest) < LATEST_CACHE:
            self._latest[region] = out
        return list(out)

    def series(self, region: str, dataset: str, indicator: str, *, industry: str = "") -> IndicatorSeries:
        rows = self._rows("SELECT year, value, unit FROM facts WHERE region = ? AND dataset = ? AND indicator = ? "
                          "AND industry = ? ORDER BY year", [region, dataset, indicator, industry])
        if not rows:
            raise NotFoundError(f"no facts for region '{region}', dataset '{dataset}', indicator '{indicator}'",
                                hint="list what a region has with GET /api/v1/regions/{code}/facts")
        return IndicatorSeries(dataset=dataset, indicator=indicator, unit=rows[0][2],
                               points=[SeriesPoint(year=int(y), value=_float(v)) for y, v, _ in rows])

    def facts(self, region: str, *, dataset: str | None = None, indicator: str | None = None,
              industry: str | None = None, year: int | None = None, limit: int = 50,
              offset: int = 0) -> tuple[list[FactRecord], int]:
        """Facts of a region, filtered; ``industry=''`` keeps the facts that are not by industry."""
        if not self._rows("SELECT 1 FROM regions WHERE code = ? LIMIT 1", [region]):
            raise SuggestingNotFoundError(f"region '{region}' is not in the store",
                                          suggestions=self.suggest_regions(region))
        where: list[str] = ["region = ?"]
        params: list[object] = [region]
        for col, val in (("dataset", dataset), ("indicator", indicator), ("industry", industry), ("year", year)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        sql = ("SELECT dataset, region, industry, indicator, year, value, unit, flag FROM facts WHERE "
               + " AND ".join(where))
        total = self._count(sql, params)
        rows = self._rows(sql + " ORDER BY dataset, indicator, industry, year LIMIT ? OFFSET ?",
                          [*params, limit, offset])
        return [FactRecord(dataset=d, region=r, industry=i, indicator=k, year=int(y), value=_float(v), unit=u, flag=f)
                for d, r, i, k, y, v, u, f in rows], total

    # -- maps ----------------------------------------------------------------------------------------
    def map_indicators(self, *, version: str | None = None, level: int = 2) -> list[MapIndicator]:
        """Region-level indicators with values for regions of this version and level (what a map can show)."""
        rows = self._rows(
            """SELECT f.dataset, f.indicator, min(f.unit), list(DISTINCT f.year ORDER BY f.year),
                      count(DISTINCT f.region)
               FROM facts f JOIN regions r ON r.code = f.region AND r.version = ? AND r.level = ?
               WHERE f.industry = '' AND f.value IS NOT NULL AND NOT isnan(f.value)
               GROUP BY f.dataset, f.indicator""", [self.resolve_version(version), level])
        out = [MapIndicator(dataset=d, indicator=i, unit=u, years=list(ys), regions=n) for d, i, u, ys, n in rows]
        return sorted(out, key=lambda m: (m.dataset, natural_key(m.indicator)))

    def default_map_indicator(self, *, version: str | None = None, level: int = 2) -> MapIndicator | None:
        """Population if the store has it, otherwise the first indicator (natural order)."""
        options = self.map_indicators(version=version, level=level)
        for _, _, candidates in HEADLINES[:1]:
            for m in options:
                if m.indicator in candidates:
                    return m
        return options[0] if options else None

    def geometry(self, *, version: str | None = None, level: int = 2, dataset: str | None = None,
                 indicator: str | None = None, year: int | None = None, country: str | None = None) -> dict[str, Any]:
        """GeoJSON FeatureCollection of one version and level; with an indicator, each feature carries its
        ``value`` (``null`` where missing), ``unit`` and ``year`` (the latest year with data unless given)."""
        v = self.resolve_version(version)
        params: list[object] = []
        value_sql = "NULL::DOUBLE AS value, NULL AS unit, NULL::INTEGER AS year"
        join = ""
        if indicator is not None:
            if dataset is None:
                raise NotFoundError("an indicator needs its dataset", hint="add dataset=NAME to the request")
            self.dataset(dataset)
            if year is None:
                year = self._latest_year(v, level, dataset, indicator)
            value_sql = "f.value AS value, f.unit AS unit, f.year AS year"
            join = ("LEFT JOIN facts f ON f.region = r.code AND f.dataset = ? AND f.indicator = ? "
                    "AND f.industry = '' AND f.year = ?")
            params += [dataset, indicator, year]
        where = "r.version = ? AND r.level = ?"
        params += [v, level]
        if country:
            where += " AND r.country = ?"
            params.append(country.upper())
        frame = self._frame(
            f"""SELECT r.code, r.name, r.level, r.country, g.simplified, {value_sql}
                FROM regions r JOIN geometries g ON g.code = r.code AND g.version = r.version {join}
                WHERE {where} ORDER BY r.code""", params)
        fc = feature_collection(frame, value_columns=("country", "value", "unit", "year"))
        fc["properties"] = {"version": v, "level": level, "dataset": dataset, "indicator": indicator, "year": year}
        return fc

    def _latest_year(self, version: str, level: int, dataset: str, indicator: str) -> int:
        row = self._rows(
            """SELECT max(f.year) FROM facts f JOIN regions r ON r.code = f.region AND r.version = ? AND r.level = ?
               WHERE f.dataset = ? AND f.indicator = ? AND f.industry = '' AND NOT isnan(f.value)""",
            [version, level, dataset, indicator])
        if not row or row[0][0] is None:
            raise NotFoundError(f"indicator '{indicator}' of dataset '{dataset}' has no values for NUTS {version} "
                                f"level {level}", hint="list map indicators with GET /api/v1/maps/indicators")
        return int(row[0][0])

    # -- industries ------------------------------------------------------------------------------------
    @staticmethod
    def _industry(row: Sequence[Any]) -> IndustryRecord:
        scheme, code, level, parent, label, kind = row
        return IndustryRecord(scheme=scheme, code=code, level=int(level),
                              parent=parent if isinstance(parent, str) and parent else None, label=label,
                              kind=kind or "")

    def _check_scheme(self, scheme: str) -> None:
        if scheme not in {s.scheme for s in self.schemes}:
            raise NotFoundError(f"industry scheme '{scheme}' is not in the store",
                                hint="use one of: " + (", ".join(s.scheme for s in self.schemes) or "(none loaded)"))

    def industries(self, *, scheme: str | None = None, level: int | None = None, parent: str | None = None,
                   kind: str | None = None, q: str | None = None, limit: int = 50,
                   offset: int = 0) -> tuple[list[IndustryRecord], int]:
        where: list[str] = ["TRUE"]
        params: list[object] = []
        if scheme is not None:
            self._check_scheme(scheme)
            where.append("scheme = ?")
            params.append(scheme)
        for col, val in (("level", level), ("parent", parent), ("kind", kind)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        if q:
            where.append("(code ILIKE ? OR label ILIKE ?)")
            params += [f"{q.strip()}%", f"%{q.strip()}%"]
        sql = f"SELECT {_INDUSTRY_COLS} FROM industries WHERE {' AND '.join(where)}"
        total = self._count(sql, params)
        rows = self._rows(sql + " ORDER BY scheme, code LIMIT ? OFFSET ?", [*params, limit, offset])
        return [self._industry(r) for r in rows], total

    def industry(self, scheme: str, code: str) -> IndustryDetail:
        self._check_scheme(scheme)
        rows = self._rows(f"SELECT {_INDUSTRY_COLS} FROM industries WHERE scheme = ? AND code = ?", [scheme, code])
        if not rows:
            raise SuggestingNotFoundError(f"no {scheme} code '{code}'",
                                          suggestions=self.suggest_industries(scheme, code))
        ind = self._industry(rows[0])
        parent = None
        if ind.parent:
            prow = self._rows(f"SELECT {_INDUSTRY_COLS} FROM industries WHERE scheme = ? AND code = ?",
                              [scheme, ind.parent])
            parent = self._industry(prow[0]) if prow else None
        children = [self._industry(r) for r in self._rows(
            f"SELECT {_INDUSTRY_COLS} FROM industries WHERE scheme = ? AND parent = ? ORDER BY code", [scheme, code])]
        if scheme == "nace_r2":
            links = self._rows(f"""SELECT {', '.join('i.' + c.strip() for c in _INDUSTRY_COLS.split(','))}
                FROM industry_links l JOIN industries i ON i.scheme = l.scheme AND i.code = l.category
                WHERE l.nace = ? ORDER BY i.scheme, i.code""", [code])
        else:
            links = self._rows(f"""SELECT {', '.join('i.' + c.strip() for c in _INDUSTRY_COLS.split(','))}
                FROM industry_links l JOIN industries i ON i.scheme = 'nace_r2' AND i.code = l.nace
                WHERE l.scheme = ? AND l.category = ? ORDER BY i.code""", [scheme, code])
        return IndustryDetail(industry=ind, parent=parent, children=children, links=[self._industry(r) for r in links])

    def suggest_industries(self, scheme: str, text: str, *, limit: int = 5) -> list[Suggestion]:
        rows = self._rows("SELECT code, label FROM industries WHERE scheme = ? ORDER BY code", [scheme])
        by_code = {c.lower(): (c, n) for c, n in rows}
        by_label = {n.lower(): (c, n) for c, n in rows}
        picks = [by_code[k] for k in difflib.get_close_matches(text.lower(), list(by_code), n=limit, cutoff=0.5)]
        picks += [by_label[k] for k in difflib.get_close_matches(text.lower(), list(by_label), n=limit, cutoff=0.5)]
        seen: dict[str, Suggestion] = {}
        for code, label in picks:
            seen.setdefault(code, Suggestion(code=code, name=label, url=f"/sectors/{scheme}/{code}"))
        return list(seen.values())[:limit]


__all__ = [
    "CREDIT_BOUNDARIES",
    "CREDIT_EUROSTAT",
    "HEADLINES",
    "Observatory",
    "SuggestingNotFoundError",
    "natural_key",
    "version_preference",
]
