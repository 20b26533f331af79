"""Golden file of the OpenAPI document: any change to routes, parameters or schemas shows up in review.

Update deliberately with CLUSTEROBS_UPDATE_SNAPSHOTS=1 pytest tests/api/test_openapi.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from clusterobs import __version__

SNAPSHOT = Path(__file__).parent / "snapshots" / "test_openapi" / "openapi.json"


def normalise(spec: dict[str, Any]) -> str:
    """Stable text: sorted keys, the app version replaced (it changes on every release)."""
    spec = json.loads(json.dumps(spec))
    spec["info"]["version"] = "<version>"
    return json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_openapi_matches_golden_file(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["version"] == __version__
    text = normalise(spec)
    if os.environ.get("CLUSTEROBS_UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        if not SNAPSHOT.exists() and os.environ.get("CI"):
            raise AssertionError(f"{SNAPSHOT} is missing; create it with CLUSTEROBS_UPDATE_SNAPSHOTS=1")
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "the OpenAPI document changed; review the diff and update with CLUSTEROBS_UPDATE_SNAPSHOTS=1")
