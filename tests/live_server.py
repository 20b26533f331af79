"""A real server for browser tests: uvicorn on a free loopback port, in a thread, on a given store.

Also a Playwright page whose every request outside the test server is aborted and recorded, so a test can
prove the pages load nothing from the network.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from clusterobs.api import create_app
from clusterobs.config import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class LiveServer:
    url: str
    store: Path
    server: uvicorn.Server
    thread: threading.Thread
    blocked: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(store: Path) -> LiveServer:
    port = _free_port()
    app = create_app(Settings(store=store, port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", store, server, thread)


def stop_server(live: LiveServer) -> None:
    live.server.should_exit = True
    live.thread.join(timeout=10)


def new_page(browser: Any, live: LiveServer) -> Any:
    """A page in a fresh context that may download, with every off-server request aborted and recorded."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 1000})

    def guard(route: Any) -> None:
        if route.request.url.startswith(live.url):
            route.continue_()
        else:
            live.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context.new_page()
