"""The databases the platform tests run on: SQLite files and PostgreSQL schemas, plus shared test values.

PostgreSQL is the server CI provides at 127.0.0.1:5432 (user postgres, trust auth, database ``test``; override
with CLUSTEROBS_TEST_PG). Each use gets its own schema, dropped afterwards, so nothing depends on test order.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from clusterobs.platform import AccountPolicy, make_engine

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


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def platform_database(kind: str, folder: Path) -> Iterator[str]:
    """An empty database URL on ``kind`` ('sqlite' or 'postgresql'); PostgreSQL schemas are dropped after."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'platform.sqlite'}"
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
