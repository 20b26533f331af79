"""Wire shapes of the scoreboard routes: element readings, scorecard, peers, dashboard, uncertainty."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from pydantic import BaseModel, Field

from clusterobs.scoreboard import PeerResult
from clusterobs.services.analytics_cache import RegionScoreboard, clean, rows


class PeerRow(BaseModel):
    peer: str
    name: str = ""
    distance: float | None = Field(description="Structural distance in [0, 1] (None if not computable).")
    rank: int
    country: str


class PeerSet(BaseModel):
    region: str
    method: str = Field(description="'structural' (nearest by structural similarity) or 'user' (chosen).")
    peers: list[PeerRow]
    skipped_blocks: list[str] = Field(default_factory=list,
                                      description="Structural blocks the region has no complete data for.")


class ElementReading(BaseModel):
    """One element (index, dimension, sub-dimension or indicator) of one region against peers and Europe."""

    code: str
    name: str
    level: str
    dimension: str
    parent: str
    value: float | None = Field(description="Normalised score in [0, 1]; None when missing.")
    rank: int | None
    n: int = Field(description="Regions with a value.")
    eu_mean: float | None
    peer_mean: float | None
    peer_sd: float | None
    n_peers: int
    colour: str = Field(description="green (above peer mean + sd), orange (within), red (below mean − sd), "
                        "grey (no reading).")


class ScoreboardRegion(BaseModel):
    region: str
    name: str
    peers: PeerSet
    elements: list[ElementReading]


class ScorecardRow(BaseModel):
    block: str
    code: str
    element: str
    level: str
    value: float | None
    rank: str
    eu_mean: float | None
    peer_mean: float | None
    peer_status: str = Field(description="The colour: green, orange, red or grey.")


class Scorecard(BaseModel):
    region: str
    peers: PeerSet
    rows: list[ScorecardRow]


class DashboardItem(BaseModel):
    dimension: str
    dimension_name: str
    code: str
    name: str
    level: str
    sub_dimension: str
    value: float | None
    peer_mean: float | None
    peer_sd: float | None
    gap: float | None = Field(description="(peer mean − value) / peer sd; None stands for +inf (sd 0).")
    rank: int
    rank_in_dimension: int
    coverage: float | None
    coverage_warning: str
    action_ids: list[str]
    policy_actions: list[str]


class Dashboard(BaseModel):
    region: str
    peers: PeerSet
    items: list[DashboardItem]


class UncertaintyRow(BaseModel):
    region: str
    nominal: float | None = Field(description="Rank with the framework's weights.")
    median: float | None
    q5: float | None
    q95: float | None
    score_nominal: float | None
    score_mean: float | None
    score_sd: float | None


def peer_set(result: PeerResult, names: Mapping[str, str]) -> PeerSet:
    return PeerSet(region=result.region, method=result.method, skipped_blocks=list(result.skipped_blocks),
                   peers=[PeerRow(peer=str(p["peer"]), name=names.get(str(p["peer"]), ""),
                                  distance=p["distance"], rank=int(str(p["rank"])),  # type: ignore[arg-type]
                                  country=str(p["country"])) for p in rows(result.table)])


def element_readings(elements: pd.DataFrame) -> list[ElementReading]:
    return [ElementReading.model_validate(r) for r in rows(elements.drop(columns=["rank_label"]))]


def scorecard_rows(card: pd.DataFrame) -> list[ScorecardRow]:
    renamed = card.rename(columns={"EU mean": "eu_mean", "peer mean": "peer_mean", "peer status": "peer_status"})
    return [ScorecardRow.model_validate(r) for r in rows(renamed)]


def dashboard_items(dash: pd.DataFrame) -> list[DashboardItem]:
    out = []
    for rec in dash.to_dict("records"):
        gap = float(rec["gap"])
        r = {str(k): clean(v) for k, v in rec.items()}
        r["gap"] = None if math.isinf(gap) else clean(gap)
        r["action_ids"] = [a for a in str(rec["action_ids"]).split("; ") if a]
        r["policy_actions"] = [a for a in str(rec["policy_actions"]).split("; ") if a]
        out.append(DashboardItem.model_validate(r))
    return out


def scoreboard_region(reading: RegionScoreboard, names: Mapping[str, str]) -> ScoreboardRegion:
    return ScoreboardRegion(region=reading.region, name=names.get(reading.region, ""),
                            peers=peer_set(reading.peers, names), elements=element_readings(reading.elements))


def uncertainty_rows(stats: pd.DataFrame) -> list[UncertaintyRow]:
    frame = stats.rename(columns={"uCode": "region", "Nominal": "nominal", "Median": "median", "Q5": "q5",
                                  "Q95": "q95", "ScoreNominal": "score_nominal", "ScoreMean": "score_mean",
                                  "ScoreSD": "score_sd"})
    return [UncertaintyRow.model_validate(r) for r in rows(frame)]


__all__ = ["Dashboard", "DashboardItem", "ElementReading", "PeerRow", "PeerSet", "ScoreboardRegion", "Scorecard",
           "ScorecardRow", "UncertaintyRow", "dashboard_items", "element_readings", "peer_set", "scoreboard_region",
           "scorecard_rows", "uncertainty_rows"]
