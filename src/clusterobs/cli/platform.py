"""``clusterobs db …`` and ``clusterobs admin …``: migrate the platform database, create administrators.

``app`` holds both groups (``db`` and ``admin``); ``db_app`` and ``admin_app`` can also be mounted on their own
at the top level, as the issue names them (``clusterobs db upgrade``, ``clusterobs admin create``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterobs.cli._common import StoreOption, out
from clusterobs.platform.accounts import create_admin
from clusterobs.platform.db import default_database_url, make_engine, session_factory, session_scope
from clusterobs.platform.migrations import upgrade

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", help="Platform database URL. Default: $CLUSTEROBS_DATABASE_URL or "
                                    "platform.sqlite beside the store.", show_default=False),
]

app = typer.Typer(help="The collaboration platform's database and accounts.", no_args_is_help=True)
db_app = typer.Typer(help="The platform database (SQLite by default, PostgreSQL via a URL).", no_args_is_help=True)
admin_app = typer.Typer(help="Platform administrators.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")


def _url(database: str | None, store: Path | None) -> str:
    return database or default_database_url(store)


def _safe(url: str) -> str:
    """The URL without a password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url


@db_app.command("upgrade")
def db_upgrade(database: DatabaseOption = None, store: StoreOption = None,
               revision: Annotated[str, typer.Option(help="Target revision.")] = "head") -> None:
    """Create or migrate the platform database to the newest schema (safe to run again).

    Example: clusterobs db upgrade --database postgresql+psycopg://postgres@127.0.0.1/clusterobs
    """
    url = _url(database, store)
    at = upgrade(url, revision)
    out.print(f"platform database {_safe(url)} is at revision {at}")


@admin_app.command("create")
def admin_create(
    email: Annotated[str, typer.Option("--email", help="The administrator's e-mail address.")],
    password: Annotated[str, typer.Option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                                          help="At least 10 characters; prompted for when not given.")],
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "Administrator",
    database: DatabaseOption = None,
    store: StoreOption = None,
) -> None:
    """Create a confirmed platform administrator (or promote an existing account), migrating first.

    Example: clusterobs admin create --email admin@region.eu
    """
    url = _url(database, store)
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(session_factory(engine)) as session:
            user = create_admin(session, email=email, password=password, display_name=name)
            out.print(f"platform administrator {user.email} (user {user.id}) is ready")
    finally:
        engine.dispose()


__all__ = ["admin_app", "app", "db_app"]
