"""Demo worlds built once per test session (a scale-1 build takes a few seconds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clusterobs.demo.build import DemoWorld, build_world, write_demo
from clusterobs.store import Store


@pytest.fixture(scope="session")
def world() -> DemoWorld:
    return build_world(42, 1.0)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The default demo (seed 42, scale 1) written to a store, with its firm table beside it."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 1.0)
    with Store(path, read_only=True) as st:
        yield st
