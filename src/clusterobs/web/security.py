"""Sessions, CSRF protection and the acting person, for the platform's pages and API.

*Sessions* are the platform's server-side session records (:mod:`clusterobs.platform.accounts`): the cookie
carries the random token (Secure, HttpOnly, SameSite=Lax), the database only its hash, and logging out
revokes the row. API clients may send the same token as ``Authorization: Bearer <token>`` instead.

*CSRF*: every form carries a synchroniser token bound to the browser's session — the HMAC (server secret) of
the session cookie, or, before logging in, of a random anonymous cookie — so a page of another site can
neither read nor forge it. Every unsafe request to the pages is checked (:func:`verify_csrf`, a router
dependency); API writes authenticated by the cookie must echo the token in ``X-CSRF-Token``, while bearer
tokens are not sent by browsers on their own and need no CSRF token. A refusal is a
:class:`~clusterobs.platform.errors.PermissionDeniedError` (403), shown on the one error page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from clusterobs.errors import StoreError
from clusterobs.platform.accounts import user_for_session
from clusterobs.platform.authz import Actor, load_actor
from clusterobs.platform.db import utcnow
from clusterobs.platform.errors import AuthenticationError, PermissionDeniedError
from clusterobs.platform.models import User
from clusterobs.services.platform_web import PlatformContext

SESSION_COOKIE = "clusterobs_session"
ANON_COOKIE = "clusterobs_anon"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ANON_LIFETIME_SECONDS = 7 * 24 * 3600
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def platform_of(request: Request) -> PlatformContext:
    ctx: PlatformContext | None = getattr(request.app.state, "platform", None)
    if ctx is None:
        raise StoreError("the platform database is not open", hint="restart the server; check CLUSTEROBS_DATABASE_URL")
    return ctx


def db_session(request: Request) -> Iterator[Session]:
    """One database session per request; services commit their own unit of work."""
    session = platform_of(request).sessions()
    try:
        yield session
    finally:
        session.close()


def bearer_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def session_token(request: Request) -> str | None:
    """The session token of the request: a bearer token, else the session cookie."""
    return bearer_token(request) or request.cookies.get(SESSION_COOKIE) or None


def current_user(request: Request, db: Annotated[Session, Depends(db_session)]) -> User | None:
    return user_for_session(db, session_token(request))


def current_actor(request: Request, db: Annotated[Session, Depends(db_session)]) -> Actor:
    """The person acting (a visitor without a live session); their roles are re-read on every write."""
    user = user_for_session(db, session_token(request))
    return load_actor(db, user.id if user is not None else None)


def require_user(user: Annotated[User | None, Depends(current_user)]) -> User:
    if user is None:
        raise AuthenticationError("you are not logged in, or your session has expired",
                                  hint="log in (pages: /login; API: POST /api/v1/accounts/login)")
    return user


# -- CSRF ---------------------------------------------------------------------------------------------------
def _binding(request: Request) -> str | None:
    """What the CSRF token is bound to: the session cookie, else the anonymous cookie (None: neither yet)."""
    return request.cookies.get(SESSION_COOKIE) or request.cookies.get(ANON_COOKIE) or \
        getattr(request.state, "new_anon", None)


def _token_for(secret: bytes, binding: str) -> str:
    return hmac.new(secret, b"csrf|" + binding.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token to put in this page's forms; creates the anonymous cookie's value when there is none yet
    (:func:`finish_response` then sets it)."""
    binding = _binding(request)
    if binding is None:
        binding = secrets.token_urlsafe(32)
        request.state.new_anon = binding
    return _token_for(platform_of(request).secret, binding)


def finish_response(request: Request, response: Response) -> Response:
    """Set the anonymous cookie if :func:`csrf_token` created one for this page; never cache the page."""
    new = getattr(request.state, "new_anon", None)
    if new and not request.cookies.get(SESSION_COOKIE):
        set_cookie(request, response, ANON_COOKIE, new, max_age=ANON_LIFETIME_SECONDS)
    response.headers["cache-control"] = "no-store"
    return response


def _csrf_ok(request: Request, sent: str | None) -> bool:
    binding = request.cookies.get(SESSION_COOKIE) or request.cookies.get(ANON_COOKIE)
    if not binding or not sent:
        return False
    return hmac.compare_digest(_token_for(platform_of(request).secret, binding), sent)


_REFUSED = ("the form's security token (CSRF) is missing or does not match your session, so it was not sent",
            "reload the page and send the form again (cookies must be enabled)")


async def verify_csrf(request: Request) -> None:
    """Router dependency of the pages: every unsafe request must carry the session's token."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        form: FormData = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not _csrf_ok(request, sent):
        raise PermissionDeniedError(_REFUSED[0], hint=_REFUSED[1])


async def verify_api_csrf(request: Request) -> None:
    """Router dependency of the API: a write authenticated by the session cookie must echo its token."""
    if request.method in SAFE_METHODS or bearer_token(request) or not request.cookies.get(SESSION_COOKIE):
        return
    if not _csrf_ok(request, request.headers.get(CSRF_HEADER)):
        raise PermissionDeniedError("a write authenticated by the session cookie needs the X-CSRF-Token header",
                                    hint="send the token of the page, or authenticate with a bearer token")


async def form_data(request: Request) -> FormData:
    """The request's form (cached by Starlette, so the CSRF check and the view read it once)."""
    return await request.form()


# -- caching ----------------------------------------------------------------------------------------------
#: Paths whose answers depend on who asks or change with every write: never given an ETag or cached.
PRIVATE_PREFIXES = ("/api/v1/profiles", "/api/v1/accounts", "/profiles", "/account", "/admin", "/login",
                    "/logout", "/register")


def uncacheable(scope: Scope) -> bool:
    """Whether a request's answer is personal or live (platform paths, or a logged-in browser)."""
    path: str = scope.get("path", "")
    root = str(scope.get("root_path", ""))
    local = path[len(root):] if root and path.startswith(root) else path
    if local.startswith(PRIVATE_PREFIXES):
        return True
    headers = Headers(scope=scope)
    return "authorization" in headers or f"{SESSION_COOKIE}=" in headers.get("cookie", "")


# -- cookies ------------------------------------------------------------------------------------------------
def cookie_path(request: Request) -> str:
    root = str(request.scope.get("root_path", "")).rstrip("/")
    return root + "/" if root else "/"


def set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path=cookie_path(request), secure=True, httponly=True,
                        samesite="lax")


def start_session(request: Request, response: Response, token: str, expires_at: datetime) -> None:
    """Put a new session's token in the cookie (and drop the anonymous one: the CSRF token moves along)."""
    seconds = max(0, int((expires_at - utcnow()).total_seconds()))
    set_cookie(request, response, SESSION_COOKIE, token, max_age=seconds)
    response.delete_cookie(ANON_COOKIE, path=cookie_path(request), secure=True, httponly=True, samesite="lax")


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=cookie_path(request), secure=True, httponly=True, samesite="lax")


DbDep = Annotated[Session, Depends(db_session)]
ActorDep = Annotated[Actor, Depends(current_actor)]
UserDep = Annotated[User | None, Depends(current_user)]
LoggedInDep = Annotated[User, Depends(require_user)]
FormDep = Annotated[FormData, Depends(form_data)]

__all__ = ["ANON_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "SESSION_COOKIE", "ActorDep", "DbDep", "FormDep",
           "LoggedInDep", "UserDep", "bearer_token", "csrf_token", "current_actor", "current_user", "db_session",
           "end_session", "finish_response", "platform_of", "require_user", "session_token", "start_session",
           "uncacheable", "verify_api_csrf", "verify_csrf"]
