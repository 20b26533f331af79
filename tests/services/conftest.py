"""The hand-made test store (tests/observatory_store.py), opened read-only through the service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clusterobs.services import Observatory
from clusterobs.store import Store
from observatory_store import build_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("obs") / "store.duckdb")


@pytest.fixture(scope="module")
def obs(store_path: Path) -> Iterator[Observatory]:
    st = Store(store_path, read_only=True)
    yield Observatory(st)
    st.close()
