"""The application factory: one FastAPI app serving the REST API under ``/api/v1`` and the web pages.

``create_app(settings)`` opens the store read-only (so a bad ``--store`` fails before the server listens),
wires the one error handler, ETag/Cache-Control, compression and security headers, and mounts our static
files and Plotly's bundle from the installed ``plotly`` package: nothing is loaded from the network.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import plotly
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clusterobs import __version__
from clusterobs.api.caching import ETagMiddleware
from clusterobs.api.errors import install_error_handlers
from clusterobs.api.routes import ROUTERS
from clusterobs.config import Settings, get_settings
from clusterobs.services import Observatory
from clusterobs.services.platform_web import open_platform
from clusterobs.store import Store
from clusterobs.web.security import uncacheable
from clusterobs.web.templating import PLOTLY_PATH
from clusterobs.web.views import router as pages_router

API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
PLOTLY_BUNDLE = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
#: Scripts, styles, data and images only from us. Plotly injects <style> elements (hence 'unsafe-inline'
#: for styles) and exports images through data:/blob: URLs.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")


def operation_id(route: APIRoute) -> str:
    """Stable operation ids: ``<tag>-<function name>`` (e.g. ``regions-get_region``)."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-security-policy", CSP)
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("referrer-policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_headers)


def create_app(settings: Settings | None = None, *, observatory: Observatory | None = None) -> FastAPI:
    """Build the app. ``observatory`` lets tests share one open store; by default ``settings.store`` is
    opened read-only (raising :class:`~clusterobs.errors.StoreError` if it is missing or not a store)."""
    settings = settings or get_settings()
    obs = observatory or Observatory(Store(settings.store, read_only=True))
    owns_store = observatory is None
    # the platform database (accounts, profiles) is migrated to the newest schema before the server listens
    platform = open_platform(settings.database_url, store=settings.store,
                             secret=settings.secret_key.get_secret_value(), observatory=obs)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        platform.close()
        if owns_store:
            obs.close()

    production = settings.is_production
    app = FastAPI(
        title="clusterobs", version=__version__, lifespan=lifespan, root_path=settings.root_path,
        description="Cluster observatory for European regions: regions, maps, facts and industry taxonomy. "
        "Read-only; answers carry ETags. Errors share one shape: {ok: false, error, message, status}.",
        openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None,
        generate_unique_id_function=operation_id, debug=False,
    )
    app.state.settings = settings
    app.state.observatory = obs
    app.state.platform = platform
    app.state.production = production
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.get(PLOTLY_PATH, include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(PLOTLY_BUNDLE, media_type="text/javascript",
                            headers={"cache-control": "public, max-age=31536000, immutable"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages_router)

    app.add_middleware(ETagMiddleware, fingerprint=lambda: f"{obs.fingerprint}.{platform.generation()}",
                       api_max_age=settings.cache_max_age, skip=uncacheable)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders)
    return app


__all__ = ["API_PREFIX", "create_app", "operation_id"]
