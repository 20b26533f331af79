"""Industries: NACE Rev.2, cluster categories and emerging industries from the store's taxonomy."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from clusterobs.api.deps import ObservatoryDep, PaginationDep
from clusterobs.api.schemas import IndustryDetail, IndustryRecord, Page, SchemeRecord

router = APIRouter(prefix="/industries", tags=["industries"])


@router.get("/schemes", summary="Industry schemes in the store with their number of codes")
def list_schemes(obs: ObservatoryDep) -> list[SchemeRecord]:
    return obs.schemes


@router.get("", summary="Industries, filtered and paginated")
def list_industries(
    obs: ObservatoryDep, page: PaginationDep,
    scheme: Annotated[str | None, Query(description="'nace_r2', 'cluster_category' or 'emerging'.")] = None,
    level: int | None = None, parent: str | None = None,
    kind: Annotated[str | None, Query(description="'traded' or 'local' (categories).")] = None,
    q: Annotated[str | None, Query(description="Code prefix or part of the label.")] = None,
) -> Page[IndustryRecord]:
    rows, total = obs.industries(scheme=scheme, level=level, parent=parent, kind=kind, q=q, limit=page.limit,
                                 offset=page.offset)
    return Page[IndustryRecord](data=rows, total=total, limit=page.limit, offset=page.offset)


@router.get("/{scheme}/{code}", summary="One industry with its parent, children and linked codes")
def get_industry(scheme: str, code: str, obs: ObservatoryDep) -> IndustryDetail:
    return obs.industry(scheme, code)
