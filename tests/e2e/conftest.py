"""Browser tests: Debian's headless Chromium via Playwright, and a live server on the hand-made store.

Tests skip with a reason when Playwright or /usr/bin/chromium is absent (``.ci/run`` installs chromium).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from live_server import CHROMIUM, CHROMIUM_ARGS, LiveServer, start_server, stop_server
from observatory_store import build_store


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) for browser tests")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    srv = start_server(build_store(tmp_path_factory.mktemp("e2e") / "store.duckdb"))
    yield srv
    stop_server(srv)
