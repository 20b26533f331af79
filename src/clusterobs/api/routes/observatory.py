"""What the observatory holds: summary, datasets and their indicators."""

from __future__ import annotations

from fastapi import APIRouter

from clusterobs.api.deps import ObservatoryDep
from clusterobs.api.schemas import DatasetRecord, IndicatorRecord, Summary

router = APIRouter(tags=["observatory"])


@router.get("/observatory", summary="What the store holds: versions, levels, datasets, schemes, provenance")
def summary(obs: ObservatoryDep) -> Summary:
    return obs.summary


@router.get("/datasets", summary="Datasets of facts in the store")
def list_datasets(obs: ObservatoryDep) -> list[DatasetRecord]:
    return obs.datasets


@router.get("/datasets/{dataset}/indicators", summary="Indicators of one dataset with units and years")
def list_indicators(dataset: str, obs: ObservatoryDep) -> list[IndicatorRecord]:
    return obs.indicators(dataset)
