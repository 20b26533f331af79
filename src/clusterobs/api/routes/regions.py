"""Regions: list with filters, search, detail, facts and one indicator's time series."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from clusterobs.api.deps import ObservatoryDep, PaginationDep
from clusterobs.api.schemas import FactRecord, IndicatorSeries, LatestFact, Page, RegionDetail, RegionRecord

router = APIRouter(prefix="/regions", tags=["regions"])

Version = Annotated[str | None, Query(description="NUTS version; default: the latest in the store.")]


@router.get("", summary="Regions of one NUTS version, filtered and paginated")
def list_regions(
    obs: ObservatoryDep, page: PaginationDep, version: Version = None,
    level: Annotated[int | None, Query(ge=0, le=3, description="NUTS level.")] = None,
    country: Annotated[str | None, Query(description="Country code, e.g. 'AT'.")] = None,
    parent: Annotated[str | None, Query(description="Only the children of this region.")] = None,
    q: Annotated[str | None, Query(description="Code prefix or part of the name.")] = None,
) -> Page[RegionRecord]:
    rows, total = obs.regions(version=version, level=level, country=country, parent=parent, q=q, limit=page.limit,
                              offset=page.offset)
    return Page[RegionRecord](data=rows, total=total, limit=page.limit, offset=page.offset)


@router.get("/search", summary="Regions matching a code or name, best first")
def search_regions(
    obs: ObservatoryDep, q: Annotated[str, Query(min_length=1, description="Code or part of a name.")],
    version: Version = None, limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[RegionRecord]:
    return obs.search_regions(q, version=version, limit=limit)


@router.get("/{code}", summary="One region with its parents, children and key figures")
def get_region(code: str, obs: ObservatoryDep, version: Version = None) -> RegionDetail:
    return obs.region(code, version=version)


@router.get("/{code}/facts", summary="Facts of a region, filtered and paginated")
def list_region_facts(
    code: str, obs: ObservatoryDep, page: PaginationDep,
    dataset: str | None = None, indicator: str | None = None,
    industry: Annotated[str | None, Query(description="Industry code; an empty value keeps the facts that are "
                                          "not by industry.")] = None,
    year: int | None = None,
) -> Page[FactRecord]:
    rows, total = obs.facts(code, dataset=dataset, indicator=indicator, industry=industry, year=year,
                            limit=page.limit, offset=page.offset)
    return Page[FactRecord](data=rows, total=total, limit=page.limit, offset=page.offset)


@router.get("/{code}/latest", summary="Latest value of each region-level indicator")
def list_region_latest(code: str, obs: ObservatoryDep, version: Version = None) -> list[LatestFact]:
    obs.region(code, version=version)
    return obs.latest_facts(code)


@router.get("/{code}/series/{dataset}/{indicator}", summary="One indicator of a region over the years")
def get_region_series(code: str, dataset: str, indicator: str, obs: ObservatoryDep,
                      industry: Annotated[str, Query(description="Industry code; empty: not by industry.")] = ""
                      ) -> IndicatorSeries:
    return obs.series(code, dataset, indicator, industry=industry)
