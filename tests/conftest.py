"""Shared fixtures: the real reference data in ../shared/data (skipped where absent) and fresh stores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.demo.build import DemoWorld, build_world, write_demo
from clusterobs.scoreboard import write_csv
from clusterobs.store import Store
from refdata import SHARED_DATA, shared_file
from snapshots import assert_snapshot, snapshot_path

__all__ = ["SHARED_DATA", "shared_file"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Root of ../shared/data; tests that need it skip with a reason on a clone without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent (it sits beside the checkout in CI)")
    return SHARED_DATA


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh, empty read-write store in a temporary folder."""
    st = Store(tmp_path / "store.duckdb")
    yield st  # type: ignore[misc]
    st.close()


@pytest.fixture(scope="session")
def world() -> DemoWorld:
    """The default Demoland world (seed 42, scale 1), generated once per session."""
    return build_world(42, 1.0)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The default demo (seed 42, scale 1) written to a store once per session, opened read-only."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as st:
        write_demo(st, 42, 1.0)
    with Store(path, read_only=True) as st:
        yield st


@pytest.fixture
def snapshot(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[pd.DataFrame, str], None]:
    """``snapshot(table, name)``: compare a table, written as CSV with 6 decimals, to its golden file."""

    def check(table: pd.DataFrame, name: str = "out.csv") -> None:
        actual = write_csv(table, tmp_path / name, decimals=6).read_text(encoding="utf-8")
        assert_snapshot(actual, snapshot_path(request, name))

    return check
