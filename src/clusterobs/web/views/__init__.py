"""Server-rendered pages, one module per page type (not part of the API document)."""

from fastapi import APIRouter

from clusterobs.web.views import home, methodology, regions, search, sectors

router = APIRouter(include_in_schema=False)
for _module in (home, search, regions, sectors, methodology):
    router.include_router(_module.router)

__all__ = ["router"]
