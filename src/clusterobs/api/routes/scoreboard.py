"""Scoreboard: a region's elements against its peers and Europe, its scorecard, peers, dashboard; uncertainty.

Peers are the structurally nearest regions unless ``peers=A,B`` names up to five; a bad choice (too many,
unknown, the region itself) is a 400/404 in the one error shape. Scores are computed once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query

from clusterobs.api.deps import ObservatoryDep, PaginationDep
from clusterobs.api.schemas import Page
from clusterobs.api.schemas.scoreboard import (
    Dashboard,
    PeerSet,
    ScoreboardRegion,
    Scorecard,
    UncertaintyRow,
    dashboard_items,
    peer_set,
    scoreboard_region,
    scorecard_rows,
    uncertainty_rows,
)
from clusterobs.services import Observatory
from clusterobs.services.analytics_cache import MAX_UNCERTAINTY_RUNS, RegionScoreboard, analytics_for, parse_peers

router = APIRouter(prefix="/scoreboard", tags=["scoreboard"])
T = TypeVar("T")

PeersQ = Annotated[str | None, Query(description="Up to five peer region codes, comma-separated; default: the "
                                     "five structurally nearest regions.", examples=["XA12,XB11"])]
Version = Annotated[str | None, Query(description="NUTS version; default: the latest in the store.")]
LevelsQ = Annotated[list[str] | None, Query(description="Only these element levels: index, dimension, "
                                            "sub-dimension, indicator.")]


def _reading(obs: Observatory, code: str, version: str | None, peers: str | None) -> RegionScoreboard:
    region = obs.region(code, version=version).region
    return analytics_for(obs).region_scoreboard(code, peers=parse_peers(peers), level=region.level)


def _memo(obs: Observatory, key: tuple[object, ...], make: Callable[[], T]) -> T:
    """Answers are shaped once per store and parameters (the scores never change while served)."""
    return analytics_for(obs).memo(("api-scoreboard", *key), make)


@router.get("/regions/{code}", summary="Every scoreboard element of a region: value, rank, EU and peer means, colour")
def get_region_scores(code: str, obs: ObservatoryDep, peers: PeersQ = None, version: Version = None,
                      level: LevelsQ = None) -> ScoreboardRegion:
    def make() -> ScoreboardRegion:
        out = scoreboard_region(_reading(obs, code, version, peers), analytics_for(obs).region_names())
        if level:
            out.elements = [e for e in out.elements if e.level in level]
        return out

    return _memo(obs, ("region", code, version, peers, tuple(level or ())), make)


@router.get("/regions/{code}/scorecard", summary="The region's scorecard with its peer status colours")
def get_scorecard(code: str, obs: ObservatoryDep, peers: PeersQ = None, version: Version = None) -> Scorecard:
    def make() -> Scorecard:
        reading = _reading(obs, code, version, peers)
        return Scorecard(region=code, peers=peer_set(reading.peers, analytics_for(obs).region_names()),
                         rows=scorecard_rows(reading.scorecard))

    return _memo(obs, ("scorecard", code, version, peers), make)


@router.get("/regions/{code}/peers", summary="The region's peer regions with their structural distances")
def get_peers(code: str, obs: ObservatoryDep, peers: PeersQ = None, version: Version = None) -> PeerSet:
    return _memo(obs, ("peers", code, version, peers),
                 lambda: peer_set(_reading(obs, code, version, peers).peers, analytics_for(obs).region_names()))


@router.get("/regions/{code}/dashboard", summary="Policy action dashboard: the region's bottlenecks and actions")
def get_dashboard(code: str, obs: ObservatoryDep, peers: PeersQ = None, version: Version = None) -> Dashboard:
    def make() -> Dashboard:
        reading = _reading(obs, code, version, peers)
        return Dashboard(region=code, peers=peer_set(reading.peers, analytics_for(obs).region_names()),
                         items=dashboard_items(reading.dashboard))

    return _memo(obs, ("dashboard", code, version, peers), make)


@router.get("/uncertainty", summary="Rank robustness of the index under perturbed weights, per region")
def get_uncertainty(
    obs: ObservatoryDep, page: PaginationDep,
    n_runs: Annotated[int, Query(ge=10, le=MAX_UNCERTAINTY_RUNS, description="Monte Carlo draws.")] = 200,
    seed: Annotated[int, Query(ge=0)] = 1,
    noise: Annotated[float, Query(gt=0, lt=1, description="Relative weight perturbation (±).")] = 0.25,
) -> Page[UncertaintyRow]:
    found = uncertainty_rows(analytics_for(obs).uncertainty(n_runs=n_runs, seed=seed, noise=noise))
    return Page[UncertaintyRow](data=found[page.offset:page.offset + page.limit], total=len(found),
                                limit=page.limit, offset=page.offset)
