"""Request dependencies: the observatory service, the settings and pagination.

Dependencies only fetch things from the app's state and check limits; they raise our own errors (never
HTTP exceptions), which the one handler in :mod:`clusterobs.api.errors` maps to a status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from starlette.requests import Request

from clusterobs.config import Settings
from clusterobs.errors import InputError, StoreError
from clusterobs.services import Observatory


def get_observatory(request: Request) -> Observatory:
    obs: Observatory | None = getattr(request.app.state, "observatory", None)
    if obs is None:
        raise StoreError("the observatory store is not open", hint="restart the server with a valid --store")
    return obs


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@dataclass(frozen=True)
class Pagination:
    limit: int
    offset: int


def get_pagination(
    request: Request,
    limit: Annotated[int | None, Query(ge=1, description="Items per page (default and maximum: server settings)."
                                       )] = None,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> Pagination:
    settings = get_app_settings(request)
    if limit is not None and limit > settings.max_page_size:
        raise InputError(f"limit {limit} exceeds the largest page, {settings.max_page_size}",
                         hint="page through with offset, or download the whole table from /api/v1/exports")
    return Pagination(limit=limit or settings.page_size, offset=offset)


ObservatoryDep = Annotated[Observatory, Depends(get_observatory)]
PaginationDep = Annotated[Pagination, Depends(get_pagination)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]

__all__ = ["ObservatoryDep", "Pagination", "PaginationDep", "SettingsDep", "get_app_settings", "get_observatory",
           "get_pagination"]
