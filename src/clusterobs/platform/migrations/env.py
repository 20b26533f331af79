"""Alembic environment: migrate the connection handed over by :func:`clusterobs.platform.migrations.upgrade`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from clusterobs.platform.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run platform migrations through clusterobs.platform.migrations.upgrade(url)")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
