"""The platform database: an engine and sessions from one URL.

The observatory store (DuckDB) is rebuilt from sources; the platform database holds what people write, so it
is a separate transactional database: a SQLite file beside the store by default, PostgreSQL in production
(``postgresql+psycopg://user@host/db``). ``CLUSTEROBS_DATABASE_URL`` overrides the default.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from clusterobs.errors import InputError
from clusterobs.store import default_store_path

DATABASE_ENV = "CLUSTEROBS_DATABASE_URL"
DEFAULT_FILENAME = "platform.sqlite"
#: Seconds a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT = 30


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so every stored time is naive UTC on both engines."""
    return datetime.now(UTC).replace(tzinfo=None)


def default_database_url(store: Path | None = None) -> str:
    """``$CLUSTEROBS_DATABASE_URL``, else ``sqlite:///<folder of the store>/platform.sqlite``."""
    env = os.environ.get(DATABASE_ENV)
    if env:
        return env
    folder = (store if store is not None else default_store_path()).expanduser().resolve().parent
    return f"sqlite:///{folder / DEFAULT_FILENAME}"


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:  # noqa: ANN401 - DB-API connection
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:  # noqa: ANN401 - passed through to create_engine
    """An engine for ``url``; SQLite gets foreign keys on, a busy timeout and its folder created."""
    if not url or "://" not in url:
        raise InputError(f"'{url}' is not a database URL",
                         hint="use e.g. sqlite:///path/platform.sqlite or postgresql+psycopg://user@host/db")
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path.split("?", 1)[0]).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (services return them to callers)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session, closed at the end; services commit their own unit of work."""
    session = factory()
    try:
        yield session
    finally:
        session.close()


__all__ = ["DATABASE_ENV", "default_database_url", "make_engine", "session_factory", "session_scope", "utcnow"]
