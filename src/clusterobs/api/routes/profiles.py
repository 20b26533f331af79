"""Cluster organisation profiles: search with facets, map points, detail, create, update, life cycle.

Thin: parse, call :mod:`clusterobs.platform` (which authorises every write and checks every value), return.
Writes authenticate with a bearer token or the session cookie (then with the ``X-CSRF-Token`` header).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from clusterobs import platform as svc
from clusterobs.api.schemas.profile import (
    ProfileCreate,
    ProfileHitPublic,
    ProfilePublic,
    ProfilesPublic,
    ProfileUpdate,
    ReturnBody,
    VersionBody,
)
from clusterobs.platform import Role
from clusterobs.platform.errors import PermissionDeniedError
from clusterobs.platform.models import Profile
from clusterobs.platform.search import SearchQuery
from clusterobs.web.security import ActorDep, DbDep, verify_api_csrf

router = APIRouter(prefix="/profiles", tags=["profiles"], dependencies=[Depends(verify_api_csrf)])

Many = Annotated[list[str], Query()]
STATUSES = ("draft", "submitted", "returned", "published")


def _public(profile: Profile) -> ProfilePublic:
    return ProfilePublic.of(profile, svc.validation_report(profile))


def _query(q: str, filters: dict[str, list[str]], limit: int, offset: int) -> SearchQuery:
    params: dict[str, str | list[str]] = {"q": q, "limit": str(limit), "offset": str(offset), **filters}
    return svc.query_from_params(params)


@router.get("", summary="Search profiles: full text, facet filters (AND across, OR within) and facet counts")
def list_profiles(
    db: DbDep, actor: ActorDep,
    q: Annotated[str, Query(max_length=200, description="Words; best matches first.")] = "",
    country: Many = [], region: Many = [], ecosystem: Many = [], sector: Many = [],  # noqa: B006 - Query lists
    emerging: Many = [], technology: Many = [], label: Many = [], size_band: Many = [],  # noqa: B006
    partnership: Many = [],  # noqa: B006
    status: Annotated[list[str], Query(description="Life-cycle states (platform administrators only; default "
                                       "published).")] = ["published"],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Annotated[int, Query(ge=0)] = 0,
) -> ProfilesPublic:
    filters = {"country": country, "region": region, "ecosystem": ecosystem, "sector": sector, "emerging": emerging,
               "technology": technology, "label": label, "size_band": size_band, "partnership": partnership}
    query = _query(q, filters, limit, offset)
    wanted = tuple(s for s in status if s in STATUSES) or ("published",)
    if wanted != ("published",) and Role.PLATFORM_ADMIN not in actor.roles:
        raise PermissionDeniedError("only platform administrators may list profiles that are not published",
                                    hint="leave out 'status'")
    query = SearchQuery(**{**query.__dict__, "statuses": wanted})
    return ProfilesPublic.of(svc.search_profiles(db, query), limit=limit, offset=offset)


@router.get("/map", summary="Published profiles with coordinates matching the same filters (map points)")
def list_profile_points(
    db: DbDep, q: Annotated[str, Query(max_length=200)] = "",
    country: Many = [], region: Many = [], ecosystem: Many = [], sector: Many = [],  # noqa: B006
    emerging: Many = [], technology: Many = [], label: Many = [], size_band: Many = [],  # noqa: B006
    partnership: Many = [],  # noqa: B006
) -> list[ProfileHitPublic]:
    filters = {"country": country, "region": region, "ecosystem": ecosystem, "sector": sector, "emerging": emerging,
               "technology": technology, "label": label, "size_band": size_band, "partnership": partnership}
    return [ProfileHitPublic.of(h) for h in svc.map_points(db, _query(q, filters, 1, 0))]


@router.get("/{profile_id}", summary="One profile (drafts only for its people and administrators)")
def get_profile(profile_id: int, db: DbDep, actor: ActorDep) -> ProfilePublic:
    return _public(svc.get_profile(db, actor, profile_id))


@router.post("", status_code=201, summary="Create a draft profile (you become its administrator)")
def create_profile(body: ProfileCreate, db: DbDep, actor: ActorDep) -> ProfilePublic:
    values = body.model_dump(exclude={"allow_duplicate"})
    return _public(svc.create_profile(db, actor, values, allow_duplicate=body.allow_duplicate))


@router.patch("/{profile_id}", summary="Change fields of the version you read (409 if someone saved first)")
def update_profile(profile_id: int, body: ProfileUpdate, db: DbDep, actor: ActorDep) -> ProfilePublic:
    return _public(svc.update_profile(db, actor, profile_id, body.changes(), expected_version=body.version))


@router.post("/{profile_id}/submit", summary="Submit for review (refused with the unmet validation criteria)")
def submit_profile(profile_id: int, db: DbDep, actor: ActorDep, body: VersionBody | None = None
                         ) -> ProfilePublic:
    return _public(svc.submit_profile(db, actor, profile_id, expected_version=body.version if body else None))


@router.post("/{profile_id}/publish", summary="Publish a submitted profile (platform administrators)")
def publish_profile(profile_id: int, db: DbDep, actor: ActorDep, body: VersionBody | None = None
                          ) -> ProfilePublic:
    return _public(svc.publish_profile(db, actor, profile_id, expected_version=body.version if body else None))


@router.post("/{profile_id}/return", summary="Return a profile to its administrators with reasons (administrators)")
def return_profile(profile_id: int, body: ReturnBody, db: DbDep, actor: ActorDep) -> ProfilePublic:
    return _public(svc.return_profile(db, actor, profile_id, body.reason, expected_version=body.version))


@router.delete("/{profile_id}", status_code=204, response_class=Response,
               summary="Withdraw a profile (its administrators or platform administrators)")
def delete_profile(profile_id: int, db: DbDep, actor: ActorDep) -> Response:
    svc.delete_profile(db, actor, profile_id)
    return Response(status_code=204)


__all__ = ["router"]
