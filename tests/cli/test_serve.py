"""``clusterobs serve`` on a local Typer app; uvicorn.run is replaced so nothing listens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from clusterobs.cli import serve as serve_module
from clusterobs.errors import InputError, StoreError
from observatory_store import build_store

app = typer.Typer()
app.command("serve")(serve_module.serve)
app.command("noop")(lambda: None)


def test_serve_builds_the_app_and_runs_uvicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = build_store(tmp_path / "s.duckdb")
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    result = CliRunner().invoke(app, ["serve", "--store", str(store), "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8765/" in result.output
    (call,) = calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8765)
    assert call["app"].state.observatory.default_version == "2021"
    call["app"].state.observatory.store.close()


def test_env_settings_are_overridden_by_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLUSTEROBS_PORT", "9000")
    monkeypatch.setenv("CLUSTEROBS_HOST", "0.0.0.0")
    s = serve_module.server_settings(tmp_path / "x.duckdb", None, 9100)
    assert (s.host, s.port, s.store) == ("0.0.0.0", 9100, tmp_path / "x.duckdb")


def test_bad_settings_are_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTEROBS_ENVIRONMENT", "production")
    with pytest.raises(InputError, match="CLUSTEROBS_SECRET_KEY"):
        serve_module.server_settings()
    with pytest.raises(InputError, match="port"):
        serve_module.server_settings(port=0)


def test_missing_store_fails_before_listening(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "absent.duckdb")])
    assert isinstance(result.exception, StoreError) and "no store at" in str(result.exception)


def test_help_has_an_example() -> None:
    assert "Example: clusterobs serve" in CliRunner().invoke(app, ["serve", "--help"]).output
