"""Migrations upgrade an empty database on both engines to a schema identical to the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from clusterobs.platform import current_revision, head_revision, make_engine, upgrade
from clusterobs.platform.migrations import downgrade
from clusterobs.platform.models import Base

ENGINES = pytest.mark.parametrize("empty_db_url", ["sqlite", "postgresql"], indirect=True)
FTS_TABLES = ("profile_fts", "profile_search")


@ENGINES
def test_upgrade_from_empty_creates_every_table(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        assert current_revision(engine) is None
        assert upgrade(empty_db_url) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        search_table = "profile_fts" if engine.dialect.name == "sqlite" else "profile_search"
        assert search_table in tables
        # the migrated schema is exactly the models' (the full-text tables are engine-specific, unmapped)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        unexplained = [d for d in diff if not any(t in repr(d) for t in FTS_TABLES)]
        assert unexplained == []
        # running again is a no-op, and downgrade to base removes everything
        assert upgrade(empty_db_url) == head_revision()
        downgrade(engine, "base")
        left = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert left == set()
    finally:
        engine.dispose()
