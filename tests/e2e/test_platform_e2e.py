"""End to end in headless Chromium: register, confirm (the link from the recorded e-mail), create a profile,
submit it, an administrator (made with platform.create_admin) publishes it, it appears in search and on the
map — "on the map" meaning Plotly drew one SVG marker per profile with coordinates, not merely that the page
arrived.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from live_server import LiveServer, new_page
from observatory_store import build_store
from platform_app import PASSWORD, PlatformApp, make_platform_app, platform_database

DRAWN = 15_000  # ms; a generous bound for a loaded 2-core machine, not a timing assertion


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, PlatformApp]]:
    """The platform served on each database engine (PostgreSQL skips with a reason where no server answers)."""
    folder = tmp_path_factory.mktemp(f"e2e-platform-{request.param}")
    with platform_database(request.param, folder) as url:
        store = build_store(folder / "store.duckdb")
        world = make_platform_app(store, url)
        config = uvicorn.Config(world.app, host="127.0.0.1", port=0, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield LiveServer(f"http://127.0.0.1:{port}", store, server, thread), world
        server.should_exit = True
        thread.join(timeout=10)
        world.app.state.platform.close()


def test_register_confirm_create_submit_publish_search_map(browser: Any, site: tuple[LiveServer, PlatformApp]
                                                           ) -> None:
    live, world = site
    email = "maria.huber@cluster.example.eu"
    page = new_page(browser, live)
    page.goto(live.url + "/register")
    page.fill("#f-display_name", "Maria Huber")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("form[data-testid=register-form] button[type=submit]")
    page.wait_for_selector('[data-testid="registered"]')

    link = next(m for m in world.outbox.outbox if m.to == email).body.split("opening\n", 1)[1].split()[0]
    assert link.startswith(live.url + "/account/confirm?token=")
    page.goto(link)
    page.click("form[data-testid=confirm-form] button[type=submit]")
    page.wait_for_selector('[data-testid="confirmed"]')

    page.goto(live.url + "/login")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url("**/account")
    assert "Maria Huber" in page.inner_text('[data-testid="account-user"]')

    page.click('[data-testid="new-profile"]')
    page.select_option("#f-type", "cluster_organisation")
    for field, value in {"name": "Carinthian Photonics Network", "acronym": "CPN", "country": "AT",
                         "region": "AT13", "city": "Wien", "latitude": "48.21", "longitude": "16.37",
                         "website": "https://photonics.example.eu", "staff_fte": "2", "members_sme": "20",
                         "members_research": "5", "members_public": "1",
                         "description": "Photonics firms and universities."}.items():
        page.fill(f"#f-{field}", value)
    page.check('input[name="website_english"]')
    page.check('input[name="sectors"][value="lighting_electrical"]')
    page.check('input[name="ecosystems"][value="electronics"]')
    page.click('[data-testid="save-profile"]')
    page.wait_for_selector('[data-testid="profile-name"]')
    profile_url = page.url
    assert page.inner_text('[data-testid="profile-status"]') == "Status: draft"
    page.click('[data-testid="submit-profile"]')
    page.wait_for_selector('[data-testid="profile-status"]:text("submitted")')
    page.context.close()

    admin_email, admin_password = world.admin()
    admin = new_page(browser, live)
    admin.goto(live.url + "/login")
    admin.fill("#f-email", admin_email)
    admin.fill("#f-password", admin_password)
    admin.click("form[data-testid=login-form] button[type=submit]")
    admin.wait_for_url("**/account")
    admin.click('[data-testid="review-link"]')
    admin.click('[data-testid="review-queue"] a:text("Carinthian Photonics Network")')
    assert admin.url == profile_url
    admin.click('[data-testid="publish-profile"]')
    admin.wait_for_selector('[data-testid="profile-status"]:text("published")')
    admin.context.close()

    visitor = new_page(browser, live)
    visitor.goto(live.url + "/profiles")
    visitor.fill("#pq", "photonics")
    visitor.press("#pq", "Enter")
    visitor.wait_for_selector('[data-testid="profile-results"] a:text("Carinthian Photonics Network")')
    assert visitor.inner_text('[data-testid="result-count"]') == "1 found"
    visitor.wait_for_selector("#profiles-map[data-state=drawn]", timeout=DRAWN)
    assert visitor.locator("#profiles-map .scattergeo path.point").count() == 1
    assert live.blocked == []
    visitor.context.close()
    assert Path(live.store).exists()
