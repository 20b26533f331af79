"""Accounts on both engines: registration and confirmation, login/logout, reset, throttling, administrators."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterobs.errors import InputError, ValidationError
from clusterobs.platform import (
    AccountPolicy,
    AuthenticationError,
    PermissionDeniedError,
    RateLimitedError,
    RecordingEmailSender,
    Role,
    confirm_email,
    create_admin,
    grant_role,
    load_actor,
    login,
    logout,
    register,
    request_password_reset,
    reset_password,
    user_for_session,
)
from clusterobs.platform.models import AccountToken, AuthSession

T0 = datetime(2025, 3, 1, 9, 0, 0)
PASSWORD = "correct horse battery"


def _token(outbox: RecordingEmailSender) -> str:
    return outbox.outbox[-1].body.split("token=", 1)[1].split()[0]


def test_register_confirm_login_logout(session: Session, outbox: RecordingEmailSender,
                                       policy: AccountPolicy) -> None:
    user = register(session, email=" Ana@Cluster.Example.EU ", password=PASSWORD, display_name="Ana",
                    sender=outbox, link_base="https://obs.example.eu/confirm", policy=policy, now=T0)
    assert user.email == "ana@cluster.example.eu"
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    (message,) = outbox.outbox
    assert message.to == "ana@cluster.example.eu"
    assert "https://obs.example.eu/confirm?token=" in message.body
    raw = _token(outbox)
    # only the token's hash is stored
    stored = session.scalars(select(AccountToken.token_hash)).all()
    assert raw not in stored and len(stored) == 1 and len(stored[0]) == 64
    with pytest.raises(AuthenticationError, match="not confirmed"):
        login(session, email="ana@cluster.example.eu", password=PASSWORD, policy=policy, now=T0)
    confirm_email(session, raw, now=T0)
    with pytest.raises(AuthenticationError, match="invalid, already used"):
        confirm_email(session, raw, now=T0)  # single use
    result = login(session, email="ANA@cluster.example.eu", password=PASSWORD, policy=policy, now=T0)
    assert result.expires_at == T0 + policy.session_lifetime
    assert session.get(AuthSession, result.token) is None  # the raw token is not a key
    found = user_for_session(session, result.token, now=T0 + timedelta(hours=1))
    assert found is not None and found.id == user.id
    assert user_for_session(session, result.token, now=T0 + policy.session_lifetime) is None  # expired
    logout(session, result.token, now=T0)
    assert user_for_session(session, result.token, now=T0) is None


def test_registration_refuses_bad_input(session: Session, outbox: RecordingEmailSender,
                                        policy: AccountPolicy) -> None:
    with pytest.raises(ValidationError, match="at least 10 characters"):
        register(session, email="a@b.eu", password="short", display_name="A", sender=outbox, policy=policy)
    with pytest.raises(ValidationError, match="not an e-mail address"):
        register(session, email="<script>@x", password=PASSWORD, display_name="A", sender=outbox, policy=policy)
    register(session, email="a@b.eu", password=PASSWORD, display_name="A", sender=outbox, policy=policy)
    with pytest.raises(InputError, match="exists already"):
        register(session, email="A@B.EU", password=PASSWORD, display_name="A", sender=outbox, policy=policy)


def test_confirmation_link_expires(session: Session, outbox: RecordingEmailSender, policy: AccountPolicy) -> None:
    register(session, email="a@b.eu", password=PASSWORD, display_name="A", sender=outbox, policy=policy, now=T0)
    with pytest.raises(AuthenticationError, match="expired"):
        confirm_email(session, _token(outbox), now=T0 + policy.confirm_lifetime)


def _confirmed(session: Session, outbox: RecordingEmailSender, policy: AccountPolicy) -> Any:
    user = register(session, email="b@b.eu", password=PASSWORD, display_name="B", sender=outbox, policy=policy,
                    now=T0)
    confirm_email(session, _token(outbox), now=T0)
    return user


def test_tenth_wrong_password_in_a_minute_is_throttled(session: Session, outbox: RecordingEmailSender,
                                                       policy: AccountPolicy) -> None:
    _confirmed(session, outbox, policy)
    for i in range(9):  # nine wrong passwords, five seconds apart: 0 … 40 s
        with pytest.raises(AuthenticationError, match="wrong e-mail address or password"):
            login(session, email="b@b.eu", password="wrong password!", policy=policy, now=T0 + timedelta(seconds=5 * i))
    with pytest.raises(RateLimitedError) as tenth:
        login(session, email="b@b.eu", password="wrong password!", policy=policy, now=T0 + timedelta(seconds=45))
    # the first failure (at 0 s) leaves the 60 s window at 60 s: 15 s from now (+1 rounding up)
    assert tenth.value.retry_after == 16
    # while throttled even the right password is refused
    with pytest.raises(RateLimitedError):
        login(session, email="b@b.eu", password=PASSWORD, policy=policy, now=T0 + timedelta(seconds=50))
    # a minute after the last failure, the right password works again
    ok = login(session, email="b@b.eu", password=PASSWORD, policy=policy, now=T0 + timedelta(seconds=111))
    assert ok.user_id > 0


def test_failures_spread_over_more_than_a_minute_are_not_throttled(session: Session, outbox: RecordingEmailSender,
                                                                   policy: AccountPolicy) -> None:
    _confirmed(session, outbox, policy)
    for i in range(12):  # one wrong password every 7 s: never nine within 60 s
        with pytest.raises(AuthenticationError):
            login(session, email="b@b.eu", password="nope nope nope", policy=policy,
                  now=T0 + timedelta(seconds=7 * i) if i < 8 else T0 + timedelta(seconds=120 + 7 * i))
    assert login(session, email="b@b.eu", password=PASSWORD, policy=policy, now=T0 + timedelta(seconds=300))


def test_unknown_address_is_counted_and_throttled_too(session: Session, policy: AccountPolicy) -> None:
    for i in range(9):
        with pytest.raises(AuthenticationError, match="wrong e-mail address or password"):
            login(session, email="ghost@b.eu", password="whatever123", policy=policy, now=T0 + timedelta(seconds=i))
    with pytest.raises(RateLimitedError):
        login(session, email="ghost@b.eu", password="whatever123", policy=policy, now=T0 + timedelta(seconds=10))


def test_password_reset(session: Session, outbox: RecordingEmailSender, policy: AccountPolicy) -> None:
    _confirmed(session, outbox, policy)
    old = login(session, email="b@b.eu", password=PASSWORD, policy=policy, now=T0)
    n = len(outbox.outbox)
    request_password_reset(session, "nobody@b.eu", sender=outbox, policy=policy, now=T0)
    assert len(outbox.outbox) == n  # silent for unknown addresses
    request_password_reset(session, "B@b.eu", sender=outbox, policy=policy, now=T0)
    raw = _token(outbox)
    with pytest.raises(ValidationError):
        reset_password(session, raw, "short", policy=policy, now=T0)
    reset_password(session, raw, "a brand new passphrase", policy=policy, now=T0 + timedelta(minutes=5))
    assert user_for_session(session, old.token, now=T0 + timedelta(minutes=6)) is None  # sessions ended
    with pytest.raises(AuthenticationError):
        login(session, email="b@b.eu", password=PASSWORD, policy=policy, now=T0 + timedelta(minutes=7))
    assert login(session, email="b@b.eu", password="a brand new passphrase", policy=policy,
                 now=T0 + timedelta(minutes=8))
    with pytest.raises(AuthenticationError):  # single use
        reset_password(session, raw, "another new passphrase", policy=policy, now=T0 + timedelta(minutes=9))


def test_reset_link_expires_after_an_hour(session: Session, outbox: RecordingEmailSender,
                                          policy: AccountPolicy) -> None:
    _confirmed(session, outbox, policy)
    request_password_reset(session, "b@b.eu", sender=outbox, policy=policy, now=T0)
    with pytest.raises(AuthenticationError, match="expired"):
        reset_password(session, _token(outbox), "a brand new passphrase", policy=policy,
                       now=T0 + timedelta(hours=1))


def test_admin_create_and_grant_roles(session: Session, outbox: RecordingEmailSender, policy: AccountPolicy) -> None:
    admin = create_admin(session, email="root@obs.example.eu", password=PASSWORD, policy=policy)
    assert load_actor(session, admin.id).roles == frozenset({Role.PLATFORM_ADMIN})
    assert login(session, email="root@obs.example.eu", password=PASSWORD, policy=policy)  # confirmed already
    user = _confirmed(session, outbox, policy)
    with pytest.raises(PermissionDeniedError):
        grant_role(session, load_actor(session, user.id), user.id, Role.PLATFORM_ADMIN)
    grant_role(session, load_actor(session, admin.id), user.id, Role.EVENT_ORGANISER)
    assert load_actor(session, user.id).roles == frozenset({Role.EVENT_ORGANISER})
    with pytest.raises(InputError, match="not a platform-wide role"):
        grant_role(session, load_actor(session, admin.id), user.id, Role.PROFILE_ADMIN)
    # promoting an existing account keeps it and adds the role
    again = create_admin(session, email="b@b.eu", password=PASSWORD, policy=policy)
    assert again.id == user.id
    assert load_actor(session, user.id).roles == frozenset({Role.EVENT_ORGANISER, Role.PLATFORM_ADMIN})
