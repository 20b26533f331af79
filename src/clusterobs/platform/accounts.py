"""Accounts: registration with e-mail confirmation, login and logout with server-side sessions, password reset,
login rate limiting, platform administrators.

Passwords are hashed with argon2id (argon2-cffi). Session and e-mail tokens are random 256-bit strings
handed to the person once; the database keeps only their SHA-256, so a leaked table opens no account.
Failed logins are counted per e-mail address over a sliding window: with the default policy the tenth wrong
password within a minute is refused as throttled, before the password is even checked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from clusterobs.errors import InputError, ValidationError
from clusterobs.platform.authz import GLOBAL_ROLES, Action, Actor, Role, load_actor, require
from clusterobs.platform.db import utcnow
from clusterobs.platform.errors import AuthenticationError, RateLimitedError
from clusterobs.platform.mail import EmailMessage, EmailSender, LogEmailSender
from clusterobs.platform.models import AccountToken, AuthSession, LoginAttempt, User, UserRole
from clusterobs.platform.safety import check_email, clean_text

CONFIRM = "confirm_email"
RESET = "reset_password"


@dataclass(frozen=True)
class AccountPolicy:
    """Tunable security parameters (argon2 cost, windows, lifetimes); tests use a cheap hasher."""

    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    login_window_seconds: int = 60
    #: Wrong passwords allowed in the window; the next attempt is throttled.
    max_failed_logins: int = 9
    session_lifetime: timedelta = timedelta(days=14)
    confirm_lifetime: timedelta = timedelta(hours=48)
    reset_lifetime: timedelta = timedelta(hours=1)
    min_password_length: int = 10
    max_password_length: int = 1024


DEFAULT_POLICY = AccountPolicy()


@lru_cache(maxsize=8)
def _hasher(policy: AccountPolicy) -> PasswordHasher:
    return PasswordHasher(time_cost=policy.argon2_time_cost, memory_cost=policy.argon2_memory_kib,
                          parallelism=policy.argon2_parallelism)


@dataclass(frozen=True)
class LoginResult:
    """The raw session token (for the cookie: Secure, HttpOnly, SameSite=Lax) and whom it belongs to."""

    token: str
    user_id: int
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_password(password: str, policy: AccountPolicy) -> str:
    if not isinstance(password, str) or len(password) < policy.min_password_length:
        raise ValidationError(f"the password must have at least {policy.min_password_length} characters",
                              field="password", hint="a few unrelated words make a long, memorable password")
    if len(password) > policy.max_password_length:
        raise ValidationError(f"the password must have at most {policy.max_password_length} characters",
                              field="password")
    return password


def _issue_token(session: Session, user: User, purpose: str, lifetime: timedelta, now: datetime) -> str:
    raw = secrets.token_urlsafe(32)
    session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=token_hash(raw), created_at=now,
                             expires_at=now + lifetime))
    return raw


def _use_token(session: Session, raw: str, purpose: str, now: datetime) -> User:
    row = session.scalar(select(AccountToken).where(AccountToken.token_hash == token_hash(raw or ""),
                                                    AccountToken.purpose == purpose))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise AuthenticationError("this link is invalid, already used or expired",
                                  hint="ask for a new e-mail" if purpose == RESET else "register again or ask for "
                                  "a new confirmation e-mail")
    row.used_at = now
    user = session.get(User, row.user_id)
    if user is None:  # pragma: no cover - cascades remove tokens with their user
        raise AuthenticationError("the account of this link no longer exists")
    return user


def register(session: Session, *, email: str, password: str, display_name: str,
             sender: EmailSender | None = None, link_base: str = "", policy: AccountPolicy = DEFAULT_POLICY,
             now: datetime | None = None) -> User:
    """Create an unconfirmed account and send its confirmation link (``{link_base}?token=…``)."""
    now = now or utcnow()
    address = check_email(email)
    name = clean_text(display_name, "display_name", max_length=120)
    if not name:
        raise ValidationError("is empty", field="display_name", hint="give the name others will see")
    _check_password(password, policy)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise InputError(f"an account for {address} exists already",
                         hint="log in, or use 'forgot password' to set a new password")
    user = User(email=address, display_name=name, password_hash=_hasher(policy).hash(password), created_at=now,
                is_active=True)
    session.add(user)
    session.flush()
    raw = _issue_token(session, user, CONFIRM, policy.confirm_lifetime, now)
    session.commit()
    (sender or LogEmailSender()).send(EmailMessage(
        to=address, subject="Confirm your clusterobs account",
        body=f"Hello {name},\n\nconfirm your e-mail address by opening\n{link_base}?token={raw}\n\n"
             f"The link is valid for {int(policy.confirm_lifetime.total_seconds() // 3600)} hours."))
    return user


def confirm_email(session: Session, token: str, *, now: datetime | None = None) -> User:
    """Mark the account of a confirmation token as confirmed (single use)."""
    now = now or utcnow()
    user = _use_token(session, token, CONFIRM, now)
    user.email_confirmed_at = user.email_confirmed_at or now
    session.commit()
    return user


def _failures_in_window(session: Session, address: str, now: datetime, policy: AccountPolicy) -> list[datetime]:
    start = now - timedelta(seconds=policy.login_window_seconds)
    return list(session.scalars(select(LoginAttempt.at).where(
        LoginAttempt.email == address, LoginAttempt.success.is_(False), LoginAttempt.at > start,
        LoginAttempt.at <= now).order_by(LoginAttempt.at)))


def login(session: Session, *, email: str, password: str, policy: AccountPolicy = DEFAULT_POLICY,
          now: datetime | None = None) -> LoginResult:
    """Check the credentials and open a server-side session; throttled after too many failures."""
    now = now or utcnow()
    address = " ".join(str(email).split()).lower()[:254]
    failures = _failures_in_window(session, address, now, policy)
    if len(failures) >= policy.max_failed_logins:
        session.add(LoginAttempt(email=address, at=now, success=False))
        session.commit()
        wait = int((failures[-policy.max_failed_logins] + timedelta(seconds=policy.login_window_seconds)
                    - now).total_seconds()) + 1
        raise RateLimitedError(f"too many failed logins for {address}: try again in {wait} seconds",
                               retry_after=wait, hint="use 'forgot password' if you no longer know it")
    user = session.scalar(select(User).where(User.email == address))
    hasher = _hasher(policy)
    try:
        ok = user is not None and hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if user is None:
        hasher.hash(password)  # spend the same time whether or not the address is known
    if not ok or user is None or not user.is_active:
        session.add(LoginAttempt(email=address, at=now, success=False))
        session.commit()
        raise AuthenticationError("wrong e-mail address or password", hint="check both, or use 'forgot password'")
    session.add(LoginAttempt(email=address, at=now, success=True))
    if user.email_confirmed_at is None:
        session.commit()
        raise AuthenticationError(f"the e-mail address {address} is not confirmed yet",
                                  hint="open the link in the confirmation e-mail we sent")
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    raw = secrets.token_urlsafe(32)
    expires = now + policy.session_lifetime
    session.add(AuthSession(token_hash=token_hash(raw), user_id=user.id, created_at=now, expires_at=expires))
    session.commit()
    return LoginResult(token=raw, user_id=user.id, expires_at=expires)


def user_for_session(session: Session, token: str | None, *, now: datetime | None = None) -> User | None:
    """The user of a live session token, or None (unknown, expired, revoked, inactive)."""
    if not token:
        return None
    now = now or utcnow()
    row = session.get(AuthSession, token_hash(token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def actor_for_session(session: Session, token: str | None, *, now: datetime | None = None) -> Actor:
    """The acting person behind a session cookie (a visitor when there is no live session)."""
    user = user_for_session(session, token, now=now)
    return load_actor(session, user.id if user is not None else None)


def logout(session: Session, token: str, *, now: datetime | None = None) -> None:
    """Revoke a session token (idempotent)."""
    row = session.get(AuthSession, token_hash(token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or utcnow()
        session.commit()


def request_password_reset(session: Session, email: str, *, sender: EmailSender | None = None,
                           link_base: str = "", policy: AccountPolicy = DEFAULT_POLICY,
                           now: datetime | None = None) -> None:
    """Send a reset link if the address has an account; silent otherwise (no account enumeration)."""
    now = now or utcnow()
    address = " ".join(str(email).split()).lower()
    user = session.scalar(select(User).where(User.email == address))
    if user is None or not user.is_active:
        return
    raw = _issue_token(session, user, RESET, policy.reset_lifetime, now)
    session.commit()
    (sender or LogEmailSender()).send(EmailMessage(
        to=address, subject="Reset your clusterobs password",
        body=f"Set a new password by opening\n{link_base}?token={raw}\n\nIgnore this e-mail if you did not ask."))


def reset_password(session: Session, token: str, new_password: str, *, policy: AccountPolicy = DEFAULT_POLICY,
                   now: datetime | None = None) -> User:
    """Set a new password from a reset token, confirm the address, and end every open session."""
    now = now or utcnow()
    _check_password(new_password, policy)
    user = _use_token(session, token, RESET, now)
    user.password_hash = _hasher(policy).hash(new_password)
    user.email_confirmed_at = user.email_confirmed_at or now
    session.execute(update(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
                    .values(revoked_at=now))
    session.commit()
    return user


def create_admin(session: Session, *, email: str, password: str, display_name: str = "Administrator",
                 policy: AccountPolicy = DEFAULT_POLICY, now: datetime | None = None) -> User:
    """A confirmed platform administrator (``clusterobs admin create``); an existing account is promoted."""
    now = now or utcnow()
    address = check_email(email)
    _check_password(password, policy)
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        user = User(email=address, display_name=clean_text(display_name, "display_name", max_length=120) or "Admin",
                    password_hash=_hasher(policy).hash(password), email_confirmed_at=now, created_at=now,
                    is_active=True)
        session.add(user)
        session.flush()
    else:
        user.password_hash = _hasher(policy).hash(password)
        user.email_confirmed_at = user.email_confirmed_at or now
    if Role.PLATFORM_ADMIN.value not in {r.role for r in user.roles}:
        user.roles.append(UserRole(user_id=user.id, role=Role.PLATFORM_ADMIN.value, granted_at=now))
    session.commit()
    return user


def grant_role(session: Session, actor: Actor, user_id: int, role: Role | str) -> None:
    """Give a platform-wide role (event organiser, platform administrator); administrators only."""
    require(load_actor(session, actor.user_id), Action.MANAGE_USERS)
    wanted = Role(role)
    if wanted not in GLOBAL_ROLES:
        raise InputError(f"'{wanted.value}' is not a platform-wide role",
                         hint="grant one of: " + ", ".join(r.value for r in GLOBAL_ROLES))
    user = session.get(User, user_id)
    if user is None:
        raise InputError(f"there is no user {user_id}")
    if wanted.value not in {r.role for r in user.roles}:
        user.roles.append(UserRole(user_id=user.id, role=wanted.value))
    session.commit()


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


__all__ = ["DEFAULT_POLICY", "AccountPolicy", "LoginResult", "actor_for_session", "confirm_email", "count_users",
           "create_admin", "grant_role", "login", "logout", "register", "request_password_reset", "reset_password",
           "token_hash", "user_for_session"]
