"""Settings: read from CLUSTEROBS_* variables, validated, and closed to unsafe values in production."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from clusterobs.config import PLACEHOLDER_SECRET, Settings, get_settings


def test_environment_variables_with_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLUSTEROBS_STORE", str(tmp_path / "x.duckdb"))
    monkeypatch.setenv("CLUSTEROBS_PORT", "8123")
    monkeypatch.setenv("CLUSTEROBS_ENVIRONMENT", "development")
    s = Settings()
    assert (s.store, s.port, s.host, s.is_production) == (tmp_path / "x.duckdb", 8123, "127.0.0.1", False)


def test_production_refuses_the_placeholder_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTEROBS_ENVIRONMENT", "production")
    with pytest.raises(pydantic.ValidationError, match="CLUSTEROBS_SECRET_KEY"):
        Settings()
    with pytest.raises(pydantic.ValidationError, match="CLUSTEROBS_SECRET_KEY"):
        Settings(secret_key="short")
    ok = Settings(secret_key="x" * 40)
    assert ok.is_production and ok.secret_key.get_secret_value() != PLACEHOLDER_SECRET


@pytest.mark.parametrize(("field", "value", "match"), [
    ("port", 0, "greater than or equal to 1"),
    ("port", 70000, "less than or equal to 65535"),
    ("environment", "staging", "'development' or 'production'"),
    ("root_path", "sub/", "must start with '/'"),
    ("page_size", 5000, "page_size|PAGE_SIZE|less than or equal"),
])
def test_invalid_values_fail_at_start(field: str, value: object, match: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=match):
        Settings(**{field: value})


def test_every_field_is_described() -> None:
    assert all(f.description for f in Settings.model_fields.values())


def test_get_settings_is_cached_and_not_built_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    monkeypatch.setenv("CLUSTEROBS_PORT", "9001")
    first = get_settings()
    monkeypatch.setenv("CLUSTEROBS_PORT", "9002")
    assert get_settings() is first and first.port == 9001
    get_settings.cache_clear()
    assert get_settings().port == 9002
    get_settings.cache_clear()
