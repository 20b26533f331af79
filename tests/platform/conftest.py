"""Fixtures for the platform tests: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is the server CI provides at 127.0.0.1:5432 (user postgres, trust auth, database ``test``;
override with CLUSTEROBS_TEST_PG). Each test gets its own schema, dropped afterwards, so nothing depends on
test order; SQLite tests get a copy of a migrated template file.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from clusterobs.platform import AccountPolicy, RecordingEmailSender, confirm_email, make_engine, register, upgrade
from clusterobs.platform.authz import Actor, load_actor
from clusterobs.platform.models import User, UserRole

#: A cheap argon2 for tests (the hashing itself is argon2-cffi's, tested there); otherwise the default policy.
FAST = AccountPolicy(argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1)
PG_URL = os.environ.get("CLUSTEROBS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, str | None] = {}


def pg_unavailable() -> str | None:
    """None when the PostgreSQL test server answers, else the reason to skip."""
    if "reason" not in _pg_state:
        try:
            engine = make_engine(PG_URL, connect_args={"connect_timeout": 3}, poolclass=None)
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_state["reason"] = None
        except Exception as exc:  # any failure to connect means: skip, saying why
            _pg_state["reason"] = f"no PostgreSQL server answers at {PG_URL} ({type(exc).__name__})"
    return _pg_state["reason"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "platform.sqlite"
    upgrade(f"sqlite:///{path}")
    return path


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL (own SQLite file or own PostgreSQL schema) for the engine in ``request.param``."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'platform.sqlite'}"
        return
    reason = pg_unavailable()
    if reason:
        pytest.skip(reason)
    schema = "t_" + uuid.uuid4().hex[:16]
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A migrated database URL, once per engine."""
    if request.param == "sqlite":
        path = tmp_path / "platform.sqlite"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    reason = pg_unavailable()
    if reason:
        pytest.skip(reason)
    schema = "t_" + uuid.uuid4().hex[:16]
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = _pg_schema_url(schema)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


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


def token_from(body: str) -> str:
    return body.split("token=", 1)[1].split()[0]


def valid_values(**overrides: Any) -> dict[str, Any]:
    """A profile that meets every validation criterion (2.5 FTE, 40 members of three helix types, site)."""
    values: dict[str, Any] = {
        "type": "cluster_organisation", "name": "Styrian Mechatronics Cluster", "acronym": "SMC",
        "country": "AT", "region": "AT22", "city": "Graz", "latitude": 47.07, "longitude": 15.44,
        "website": "https://www.mechatronics.example.eu", "website_english": True,
        "description": "Mechatronics firms, universities and the regional agency working together.",
        "year_established": 2004, "staff_fte": 2.5, "members_sme": 30, "members_large": 4,
        "members_research": 4, "members_public": 2, "members_other": 0,
        "ecosystems": ["digital", "electronics"], "sectors": ["production_technology"],
        "technologies": ["advanced_manufacturing"], "contact_email": "office@mechatronics.example.eu",
    }
    values.update(overrides)
    return values
