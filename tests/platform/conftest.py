"""Fixtures for the platform tests: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is the server CI provides at 127.0.0.1:5432 (user postgres, trust auth, database ``test``;
override with CLUSTEROBS_TEST_PG). Each test gets its own schema, dropped afterwards, so nothing depends on
test order; SQLite tests get a copy of a migrated template file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from clusterobs.platform import AccountPolicy, RecordingEmailSender, confirm_email, make_engine, register, upgrade
from clusterobs.platform.authz import Actor, load_actor
from clusterobs.platform.models import User, UserRole
from platform_db import FAST, platform_database, token_from, valid_values


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "platform.sqlite"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL (own SQLite file or own PostgreSQL schema) for the engine in ``request.param``."""
    with platform_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A migrated database URL, once per engine."""
    if request.param == "sqlite":
        path = tmp_path / "platform.sqlite"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    with platform_database("postgresql", tmp_path) as url:
        upgrade(url)
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url, pool_size=8, max_overflow=8)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def outbox() -> RecordingEmailSender:
    return RecordingEmailSender()


class Factory:
    """Builds users and profiles through the services (so tests exercise the real paths)."""

    def __init__(self, session: Session, outbox: RecordingEmailSender) -> None:
        self.session = session
        self.outbox = outbox
        self.n = 0

    def user(self, *roles: str, confirmed: bool = True, password: str = "correct horse battery") -> User:
        self.n += 1
        user = register(self.session, email=f"user{self.n}@cluster.example.eu", password=password,
                        display_name=f"User {self.n}", sender=self.outbox, policy=FAST)
        if confirmed:
            confirm_email(self.session, token_from(self.outbox.outbox[-1].body))
        for role in roles:
            self.session.add(UserRole(user_id=user.id, role=role))
        self.session.commit()
        return user

    def actor(self, user: User | None) -> Actor:
        return load_actor(self.session, None if user is None else user.id)


@pytest.fixture
def make(session: Session, outbox: RecordingEmailSender) -> Factory:
    return Factory(session, outbox)


@pytest.fixture
def policy() -> AccountPolicy:
    return FAST


@pytest.fixture
def values() -> Callable[..., dict[str, Any]]:
    """``values(**overrides)``: a profile's field values that meet every validation criterion."""
    return valid_values


