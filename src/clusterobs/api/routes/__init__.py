"""REST routers under ``/api/v1``, one module per resource.

Extension point: a capability that lands later (cluster mapping: ``clusters.py``; scoreboard:
``scoreboard.py``) adds its module here and appends its router to :data:`ROUTERS`; routes stay thin (parse,
call a service, return a typed record) and their operation ids are ``<tag>-<function name>``.
"""

from fastapi import APIRouter

from clusterobs.api.routes import accounts as accounts_routes
from clusterobs.api.routes import clusters as clusters_routes
from clusterobs.api.routes import exports, industries, maps, observatory, regions
from clusterobs.api.routes import profiles as profiles_routes
from clusterobs.api.routes import scoreboard as scoreboard_routes

ROUTERS: list[APIRouter] = [
    observatory.router,
    regions.router,
    maps.router,
    industries.router,
    exports.router,
    clusters_routes.router,
    scoreboard_routes.router,
    accounts_routes.router,
    profiles_routes.router,
]

__all__ = ["ROUTERS"]
