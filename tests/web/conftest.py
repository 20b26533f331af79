"""Apps on the hand-made store: one with real (non-synthetic) ingests, one flagged synthetic like the demo."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from clusterobs.api import create_app
from clusterobs.config import Settings
from observatory_store import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = build_store(tmp_path_factory.mktemp("web") / "store.duckdb")
    with TestClient(create_app(Settings(store=path)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = build_store(tmp_path_factory.mktemp("web-demo") / "store.duckdb", synthetic=True)
    with TestClient(create_app(Settings(store=path)), raise_server_exceptions=False) as c:
        yield c
