"""The platform's pages through forms: register → confirm → log in, create a profile with the criteria shown,
submit, the review queue, publish, search with facet counts and map data, the profile page's observatory
numbers, the region page's organisations, password reset.

The store here adds to tests/observatory_store.py employment by NACE class for two traded categories in three
Austrian NUTS 2 regions, written out below, so the location quotient on the profile page is checked against
a hand computation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.store import Batch, Store
from observatory_store import batches
from platform_app import PASSWORD, PlatformApp, make_platform_app, platform_database, valid_values

# region, NACE class, employment (2021): automotive = C2910, aerospace = C3030
EMPLOYMENT = [("AT11", "C2910", 100.0), ("AT11", "C3030", 900.0),
              ("AT12", "C2910", 300.0), ("AT12", "C3030", 100.0),
              ("AT13", "C2910", 600.0), ("AT13", "C3030", 100.0)]


def numbers_store(path: Path) -> Path:
    base = batches()
    tax = base[0]
    industries = pd.concat([tax.tables["industries"], pd.DataFrame(
        [("nace_r2", "C3030", 4, None, "Manufacture of air and spacecraft", ""),
         ("cluster_category", "aerospace", 1, None, "Aerospace", "traded")],
        columns=["scheme", "code", "level", "parent", "label", "kind"])], ignore_index=True)
    links = pd.concat([tax.tables["industry_links"], pd.DataFrame(
        [("cluster_category", "C3030", "aerospace")], columns=["scheme", "nace", "category"])], ignore_index=True)
    facts = pd.DataFrame([("emp", r, n, "employment", 2021, v, "persons", "") for r, n, v in EMPLOYMENT],
                         columns=["dataset", "region", "industry", "indicator", "year", "value", "unit", "flag"])
    with Store(path) as st:
        st.write(Batch(dataset="taxonomy", kind="taxonomy", source="test", checksum="t:tax",
                       tables={"industries": industries, "industry_links": links}))
        for b in base[1:]:
            if b.dataset != "sbs":
                st.write(b)
        st.write(Batch(dataset="emp", kind="test", source="test", checksum="t:emp", tables={"facts": facts}))
    return path


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformApp]:
    """The app on each platform database engine (PostgreSQL skips with a reason where no server answers)."""
    folder = tmp_path_factory.mktemp(f"web-platform-{request.param}")
    with platform_database(request.param, folder) as url:
        w = make_platform_app(numbers_store(folder / "store.duckdb"), url)
        yield w
        w.close()


def form_fields(**overrides: object) -> dict[str, object]:
    """A valid profile as a form posts it (lists as repeated keys, the check box as 'on')."""
    out: dict[str, object] = {}
    for k, v in valid_values(**overrides).items():
        if isinstance(v, bool):
            if v:
                out[k] = "on"
        elif v is None:
            out[k] = ""
        else:
            out[k] = v if isinstance(v, list) else str(v)
    return out


def test_register_confirm_login_logout(world: PlatformApp) -> None:
    b = world.browser()
    email = world.email()
    r = b.form("/register", {"email": email, "password": PASSWORD, "display_name": "Anna Gruber"})
    assert r.status_code == 200 and 'data-testid="registered"' in r.text
    assert world.outbox.outbox[-1].to == email and "/account/confirm?token=" in world.outbox.outbox[-1].body
    assert b.login(email).status_code == 401  # not confirmed yet
    r = b.form("/account/confirm", {"token": world.last_token(email)}, page="/account/confirm")
    assert r.status_code == 200 and 'data-testid="confirmed"' in r.text
    r = b.login(email)
    assert r.status_code == 303 and r.headers["location"] == "/account"
    cookie = r.headers["set-cookie"]
    assert "clusterobs_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie and \
        "samesite=lax" in cookie.lower()
    page = b.client.get("/account")
    assert "Anna Gruber" in page.text and page.headers["cache-control"] == "no-store"
    assert b.form("/logout", {}, page="/account").status_code == 303
    assert b.client.get("/account", follow_redirects=False).headers["location"].startswith("/login")


def test_wrong_form_input_is_shown_again_with_the_reason(world: PlatformApp) -> None:
    b = world.browser()
    r = b.form("/register", {"email": "not-an-address", "password": PASSWORD, "display_name": "X"})
    assert r.status_code == 400 and "is not an e-mail address" in r.text and 'value="not-an-address"' in r.text
    r = b.form("/register", {"email": world.email(), "password": "short", "display_name": "X"})
    assert r.status_code == 400 and "at least 10 characters" in r.text


def test_open_redirect_after_login_is_refused(world: PlatformApp) -> None:
    b = world.browser()
    email = world.email()
    b.register(email)
    r = b.form("/login", {"email": email, "password": PASSWORD, "next": "//evil.example/phish"})
    assert r.status_code == 303 and r.headers["location"] == "/account"


def test_password_reset(world: PlatformApp) -> None:
    b = world.browser()
    email = b.signed_up()
    other = world.browser()
    assert other.form("/account/reset", {"email": email}).status_code == 200
    token = world.last_token(email)
    r = other.form("/account/reset/confirm", {"token": token, "password": "a brand new passphrase"},
                   page=f"/account/reset/confirm?token={token}")
    assert r.status_code == 200 and 'data-testid="reset-done"' in r.text
    assert b.client.get("/account", follow_redirects=False).status_code == 303  # old sessions ended
    assert other.login(email, "a brand new passphrase").status_code == 303
    again = other.form("/account/reset/confirm", {"token": token, "password": "yet another passphrase"},
                       page="/account/reset/confirm")
    assert again.status_code == 401 and "already used" in again.text


def _new_profile(b: object, **overrides: object) -> int:
    r = b.form("/profiles/new", form_fields(**overrides))  # type: ignore[attr-defined]
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_create_edit_submit_review_publish_search_and_region(world: PlatformApp) -> None:
    owner = world.browser()
    owner.signed_up()
    form = owner.client.get("/profiles/new")
    # the criteria are shown on the form, from the shipped rules
    for text in ("at least 0.5 full-time equivalent", "At least 15 committed members", "A website in English"):
        assert text in form.text
    pid = _new_profile(owner, name="Viennese Vehicle Cluster", acronym="VVC", region="AT12", country="AT",
                       sectors=["automotive", "aerospace"], staff_fte="0.3")
    page = owner.client.get(f"/profiles/{pid}")
    assert 'data-criterion="management_team" data-passed="no"' in page.text  # 0.3 < 0.5
    r = owner.form(f"/profiles/{pid}/submit", {"version": "1"}, page=f"/profiles/{pid}")
    assert r.status_code == 400 and "0.3 FTE (at least 0.5 needed)" in r.text
    edit = owner.client.get(f"/profiles/{pid}/edit")
    version = re.search(r'name="version" value="(\d+)"', edit.text)
    assert version is not None
    r = owner.form(f"/profiles/{pid}/edit", {**form_fields(name="Viennese Vehicle Cluster", acronym="VVC",
                                                         region="AT12", sectors=["automotive", "aerospace"]),
                                            "version": version.group(1)}, page=f"/profiles/{pid}/edit")
    assert r.status_code == 303
    stale = owner.form(f"/profiles/{pid}/edit", {**form_fields(name="Old", region="AT12"), "version": "1"},
                       page=f"/profiles/{pid}/edit")
    assert stale.status_code == 409 and "was changed by someone else" in stale.text
    assert owner.form(f"/profiles/{pid}/submit", {}, page=f"/profiles/{pid}").status_code == 303

    admin = world.browser()
    email, password = world.admin()
    assert admin.login(email, password).status_code == 303
    queue = admin.client.get("/admin/review")
    assert queue.status_code == 200 and f'/profiles/{pid}">Viennese Vehicle Cluster' in queue.text
    assert owner.client.get("/admin/review").status_code == 403
    assert admin.form(f"/profiles/{pid}/publish", {}, page=f"/profiles/{pid}").status_code == 303

    found = world.browser().client.get("/profiles", params={"q": "vehicle"})
    assert f'/profiles/{pid}">Viennese Vehicle Cluster' in found.text
    assert 'data-testid="count-sector-automotive">(1)' in found.text
    data = re.search(r'<script type="application/json" id="profiles-map-data">(.*?)</script>', found.text, re.S)
    assert data is not None
    points = json.loads(data.group(1))["points"]
    assert points == [{"id": pid, "name": "Viennese Vehicle Cluster", "lat": 47.07, "lon": 15.44, "country": "AT"}]
    region = world.browser().client.get("/regions/AT12")
    assert region.status_code == 200 and 'data-testid="region-organisations"' in region.text
    assert "Viennese Vehicle Cluster" in region.text
    assert "Viennese Vehicle Cluster" not in world.browser().client.get("/regions/AT11").text


def test_profile_page_shows_the_observatory_numbers(world: PlatformApp) -> None:
    owner = world.browser()
    owner.signed_up()
    pid = _new_profile(owner, name="Lower Austrian Mobility", acronym="LAM", region="AT12",
                       sectors=["automotive", "aerospace", "apparel"])
    page = owner.client.get(f"/profiles/{pid}").text
    # by hand: LQ = (E_rc / E_r) / (E_c / E) over the two traded categories of the table above
    e_total = 100 + 900 + 300 + 100 + 600 + 100
    lq_auto = (300 / 400) / ((100 + 300 + 600) / e_total)  # 1.575
    lq_aero = (100 / 400) / ((900 + 100 + 100) / e_total)  # 0.477…
    assert f'data-testid="lq-automotive">{lq_auto:.2f}<' in page
    assert f'data-testid="lq-aerospace">{lq_aero:.2f}<' in page
    assert re.search(r'data-sector="apparel"><td>[^<]+</td>\s*<td colspan="6">no numbers', page)
    assert 'data-testid="stars-automotive">' in page


def test_logo_upload_is_checked_for_type_and_size(world: PlatformApp) -> None:
    owner = world.browser()
    owner.signed_up()
    pid = _new_profile(owner, name="Logo Cluster", acronym="LGC")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    r = owner.form(f"/profiles/{pid}/logo", {}, page=f"/profiles/{pid}", files={"logo": ("x.svg", svg,
                                                                                        "image/svg+xml")})
    assert r.status_code == 400
    big = png + b"\x00" * (512 * 1024)
    r = owner.form(f"/profiles/{pid}/logo", {}, page=f"/profiles/{pid}", files={"logo": ("x.png", big, "image/png")})
    assert r.status_code == 400
    r = owner.form(f"/profiles/{pid}/logo", {}, page=f"/profiles/{pid}", files={"logo": ("x.png", png, "image/png")})
    assert r.status_code == 303
    logo = owner.client.get(f"/profiles/{pid}/logo")
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png" and logo.content == png
