"""``clusterobs demo`` through Typer's test runner, on a local app that mounts the command."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from clusterobs.cli import serve as serve_module
from clusterobs.cli.demo import demo

app = typer.Typer()
app.command("demo")(demo)


@app.callback()
def _root() -> None:
    """Mount point."""


def test_demo_builds_and_says_synthetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "demo.duckdb"
    res = CliRunner().invoke(app, ["demo", "--store", str(store), "--scale", "0.2", "--no-serve", "--no-firms"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "Synthetic demo data" in out and "demo_sbs" in out and "demo_scoreboard" in out
    assert "Fingerprint: sha256:" in out and "Serving" not in out
    assert store.exists() and not (tmp_path / "demo" / "firms.parquet").exists()

    # Without --no-serve the demo hands its store to the server; record the hand-over instead of blocking.
    served: list[tuple[object, ...]] = []
    monkeypatch.setattr(serve_module, "serve", lambda store, host, port: served.append((store, host, port)))
    res = CliRunner().invoke(app, ["demo", "--store", str(store), "--scale", "0.2", "--no-firms"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "nothing changed" in out
    assert served == [(store, None, None)]

    res = CliRunner().invoke(app, ["demo", "--store", str(store), "--scale", "0.2", "--seed", "1", "--no-firms"])
    assert res.exit_code != 0 and "another seed" in str(res.exception)


def test_help_has_an_example() -> None:
    res = CliRunner().invoke(app, ["demo", "--help"])
    assert res.exit_code == 0 and "Example: clusterobs demo" in res.output
