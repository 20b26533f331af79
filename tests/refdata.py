"""Where the reference data in ../shared/data lives, and how tests reach a file in it (skip when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_file(shared_data: Path, rel: str) -> Path:
    """``shared_data / rel``, skipping the test with a reason when that file is absent."""
    p = shared_data / rel
    if not p.exists():
        pytest.skip(f"reference file {p} is absent")
    return p
