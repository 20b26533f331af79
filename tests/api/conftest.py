"""An app on the hand-made test store (tests/observatory_store.py), with FastAPI's test client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from clusterobs.api import create_app
from clusterobs.config import Settings
from observatory_store import build_store

with warnings.catch_warnings():  # newer Starlette suggests httpx2 for its test client; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "store.duckdb")


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(store=store_path, page_size=3, max_page_size=50))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
