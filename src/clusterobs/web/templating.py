"""The Jinja environment of the pages and the context every page gets (banner, credits, links).

Templates are loaded from the package, autoescaped, and rendered by :func:`render`, which adds what the base
layout needs, so a view passes only its own data. Paths in pages are prefixed with the ASGI ``root_path`` so
the site works behind a proxy under a sub-path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import plotly
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from clusterobs import __version__

if TYPE_CHECKING:
    from clusterobs.services import Observatory

#: URL of Plotly's bundle (served from the installed plotly package, never a CDN); versioned for caching.
PLOTLY_PATH = f"/static/vendor/plotly-{plotly.__version__}.min.js"


def fmt_number(value: object, decimals: int | None = None) -> str:
    """A number for people: thousands separated, no spurious decimals; '–' when missing (never 0)."""
    if value is None:
        return "–"
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(f):
        return "–"
    if decimals is None:
        decimals = 0 if f.is_integer() or abs(f) >= 1000 else 2
    return f"{f:,.{decimals}f}".replace(",", "\u202f")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("clusterobs.web", "templates"),
                      autoescape=select_autoescape(["html", "xml"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = fmt_number
    env.globals["app_version"] = __version__
    env.globals["plotly_path"] = PLOTLY_PATH
    return env


templates = Jinja2Templates(env=_environment())


def root_of(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def observatory_of(request: Request) -> Observatory | None:
    """The app's service, or ``None`` when the store could not be opened (error pages still render)."""
    obs: Observatory | None = getattr(request.app.state, "observatory", None)
    return obs


def render(request: Request, name: str, context: Mapping[str, object] | None = None, *,
           status_code: int = 200) -> HTMLResponse:
    obs = observatory_of(request)
    base: dict[str, object] = {
        "root": root_of(request),
        "provenance": obs.provenance if obs is not None else None,
        "default_version": obs.default_version if obs is not None else None,
    }
    base.update(context or {})
    return templates.TemplateResponse(request, name, base, status_code=status_code)


__all__ = ["PLOTLY_PATH", "fmt_number", "observatory_of", "render", "root_of", "templates"]
