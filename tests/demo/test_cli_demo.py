"""``clusterobs demo`` through Typer's test runner, on a local app that mounts the command."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from clusterobs.cli.demo import demo

app = typer.Typer()
app.command("demo")(demo)


@app.callback()
def _root() -> None:
    """Mount point."""


def test_demo_builds_and_says_synthetic(tmp_path: Path) -> None:
    store = tmp_path / "demo.duckdb"
    res = CliRunner().invoke(app, ["demo", "--store", str(store), "--scale", "0.2", "--no-serve", "--no-firms"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "Synthetic demo data" in out and "demo_sbs" in out and "demo_scoreboard" in out
    assert "Fingerprint: sha256:" in out and "web app" not in out
    assert store.exists() and not (tmp_path / "demo" / "firms.parquet").exists()

    res = CliRunner().invoke(app, ["demo", "--store", str(store), "--scale", "0.2", "--no-firms"])
    assert res.exit_code == 0
    out = " ".join(res.output.split())
    assert "nothing changed" in out and "web app arrives with the web issue" in out

    res = CliRunner().invoke(app, ["demo", "--store", str(store), "--scale", "0.2", "--seed", "1", "--no-firms"])
    assert res.exit_code != 0 and "another seed" in str(res.exception)


def test_help_has_an_example() -> None:
    res = CliRunner().invoke(app, ["demo", "--help"])
    assert res.exit_code == 0 and "Example: clusterobs demo" in res.output
