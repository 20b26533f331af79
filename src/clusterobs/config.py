"""Typed settings for the server, read from ``CLUSTEROBS_*`` environment variables and validated at start.

One object holds every knob, so a wrong value fails when the server starts (with the variable's name), not
on the first request that needs it. It is built by :func:`get_settings`, never at import, so tests and the
CLI can set the environment (or pass a ``Settings``) first. Production mode fails closed: it refuses the
placeholder secret key and debug-only conveniences.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from clusterobs.store import default_store_path

#: The secret key shipped as default; fine on a laptop, refused in production.
PLACEHOLDER_SECRET = "change-me-in-production"
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    """Server settings. Each field ``name`` is read from the environment variable ``CLUSTEROBS_NAME``."""

    model_config = SettingsConfigDict(env_prefix="CLUSTEROBS_", extra="ignore", frozen=True)

    store: Path = Field(default_factory=default_store_path,
                        description="Observatory store file (DuckDB) that the server reads; opened read-only.")
    host: str = Field(default="127.0.0.1", min_length=1,
                      description="Address the server listens on. Keep 127.0.0.1 unless behind a reverse proxy.")
    port: int = Field(default=8000, ge=1, le=65535, description="TCP port the server listens on.")
    environment: Literal["development", "production"] = Field(
        default="development",
        description="'production' refuses unsafe values (placeholder secret key) and hides internal details.")
    secret_key: SecretStr = Field(
        default=SecretStr(PLACEHOLDER_SECRET),
        description=f"Key for signing cookies and tokens; at least {MIN_SECRET_LENGTH} characters in production.")
    root_path: str = Field(default="", description="URL prefix when served behind a proxy under a sub-path, "
                           "e.g. '/observatory'.")
    cache_max_age: int = Field(default=300, ge=0, le=86_400,
                               description="Seconds clients may cache read-only API answers (Cache-Control).")
    page_size: int = Field(default=50, ge=1, le=1000, description="Default number of rows per API page.")
    max_page_size: int = Field(default=1000, ge=1, le=100_000, description="Largest page an API client may ask for.")
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        default="info", description="Server log level (uvicorn).")
    database_url: str | None = Field(
        default=None, description="Platform database (accounts, profiles), e.g. "
        "postgresql+psycopg://user@host/clusterobs; default: a SQLite file platform.sqlite beside the store. "
        "Migrated to the newest schema when the server starts.")

    @model_validator(mode="after")
    def _fail_closed(self) -> Settings:
        if self.page_size > self.max_page_size:
            raise ValueError(f"CLUSTEROBS_PAGE_SIZE ({self.page_size}) exceeds CLUSTEROBS_MAX_PAGE_SIZE "
                             f"({self.max_page_size}); lower the first or raise the second")
        if self.root_path and (not self.root_path.startswith("/") or self.root_path.endswith("/")):
            raise ValueError(f"CLUSTEROBS_ROOT_PATH must start with '/' and not end with one, got "
                             f"'{self.root_path}'")
        if self.environment == "production":
            key = self.secret_key.get_secret_value()
            if key == PLACEHOLDER_SECRET or len(key) < MIN_SECRET_LENGTH:
                raise ValueError("CLUSTEROBS_SECRET_KEY is the placeholder or shorter than "
                                 f"{MIN_SECRET_LENGTH} characters, which is unsafe in production; set it to a "
                                 "random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'")
        return self

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment, built once (call ``get_settings.cache_clear()`` after changing it)."""
    return Settings()


__all__ = ["MIN_SECRET_LENGTH", "PLACEHOLDER_SECRET", "Settings", "get_settings"]
