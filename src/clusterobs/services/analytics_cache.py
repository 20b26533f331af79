"""Cluster mapping and scoreboard results of one served store, computed once per process and kept.

The server opens its store read-only, so a rated table (every region × category × year with its stars) or
the scoreboard's scores never change while it runs: they are computed on first use and kept, and a region
page then only filters tables in memory. Computations go through one private DuckDB cursor under one lock
(the analytics services read the store with ``store.query``/``store.con``, and a DuckDB connection must not
be used by two threads at once); reading the cached frames needs no lock.

"No data" is an answer, not an error: :meth:`Analytics.rated` and :meth:`Analytics.scoreboard` return
``None`` when the store lacks what they need, so pages skip their sections; the API turns that ``None``
into a :class:`~clusterobs.errors.NotFoundError` with a hint.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import duckdb
import numpy as np
import pandas as pd

from clusterobs.errors import InputError, NotFoundError, UnknownMethodError
from clusterobs.mapping import builtin_names
from clusterobs.mapping.bridges import bridges, opportunities
from clusterobs.mapping.relatedness import relatedness
from clusterobs.mapping.views import portfolio, sector
from clusterobs.scoreboard import PeerResult
from clusterobs.services.choropleth import same_territory
from clusterobs.services.clusters import DivisionAllocation, allocation_of, category_table, clusters
from clusterobs.services.observatory import Observatory
from clusterobs.services.scoreboard import ScoreboardService, scoreboard_uncertainty
from clusterobs.store import Store

DEFAULT_PRESET = "eco2007"
#: Schemes whose categories are rated (the 51 traded + local categories, the 10 emerging industries).
RATED_SCHEMES = ("cluster_category", "emerging")
#: Region × chosen-peers readings kept (each a few small frames).
REGION_CACHE = 512
#: Derived results kept by :meth:`Analytics.memo` (e.g. rendered page sections, a few kB to 100 kB each).
MEMO_CACHE = 2048
MAX_UNCERTAINTY_RUNS = 2000
T = TypeVar("T")


class _CursorStore:
    """The read side of :class:`~clusterobs.store.Store` (``query``, ``con``) on a private cursor."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()


@dataclass(frozen=True)
class RegionScoreboard:
    """One region's scoreboard reading against one set of peers."""

    region: str
    peers: PeerResult
    elements: pd.DataFrame
    scorecard: pd.DataFrame
    dashboard: pd.DataFrame


def parse_peers(text: str | None) -> list[str] | None:
    """``"A, B"`` → ``["A", "B"]``; empty → ``None`` (the structural default)."""
    if text is None:
        return None
    codes = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
    return codes or None


def check_preset(preset: str) -> str:
    names = builtin_names()
    if preset not in names:
        raise UnknownMethodError("star preset", preset, names)
    return preset


def check_scheme(scheme: str) -> str:
    if scheme not in RATED_SCHEMES:
        raise NotFoundError(f"scheme '{scheme}' has no cluster ratings",
                            hint="use one of: " + ", ".join(RATED_SCHEMES))
    return scheme


class Analytics:
    """Rated tables, relatedness and scoreboard results of one :class:`Observatory`, kept once computed."""

    def __init__(self, obs: Observatory) -> None:
        self.obs = obs
        self._lock = threading.RLock()
        self._store: Store | None = None
        self._rated: dict[tuple[int, str, str], pd.DataFrame | None] = {}
        self._allocations: dict[tuple[int, str], DivisionAllocation | None] = {}
        self._aliases: dict[str, frozenset[str]] | None = None
        self._latest: dict[tuple[int, str, str], dict[str, pd.DataFrame]] = {}
        self._related: dict[tuple[int, str], pd.DataFrame | None] = {}
        self._labels: dict[str, dict[str, str]] = {}
        self._names: dict[str, str] | None = None
        self._scoreboards: dict[int, ScoreboardService | None] = {}
        self._regions: OrderedDict[tuple[str, tuple[str, ...] | None], RegionScoreboard] = OrderedDict()
        self._uncertainty: dict[tuple[int, int, float], pd.DataFrame] = {}
        self._memo: OrderedDict[tuple[object, ...], object] = OrderedDict()

    def memo(self, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """``make()`` once per key for this store (least recently used dropped beyond :data:`MEMO_CACHE`)."""
        try:
            found = self._memo[key]
        except KeyError:
            value = make()
            with self._lock:
                self._memo[key] = value
                while len(self._memo) > MEMO_CACHE:
                    self._memo.popitem(last=False)
            return value
        return cast(T, found)

    def _db(self) -> Store:
        if self._store is None:
            self._store = cast(Store, _CursorStore(self.obs.store.con.cursor()))
        return self._store

    # -- cluster mapping ---------------------------------------------------------------------------------
    def rated(self, *, level: int = 2, scheme: str = "cluster_category", preset: str = DEFAULT_PRESET
              ) -> pd.DataFrame | None:
        """Every region × category × year of a level rated with a preset, or ``None`` without business data."""
        key = (level, check_scheme(scheme), check_preset(preset))
        if key in self._rated:
            return self._rated[key]
        with self._lock:
            if key not in self._rated:
                try:
                    table = clusters(self._db(), preset=preset, level=level, scheme=scheme)
                except NotFoundError:
                    table = None
                if table is not None:
                    self._allocations[key[:2]] = allocation_of(table)
                    table = table.assign(region=table["region"].astype(str), category=table["category"].astype(str))
                self._rated[key] = table
        return self._rated[key]

    def allocation(self, *, level: int = 2, scheme: str = "cluster_category") -> DivisionAllocation | None:
        """How the level's categories were built from NACE divisions (``None``: exactly, from classes)."""
        self.rated(level=level, scheme=scheme)
        return self._allocations.get((level, scheme))

    def same_territory(self) -> dict[str, frozenset[str]]:
        """Code → codes of the same territory in other NUTS versions (recoded or renamed), for maps."""
        if self._aliases is None:
            with self._lock:
                if self._aliases is None:
                    self._aliases = same_territory(self._db().query(
                        "SELECT code_from, code_to, change FROM region_changes"))
        return self._aliases

    def latest_year(self, *, level: int = 2, scheme: str = "cluster_category", preset: str = DEFAULT_PRESET
                    ) -> int | None:
        table = self.rated(level=level, scheme=scheme, preset=preset)
        return None if table is None or table.empty else int(table["year"].max())

    def _by_region(self, level: int, scheme: str, preset: str) -> dict[str, pd.DataFrame]:
        key = (level, scheme, preset)
        if key not in self._latest:
            table = self.rated(level=level, scheme=scheme, preset=preset)
            groups: dict[str, pd.DataFrame] = {}
            if table is not None and not table.empty:
                latest = table[table["year"] == table["year"].max()]
                groups = {str(r): g for r, g in latest.groupby("region", sort=False)}
            self._latest[key] = groups
        return self._latest[key]

    def portfolio(self, region: str, *, level: int = 2, scheme: str = "cluster_category",
                  preset: str = DEFAULT_PRESET, year: int | None = None) -> pd.DataFrame | None:
        """The region's categories (latest year unless given), best rated first; ``None`` if not rated."""
        if year is None:
            part = self._by_region(level, scheme, preset).get(region)
            return None if part is None else portfolio(part, region)
        table = self.rated(level=level, scheme=scheme, preset=preset)
        if table is None or not (table["region"] == region).any():
            return None
        return portfolio(table, region, year=year)

    def sector(self, scheme: str, code: str, *, level: int = 2, preset: str = DEFAULT_PRESET,
               year: int | None = None) -> pd.DataFrame | None:
        """Every region of a level for one category, best rated and largest first; ``None`` if not rated."""
        table = self.rated(level=level, scheme=scheme, preset=preset)
        if table is None or not (table["category"] == code).any():
            return None
        return sector(table, code, year=year)

    def sector_level(self, scheme: str) -> int | None:
        """NUTS 2 when it has rated data, else the finest level that has it."""
        for level in (2, 3, 1, 0):
            if self.rated(level=level, scheme=scheme) is not None:
                return level
        return None

    def relatedness(self, *, level: int = 2, scheme: str = "cluster_category") -> pd.DataFrame | None:
        """Category × category proximity (co-specialisation, latest year) from the store's own data."""
        key = (level, check_scheme(scheme))
        if key in self._related:
            return self._related[key]
        with self._lock:
            if key not in self._related:
                try:
                    data = category_table(self._db(), level=level, scheme=scheme)
                    matrix: pd.DataFrame | None = relatedness(data.drop(columns=["missing_classes"]),
                                                              method="proximity")
                except NotFoundError:
                    matrix = None
                if matrix is not None:
                    matrix = matrix.set_axis(matrix.index.astype(str), axis=0).set_axis(
                        matrix.columns.astype(str), axis=1)
                self._related[key] = matrix
        return self._related[key]

    def related(self, scheme: str, code: str, *, level: int = 2, limit: int = 10) -> pd.DataFrame | None:
        """The categories most related to one (proximity, highest first, zero and missing dropped)."""
        matrix = self.relatedness(level=level, scheme=scheme)
        if matrix is None or code not in matrix.index:
            return None
        row = pd.Series(matrix.loc[code], dtype=float).drop(code, errors="ignore").dropna()
        row = row[row.to_numpy() > 0].sort_values(ascending=False, kind="mergesort").head(limit)
        labels = self.labels(scheme)
        return pd.DataFrame({"category": row.index.astype(str), "label": [labels.get(c, c) for c in row.index],
                             "relatedness": row.to_numpy(dtype=float)})

    def bridges(self, region: str, *, level: int = 2, preset: str = DEFAULT_PRESET
                ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """The region's bridges (related pairs of its starred clusters) and opportunities (by density)."""
        table = self.rated(level=level, preset=preset)
        matrix = self.relatedness(level=level)
        part = self._by_region(level, "cluster_category", preset).get(region)
        if table is None or matrix is None or part is None:
            return None
        return bridges(part, matrix, region), opportunities(part, matrix, region)

    def labels(self, scheme: str) -> dict[str, str]:
        """Code → label of a scheme's industries."""
        if scheme not in self._labels:
            rows, _ = self.obs.industries(scheme=scheme, limit=100_000) if scheme in {
                s.scheme for s in self.obs.schemes} else ([], 0)
            self._labels[scheme] = {r.code: r.label for r in rows}
        return self._labels[scheme]

    def region_names(self) -> dict[str, str]:
        """Code → name of every region (the default NUTS version's name where versions differ)."""
        if self._names is None:
            with self._lock:
                found = self._db().query("SELECT code, name, version FROM regions").itertuples(index=False)
                default = self.obs.default_version
                names: dict[str, str] = {}
                for code, name, _version in sorted(found, key=lambda t: t[2] == default):
                    names[str(code)] = str(name)
                self._names = names
        return self._names

    # -- scoreboard --------------------------------------------------------------------------------------
    def scoreboard(self, level: int = 2) -> ScoreboardService | None:
        """The scoreboard of one level with its scores computed, or ``None`` if the store has no indicators."""
        if level in self._scoreboards:
            return self._scoreboards[level]
        with self._lock:
            if level not in self._scoreboards:
                svc = ScoreboardService(self._db(), level=level)
                try:
                    ok = bool(svc.inputs.data.notna().to_numpy().any())
                    if ok:
                        _ = svc.scores, svc.distances  # computed now, under the lock
                except NotFoundError:
                    ok = False
                self._scoreboards[level] = svc if ok else None
        return self._scoreboards[level]

    def scored(self, region: str, level: int = 2) -> bool:
        svc = self.scoreboard(level)
        return svc is not None and region in svc.scores.index and bool(svc.scores.loc[region].notna().any())

    def region_scoreboard(self, region: str, *, peers: list[str] | None = None, level: int = 2
                          ) -> RegionScoreboard:
        """Elements, scorecard and dashboard of a region against its structural peers or chosen ones."""
        svc = self.scoreboard(level)
        if svc is None:
            raise NotFoundError(f"the store has no scoreboard indicators for NUTS level {level}",
                                hint="load them (clusterobs demo, or clusterobs build --from DIR)")
        key = (region, tuple(peers) if peers else None)
        hit = self._regions.get(key)
        if hit is not None:
            return hit
        result = svc.peers(region, chosen=peers) if peers else svc.peers(region)
        elements = svc.elements(region, result)
        reading = RegionScoreboard(region=region, peers=result, elements=elements,
                                   scorecard=svc.scorecard(region, result), dashboard=svc.dashboard(region, result))
        with self._lock:
            self._regions[key] = reading
            while len(self._regions) > REGION_CACHE:
                self._regions.popitem(last=False)
        return reading

    def uncertainty(self, *, n_runs: int = 200, seed: int = 1, noise: float = 0.25, level: int = 2) -> pd.DataFrame:
        """Rank robustness of the index under perturbed weights (kept per parameters)."""
        if not 10 <= n_runs <= MAX_UNCERTAINTY_RUNS:
            raise InputError(f"n_runs must be between 10 and {MAX_UNCERTAINTY_RUNS}, got {n_runs}")
        if not 0 < noise < 1:
            raise InputError(f"noise must be in (0, 1), got {noise}")
        svc = self.scoreboard(level)
        if svc is None:
            raise NotFoundError(f"the store has no scoreboard indicators for NUTS level {level}")
        key = (n_runs, seed, noise)
        if key not in self._uncertainty:
            with self._lock:
                if key not in self._uncertainty:
                    self._uncertainty[key] = scoreboard_uncertainty(svc, n_runs=n_runs, seed=seed, noise=noise)
        return self._uncertainty[key]


_INSTANCES: weakref.WeakKeyDictionary[Observatory, Analytics] = weakref.WeakKeyDictionary()
_INSTANCES_LOCK = threading.Lock()


def analytics_for(obs: Observatory) -> Analytics:
    """The one :class:`Analytics` of an observatory (created on first use)."""
    found = _INSTANCES.get(obs)
    if found is None:
        with _INSTANCES_LOCK:
            found = _INSTANCES.get(obs)
            if found is None:
                found = _INSTANCES[obs] = Analytics(obs)
    return found


def clean(value: object) -> object:
    """A cell for JSON and templates: NaN/NA → ``None``, numpy scalars → Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if np.isnan(f) or np.isinf(f) else f
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def with_ratings(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds ``rated`` (the names of the stars or flags a cell earned) and, for flag presets, ``stars`` (their
    number) and an empty ``tier``, so star and flag presets read alike."""
    out = frame.copy()
    stars = [c for c in out.columns if c.startswith("star_")]
    flags = stars or [c for c in out.columns if out[c].dtype == bool and c != "traded"]
    names = [c.removeprefix("star_") for c in flags]
    hits = out[flags].to_numpy(dtype=bool) if flags else np.zeros((len(out), 0), dtype=bool)
    out["rated"] = [[n for n, h in zip(names, row, strict=True) if h] for row in hits]
    if "stars" not in out.columns:
        out["stars"] = hits.sum(axis=1).astype(int)
    if "tier" not in out.columns:
        out["tier"] = ""
    if "reasons" not in out.columns:
        out["reasons"] = ""
    return out


def rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Records of a frame with :func:`clean` cells."""
    return [{str(k): clean(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


__all__ = ["DEFAULT_PRESET", "MAX_UNCERTAINTY_RUNS", "RATED_SCHEMES", "Analytics", "RegionScoreboard",
           "analytics_for", "check_preset", "check_scheme", "clean", "parse_peers", "rows", "with_ratings"]
