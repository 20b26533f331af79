"""Server-rendered pages, one module per page type (not part of the API document)."""

from fastapi import APIRouter, Depends

from clusterobs.web.sections_analytics import capture_page_query
from clusterobs.web.views import accounts, home, methodology, profile_search, profiles, regions, search, sectors
from clusterobs.web.views import compare as compare_view

#: capture_page_query: sections read the page's query (e.g. ?peers=) from a context variable.
router = APIRouter(include_in_schema=False, dependencies=[Depends(capture_page_query)])
for _module in (home, search, regions, sectors, methodology, accounts, profile_search, profiles):
    router.include_router(_module.router)
router.include_router(compare_view.router)

__all__ = ["router"]
