"""ETags and Cache-Control for read-only answers, without hashing bodies.

The server opens its store read-only, so for a given build of clusterobs an answer depends only on the store's
content and the request's path and query. The ETag is therefore derived from those (store fingerprint, app
version, method, path, query): a matching ``If-None-Match`` is answered ``304`` before any query runs, and
only successful ``GET`` answers carry an ETag. The ETag is weak (``W/``) because compression may change the
bytes but never the meaning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clusterobs import __version__

#: Paths never cached (liveness must reflect now).
NO_STORE = ("/healthz",)


def make_etag(fingerprint: str, method: str, path: str, query: str) -> str:
    digest = hashlib.sha256(f"{__version__}|{fingerprint}|{method}|{path}?{query}".encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip() for t in if_none_match.split(",")}
    bare = etag.removeprefix("W/")
    return "*" in tags or etag in tags or bare in tags


class ETagMiddleware:
    """Adds ETag and Cache-Control to successful GETs of API routes and pages; answers 304 when fresh."""

    def __init__(self, app: ASGIApp, *, fingerprint: Callable[[], str | None], api_max_age: int,
                 skip: Callable[[Scope], bool] | None = None) -> None:
        self.app = app
        self.fingerprint = fingerprint
        self.api_max_age = api_max_age
        #: Requests whose answers depend on who asks (platform pages, sessions): never given an ETag.
        self.skip = skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or (self.skip and self.skip(scope)):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        root = str(scope.get("root_path", ""))
        local = path[len(root):] if root and path.startswith(root) else path
        fp = self.fingerprint()
        if fp is None or local.startswith("/static/") or local in NO_STORE or local.endswith("/openapi.json"):
            await self.app(scope, receive, send)
            return
        etag = make_etag(fp, "GET", local, scope.get("query_string", b"").decode("latin-1"))
        is_api = local.startswith("/api/")
        cache_control = f"public, max-age={self.api_max_age}" if is_api else "no-cache"
        if _matches(Headers(scope=scope).get("if-none-match", ""), etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag.encode()), (b"cache-control", cache_control.encode())]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_etag(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                headers.setdefault("etag", etag)
                headers.setdefault("cache-control", cache_control)
            await send(message)

        await self.app(scope, receive, send_with_etag)


__all__ = ["ETagMiddleware", "make_etag"]
