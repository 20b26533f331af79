"""``clusterobs serve``: the web pages and the REST API of one store, with uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pydantic
import typer
import uvicorn

from clusterobs.api import create_app
from clusterobs.cli._common import StoreOption, out
from clusterobs.config import Settings
from clusterobs.errors import InputError


def server_settings(store: Path | None = None, host: str | None = None, port: int | None = None) -> Settings:
    """Settings from the environment (``CLUSTEROBS_*``), overridden by the options given on the command line."""
    overrides: dict[str, Any] = {k: v for k, v in (("store", store), ("host", host), ("port", port)) if v is not None}
    try:
        return Settings(**overrides)
    except pydantic.ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise InputError(f"invalid server settings: {problems}",
                         hint="fix the CLUSTEROBS_* environment variable or the command-line option") from None


def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on. Default: $CLUSTEROBS_HOST or "
                                             "127.0.0.1.", show_default=False)] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on. Default: $CLUSTEROBS_PORT or 8000.",
                                             show_default=False)] = None,
) -> None:
    """Serve the observatory's pages and REST API (/api/v1) for a store, until interrupted (Ctrl+C).

    Example: clusterobs serve --store demo.duckdb --port 8000
    """
    settings = server_settings(store, host, port)
    app = create_app(settings)
    out.print(f"Serving {settings.store} on http://{settings.host}:{settings.port}{settings.root_path}/ "
              "(Ctrl+C to stop)")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level,
                proxy_headers=settings.is_production)


__all__ = ["serve", "server_settings"]
