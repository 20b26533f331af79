"""Accounts: register, confirm the e-mail address, log in and out, reset the password, who am I.

The login answer carries the session token for ``Authorization: Bearer`` and also sets the session cookie;
ten wrong passwords for one address within a minute are throttled (429 with ``Retry-After``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from clusterobs.api.schemas.account import (
    Accepted,
    AccountCreate,
    LoginBody,
    PasswordResetBody,
    PasswordResetRequest,
    SessionPublic,
    TokenBody,
    UserPublic,
)
from clusterobs.platform import accounts as svc
from clusterobs.platform.authz import load_actor
from clusterobs.web.security import (
    DbDep,
    LoggedInDep,
    end_session,
    platform_of,
    session_token,
    start_session,
    verify_api_csrf,
)

router = APIRouter(prefix="/accounts", tags=["accounts"], dependencies=[Depends(verify_api_csrf)])


def link(request: Request, path: str) -> str:
    """An absolute link to a page of this site (for e-mails)."""
    return str(request.base_url).rstrip("/") + path


@router.post("", status_code=201, summary="Register; a confirmation link is e-mailed")
def register(body: AccountCreate, request: Request, db: DbDep) -> UserPublic:
    ctx = platform_of(request)
    user = svc.register(db, email=body.email, password=body.password, display_name=body.display_name,
                        sender=ctx.sender, link_base=link(request, "/account/confirm"), policy=ctx.policy)
    return UserPublic.of(user)


@router.post("/confirm", summary="Confirm the e-mail address with the token of the link")
def confirm(body: TokenBody, db: DbDep) -> UserPublic:
    return UserPublic.of(svc.confirm_email(db, body.token))


@router.post("/login", summary="Open a session (throttled after nine wrong passwords in a minute)")
def login(body: LoginBody, request: Request, response: Response, db: DbDep) -> SessionPublic:
    result = svc.login(db, email=body.email, password=body.password, policy=platform_of(request).policy)
    start_session(request, response, result.token, result.expires_at)
    return SessionPublic(token=result.token, user_id=result.user_id, expires_at=result.expires_at)


@router.post("/logout", status_code=204, response_class=Response, summary="End the current session")
def logout(request: Request, db: DbDep) -> Response:
    token = session_token(request)
    if token:
        svc.logout(db, token)
    response = Response(status_code=204)
    end_session(request, response)
    return response


@router.post("/password-reset", status_code=202, summary="E-mail a password reset link (silent if unknown)")
def request_password_reset(body: PasswordResetRequest, request: Request, db: DbDep) -> Accepted:
    ctx = platform_of(request)
    svc.request_password_reset(db, body.email, sender=ctx.sender, link_base=link(request, "/account/reset/confirm"),
                               policy=ctx.policy)
    return Accepted(message="if an account has this address, a reset link is on its way")


@router.post("/password-reset/confirm", summary="Set a new password with the token of the link")
def reset_password(body: PasswordResetBody, request: Request, db: DbDep) -> UserPublic:
    return UserPublic.of(svc.reset_password(db, body.token, body.password, policy=platform_of(request).policy))


@router.get("/me", summary="The logged-in user, with platform roles and profile roles")
def get_me(user: LoggedInDep, db: DbDep) -> UserPublic:
    return UserPublic.of(user, load_actor(db, user.id))


__all__ = ["router"]
