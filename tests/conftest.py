"""Shared fixtures: the real reference data in ../shared/data (skipped where absent) and fresh stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusterobs.store import Store

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Root of ../shared/data; tests that need it skip with a reason on a clone without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent (it sits beside the checkout in CI)")
    return SHARED_DATA


def shared_file(shared_data: Path, rel: str) -> Path:
    p = shared_data / rel
    if not p.exists():
        pytest.skip(f"reference file {p} is absent")
    return p


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh, empty read-write store in a temporary folder."""
    st = Store(tmp_path / "store.duckdb")
    yield st  # type: ignore[misc]
    st.close()
