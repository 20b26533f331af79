"""Account pages: register, confirm the e-mail address, log in and out, reset the password, my account.

Every form carries the CSRF token (:mod:`clusterobs.web.security`, checked by this router's dependency on
every POST). A rejected form is shown again with what went wrong and the status code of the error (400
invalid input, 401 wrong credentials, 429 throttled), never with the password filled in.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from clusterobs.errors import ClusterObsError, InputError
from clusterobs.platform import accounts as svc
from clusterobs.platform.authz import Role, load_actor
from clusterobs.platform.errors import AuthenticationError, RateLimitedError
from clusterobs.platform.profiles import profiles_of_user
from clusterobs.web.security import (
    DbDep,
    FormDep,
    UserDep,
    csrf_token,
    end_session,
    finish_response,
    platform_of,
    session_token,
    start_session,
    verify_csrf,
)
from clusterobs.web.templating import render, root_of

router = APIRouter(dependencies=[Depends(verify_csrf)])


def page(request: Request, name: str, context: Mapping[str, object] | None = None, *, status_code: int = 200,
         user: object = None, headers: Mapping[str, str] | None = None) -> Response:
    """A platform page: the CSRF token for its forms, the logged-in user, never cached."""
    ctx = {"csrf": csrf_token(request), "user": user, **(context or {})}
    response = render(request, name, ctx, status_code=status_code)
    response.headers.update(headers or {})
    return finish_response(request, response)


def redirect(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(root_of(request) + path, status_code=303)


def text(form: FormDep, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def _failure(exc: ClusterObsError) -> tuple[int, dict[str, str]]:
    if isinstance(exc, RateLimitedError):
        return 429, {"retry-after": str(exc.retry_after)}
    if isinstance(exc, AuthenticationError):
        return 401, {}
    return 400, {}


def link(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


# -- register and confirm -----------------------------------------------------------------------------------
@router.get("/register", response_class=HTMLResponse, name="register")
def register_form(request: Request, user: UserDep) -> Response:
    return page(request, "platform/register.html", {"values": {}}, user=user)


@router.post("/register", response_class=HTMLResponse)
def register(request: Request, form: FormDep, db: DbDep) -> Response:
    ctx = platform_of(request)
    values = {k: text(form, k) for k in ("email", "display_name")}
    try:
        svc.register(db, email=values["email"], password=text(form, "password"), display_name=values["display_name"],
                     sender=ctx.sender, link_base=link(request, "/account/confirm"), policy=ctx.policy)
    except InputError as exc:
        return page(request, "platform/register.html", {"values": values, "error": exc}, status_code=400)
    return page(request, "platform/message.html", {
        "title": "Check your e-mail", "testid": "registered",
        "message": f"We sent a confirmation link to {values['email']}. Open it to activate your account."})


@router.get("/account/confirm", response_class=HTMLResponse, name="confirm")
def confirm_form(request: Request, user: UserDep, token: str = "") -> Response:
    return page(request, "platform/confirm.html", {"token": token}, user=user)


@router.post("/account/confirm", response_class=HTMLResponse)
def confirm(request: Request, form: FormDep, db: DbDep) -> Response:
    try:
        user = svc.confirm_email(db, text(form, "token"))
    except AuthenticationError as exc:
        return page(request, "platform/confirm.html", {"token": "", "error": exc}, status_code=401)
    return page(request, "platform/message.html", {
        "title": "E-mail address confirmed", "testid": "confirmed",
        "message": f"Thank you, {user.display_name}: your account is active. You can now log in.",
        "next": ("/login", "Log in")})


# -- login and logout ---------------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse, name="login")
def login_form(request: Request, user: UserDep, next: str = "") -> Response:
    return page(request, "platform/login.html", {"values": {}, "next": _safe_next(next)}, user=user)


def _safe_next(path: str) -> str:
    """Only a local path (no scheme, no host, no '//'): an open redirect would help phishing."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else ""


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: FormDep, db: DbDep) -> Response:
    email, after = text(form, "email"), _safe_next(text(form, "next"))
    try:
        result = svc.login(db, email=email, password=text(form, "password"), policy=platform_of(request).policy)
    except (AuthenticationError, RateLimitedError) as exc:
        status, headers = _failure(exc)
        return page(request, "platform/login.html", {"values": {"email": email}, "next": after, "error": exc},
                    status_code=status, headers=headers)
    response = redirect(request, after or "/account")
    start_session(request, response, result.token, result.expires_at)
    return response


@router.post("/logout", response_class=HTMLResponse, name="logout")
def logout(request: Request, db: DbDep) -> Response:
    token = session_token(request)
    if token:
        svc.logout(db, token)
    response = redirect(request, "/")
    end_session(request, response)
    return response


# -- password reset -----------------------------------------------------------------------------------------
@router.get("/account/reset", response_class=HTMLResponse, name="reset_request")
def reset_request_form(request: Request, user: UserDep) -> Response:
    return page(request, "platform/reset_request.html", {}, user=user)


@router.post("/account/reset", response_class=HTMLResponse)
def reset_request(request: Request, form: FormDep, db: DbDep) -> Response:
    ctx = platform_of(request)
    svc.request_password_reset(db, text(form, "email"), sender=ctx.sender,
                               link_base=link(request, "/account/reset/confirm"), policy=ctx.policy)
    return page(request, "platform/message.html", {
        "title": "Check your e-mail", "testid": "reset-sent",
        "message": "If an account has this address, we sent it a link to set a new password."})


@router.get("/account/reset/confirm", response_class=HTMLResponse, name="reset")
def reset_form(request: Request, token: str = "") -> Response:
    return page(request, "platform/reset.html", {"token": token})


@router.post("/account/reset/confirm", response_class=HTMLResponse)
def reset(request: Request, form: FormDep, db: DbDep) -> Response:
    token = text(form, "token")
    try:
        svc.reset_password(db, token, text(form, "password"), policy=platform_of(request).policy)
    except (InputError, AuthenticationError) as exc:
        status, _ = _failure(exc)
        return page(request, "platform/reset.html", {"token": token, "error": exc}, status_code=status)
    response = page(request, "platform/message.html", {
        "title": "Password changed", "testid": "reset-done", "next": ("/login", "Log in"),
        "message": "Your new password is set; every open session was ended."})
    end_session(request, response)
    return response


# -- my account ---------------------------------------------------------------------------------------------
@router.get("/account", response_class=HTMLResponse, name="account")
def account(request: Request, user: UserDep, db: DbDep) -> Response:
    if user is None:
        return redirect(request, "/login?next=/account")
    actor = load_actor(db, user.id)
    return page(request, "platform/account.html", {
        "profiles": profiles_of_user(db, user.id), "roles": actor.profile_roles,
        "is_admin": Role.PLATFORM_ADMIN in actor.roles}, user=user)


__all__ = ["page", "redirect", "router", "text"]
