"""``clusterobs db upgrade`` and ``clusterobs admin create`` on a local Typer app mounting the platform CLI."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from clusterobs.cli.platform import admin_app, app, db_app
from clusterobs.platform import Role, head_revision, load_actor, login, make_engine
from clusterobs.platform.accounts import AccountPolicy

root = typer.Typer()
root.add_typer(app, name="platform")
root.add_typer(db_app, name="db")
root.add_typer(admin_app, name="admin")


def test_db_upgrade_and_admin_create(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    runner = CliRunner()
    res = runner.invoke(root, ["db", "upgrade", "--database", url])
    assert res.exit_code == 0, res.output
    assert f"is at revision {head_revision()}" in res.output
    res = runner.invoke(root, ["admin", "create", "--email", "Root@Obs.example.eu", "--password",
                               "a long admin password", "--database", url])
    assert res.exit_code == 0, res.output
    assert "platform administrator root@obs.example.eu (user 1) is ready" in res.output
    engine = make_engine(url)
    with Session(engine) as s:
        result = login(s, email="root@obs.example.eu", password="a long admin password", policy=AccountPolicy())
        assert load_actor(s, result.user_id).roles == frozenset({Role.PLATFORM_ADMIN})
    engine.dispose()
    # the nested form, and the default database beside the store
    res = runner.invoke(root, ["platform", "db", "upgrade", "--store", str(tmp_path / "obs" / "store.duckdb")],
                        env={"CLUSTEROBS_DATABASE_URL": ""})
    assert res.exit_code == 0, res.output
    assert (tmp_path / "obs" / "platform.sqlite").exists()


def test_help_has_examples() -> None:
    runner = CliRunner()
    for args in (["db", "upgrade", "--help"], ["admin", "create", "--help"]):
        res = runner.invoke(root, args)
        assert res.exit_code == 0 and "Example: clusterobs" in res.output
