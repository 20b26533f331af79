"""One mapping from our exceptions to HTTP, one JSON error shape for the API, one error page for the web.

Domain and service code raise :mod:`clusterobs.errors` classes and never think about HTTP; this module is the
only place that turns them into a status code. Requests under ``/api/`` get :class:`ErrorBody` as JSON; every
other path gets ``templates/errors/<status>.html`` (or ``errors/error.html``). An unexpected exception is
logged with its traceback on the server and shown to the user as a plain 500, never as a traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from clusterobs.api.schemas.common import ErrorBody, ErrorDetail
from clusterobs.errors import (
    ClusterObsError,
    ConversionError,
    InputError,
    NotFoundError,
    SourceError,
    StoreError,
)
from clusterobs.platform.errors import (
    AuthenticationError,
    ConflictError,
    PermissionDeniedError,
    RateLimitedError,
)
from clusterobs.services.records import Suggestion
from clusterobs.web.templating import render, root_of, templates

log = logging.getLogger("clusterobs.server")

#: Status code of each error class; the most specific class in an exception's MRO wins.
STATUS: dict[type[ClusterObsError], int] = {
    InputError: 400,
    NotFoundError: 404,
    ConversionError: 422,
    StoreError: 503,
    SourceError: 502,
    AuthenticationError: 401,
    PermissionDeniedError: 403,
    ConflictError: 409,
    RateLimitedError: 429,
    ClusterObsError: 500,
}
_HTTP_KINDS = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
               413: "too_large", 415: "unsupported_media_type"}


def status_for(exc: ClusterObsError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def is_api(request: Request) -> bool:
    path = request.url.path
    root = root_of(request)
    if root and path.startswith(root):
        path = path[len(root):]
    return path == "/api" or path.startswith("/api/")


def error_response(request: Request, body: ErrorBody, headers: dict[str, str] | None = None) -> Response:
    """The API's JSON body or the web's error page, for one error."""
    if is_api(request):
        return JSONResponse(body.model_dump(mode="json"), status_code=body.status, headers=headers)
    name = f"errors/{body.status}.html"
    if name not in templates.env.list_templates():
        name = "errors/error.html"
    response = render(request, name, {"error": body}, status_code=body.status)
    if headers:
        response.headers.update(headers)
    return response


async def _on_ours(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, ClusterObsError):  # pragma: no cover - registered for ClusterObsError only
        return await _on_unexpected(request, exc)
    status = status_for(exc)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    suggestions: list[Suggestion] = list(getattr(exc, "suggestions", []))
    headers = {"retry-after": str(exc.retry_after)} if isinstance(exc, RateLimitedError) else None
    return error_response(request, ErrorBody(error=exc.kind, message=exc.message, status=status, hint=exc.hint,
                                             suggestions=suggestions), headers)


async def _on_validation(request: Request, exc: Exception) -> Response:
    details = [ErrorDetail(loc=[str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
                           msg=str(e.get("msg", "")))
               for e in (exc.errors() if isinstance(exc, RequestValidationError) else [])]
    where = "; ".join(f"{'.'.join(str(p) for p in d.loc)}: {d.msg}" for d in details)
    return error_response(request, ErrorBody(error="invalid_input", message=f"invalid request: {where}",
                                             status=422, hint="see the API document at /api/v1/openapi.json",
                                             errors=details))


async def _on_http(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    detail = exc.detail if isinstance(exc, StarletteHTTPException) else ""
    message = "no such page" if status == 404 else str(detail)
    hint = "see the API document at /api/v1/openapi.json" if status == 404 and is_api(request) else None
    headers = dict(exc.headers or {}) if isinstance(exc, StarletteHTTPException) else None
    return error_response(request, ErrorBody(error=_HTTP_KINDS.get(status, "http_error"), message=message,
                                             status=status, hint=hint), headers)


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, ErrorBody(
        error="internal", message="internal server error: something unexpected went wrong; it has been logged",
        status=500, hint="try again later, and report it if it persists"))


def install_error_handlers(app: FastAPI) -> None:
    """Register the one handler family on an app (API and web alike)."""
    app.add_exception_handler(ClusterObsError, _on_ours)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)


__all__ = ["STATUS", "error_response", "install_error_handlers", "is_api", "status_for"]
