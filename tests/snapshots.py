"""One golden-file mechanism for every snapshot test (scorecards, dashboards, pages, the OpenAPI document).

A snapshot lives at ``<test folder>/snapshots/<test module>/<test name>/<file>``; it is (re)written only when
``CLUSTEROBS_UPDATE_SNAPSHOTS=1``, and a missing one fails with the command that creates it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

UPDATE_ENV = "CLUSTEROBS_UPDATE_SNAPSHOTS"


def snapshot_path(request: pytest.FixtureRequest, name: str) -> Path:
    test_file = Path(str(request.node.fspath))
    return test_file.parent / "snapshots" / test_file.stem / request.node.name / name


def assert_snapshot(actual: str, target: Path) -> None:
    """``actual`` equals the text at ``target`` (or becomes it, when updating is asked for)."""
    if os.environ.get(UPDATE_ENV) == "1":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(actual, encoding="utf-8")
        return
    if not target.exists():
        pytest.fail(f"snapshot {target} is missing; run the test with {UPDATE_ENV}=1 to create it")
    expected = target.read_text(encoding="utf-8")
    assert actual == expected, f"{target} differs; inspect the change, then rerun with {UPDATE_ENV}=1 to accept"
