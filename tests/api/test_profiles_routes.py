"""The profile and account API on SQLite and PostgreSQL: role × action, 409 on a stale version, another user's
profile, login throttling, CSRF on cookie-authenticated writes, search with facet counts, stable operation ids.

The expected role × action matrix is written here by hand from the issue's roles (not read from
``authz.POLICY``); facet counts are counted by hand from the profiles each test creates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clusterobs.platform import add_profile_member, load_actor
from observatory_store import build_store
from platform_app import Browser, PlatformApp, make_platform_app, platform_database, valid_values

ROLES = ("visitor", "registered", "profile_member", "profile_admin", "event_organiser", "platform_admin")
EXPECTED = {
    "create": {"registered", "profile_member", "profile_admin", "event_organiser", "platform_admin"},
    "edit": {"profile_member", "profile_admin", "platform_admin"},
    "submit": {"profile_admin", "platform_admin"},
    "publish": {"platform_admin"},
    "delete": {"profile_admin", "platform_admin"},
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformApp]:
    folder = tmp_path_factory.mktemp(f"api-platform-{request.param}")
    with platform_database(request.param, folder) as url:
        w = make_platform_app(build_store(folder / "store.duckdb"), url)
        yield w
        w.close()


def _create(b: Browser, **overrides: Any) -> dict[str, Any]:
    r = b.post("/api/v1/profiles", json={**valid_values(**overrides), "allow_duplicate": True})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _published(world: PlatformApp, owner: Browser, admin: Browser, **overrides: Any) -> dict[str, Any]:
    p = _create(owner, **overrides)
    assert owner.post(f"/api/v1/profiles/{p['id']}/submit").status_code == 200
    r = admin.post(f"/api/v1/profiles/{p['id']}/publish")
    assert r.status_code == 200, r.text
    return dict(r.json())


def _admin(world: PlatformApp) -> Browser:
    b = world.browser()
    email, password = world.admin()
    assert b.api_login(email, password).status_code == 200
    return b


def _unique(world: PlatformApp, stem: str) -> str:
    world.n += 1
    return f"{stem} {world.n}"


def test_register_confirm_login_me(world: PlatformApp) -> None:
    b = world.browser()
    email = b.api_signed_up()
    me = b.get("/api/v1/accounts/me")
    assert me.status_code == 200 and me.json()["email"] == email and me.json()["confirmed"] is True
    assert b.post("/api/v1/accounts/logout").status_code == 204
    gone = b.get("/api/v1/accounts/me")
    assert gone.status_code == 401
    assert gone.json() == {"ok": False, "error": "unauthenticated", "message": gone.json()["message"], "status": 401,
                           "hint": gone.json()["hint"], "errors": [], "suggestions": []}


def test_unconfirmed_account_cannot_log_in(world: PlatformApp) -> None:
    b = world.browser()
    email = world.email()
    assert b.client.post("/api/v1/accounts", json={"email": email, "password": "correct horse battery",
                                                   "display_name": "X"}).status_code == 201
    r = b.api_login(email)
    assert r.status_code == 401 and "not confirmed" in r.json()["message"]


def test_update_with_stale_version_is_409_with_a_clear_message(world: PlatformApp) -> None:
    owner = world.browser()
    owner.api_signed_up()
    p = _create(owner, name=_unique(world, "Locking Cluster"))
    first = owner.patch(f"/api/v1/profiles/{p['id']}", json={"version": p["version"], "city": "Leoben"})
    assert first.status_code == 200 and first.json()["version"] == p["version"] + 1
    stale = owner.patch(f"/api/v1/profiles/{p['id']}", json={"version": p["version"], "city": "Kapfenberg"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["ok"] is False and body["error"] == "conflict" and body["status"] == 409
    assert f"you edited version {p['version']}, it is now at version {p['version'] + 1}" in body["message"]
    assert "reload" in body["hint"]
    assert owner.get(f"/api/v1/profiles/{p['id']}").json()["city"] == "Leoben"  # the winner's change stands


def test_another_users_profile_cannot_be_edited(world: PlatformApp) -> None:
    admin = _admin(world)
    owner, other = world.browser(), world.browser()
    owner.api_signed_up()
    other.api_signed_up()
    draft = _create(owner, name=_unique(world, "Draft Cluster"))
    r = other.patch(f"/api/v1/profiles/{draft['id']}", json={"version": draft["version"], "name": "Hijacked"})
    assert r.status_code == 404  # a draft of someone else is not even visible
    published = _published(world, owner, admin, name=_unique(world, "Public Cluster"))
    r = other.patch(f"/api/v1/profiles/{published['id']}", json={"version": published["version"], "name": "Hijacked"})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    assert other.get(f"/api/v1/profiles/{published['id']}").json()["name"] == published["name"]
    assert owner.get(f"/api/v1/profiles/{draft['id']}").json()["name"] == draft["name"]


def _actor_browser(world: PlatformApp, role: str, profile_id: int | None, owner_email: str) -> Browser:
    b = world.browser()
    if role == "visitor":
        return b
    email = b.api_signed_up()
    if role in ("event_organiser", "platform_admin"):
        world.grant(email, role)
    elif role in ("profile_member", "profile_admin") and profile_id is not None:
        with world.app.state.platform.sessions() as session:
            from sqlalchemy import select

            from clusterobs.platform.models import User

            owner = session.scalar(select(User).where(User.email == owner_email))
            assert owner is not None
            add_profile_member(session, load_actor(session, owner.id), profile_id, email,
                               role="admin" if role == "profile_admin" else "member")
    return b


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_role_action_matrix_through_the_api(world: PlatformApp, action: str) -> None:
    admin = _admin(world)
    owner = world.browser()
    owner_email = owner.api_signed_up()
    for role in ROLES:
        name = _unique(world, f"Matrix {action} {role}")
        p = _create(owner, name=name)
        if action == "publish":
            assert owner.post(f"/api/v1/profiles/{p['id']}/submit").status_code == 200
            p = admin.get(f"/api/v1/profiles/{p['id']}").json()
        actor = _actor_browser(world, role, p["id"], owner_email)
        p = admin.get(f"/api/v1/profiles/{p['id']}").json()  # adding a member is a change: a new version
        if action == "create":
            r = actor.post("/api/v1/profiles", json={**valid_values(name=name + " bis", country="DE", region="DE11"),
                                                      "allow_duplicate": True})
        elif action == "edit":
            r = actor.patch(f"/api/v1/profiles/{p['id']}", json={"version": p["version"], "city": "Bruck"})
        elif action == "submit":
            r = actor.post(f"/api/v1/profiles/{p['id']}/submit")
        elif action == "publish":
            r = actor.post(f"/api/v1/profiles/{p['id']}/publish")
        else:
            r = actor.delete(f"/api/v1/profiles/{p['id']}")
        allowed = role in EXPECTED[action]
        assert (r.status_code < 300) == allowed, (role, action, r.status_code, r.text)
        if not allowed:
            assert r.status_code in (403, 404) and r.json()["ok"] is False
            after = admin.get(f"/api/v1/profiles/{p['id']}").json()
            assert after["version"] == p["version"] and after["status"] == p["status"]  # nothing changed


def test_tenth_wrong_password_in_a_minute_is_throttled(world: PlatformApp) -> None:
    b = world.browser()
    email = b.api_signed_up()
    statuses = [b.client.post("/api/v1/accounts/login", json={"email": email, "password": f"wrong {i:02d} guess"}
                              ).status_code for i in range(10)]
    assert statuses == [401] * 9 + [429]
    last = b.client.post("/api/v1/accounts/login", json={"email": email, "password": "correct horse battery"})
    assert last.status_code == 429 and last.json()["error"] == "rate_limited"
    assert 1 <= int(last.headers["retry-after"]) <= 61


def test_cookie_authenticated_write_needs_the_csrf_header(world: PlatformApp) -> None:
    b = world.browser()
    email = b.api_signed_up()
    b.token = None
    assert b.client.post("/api/v1/accounts/login", json={"email": email, "password": "correct horse battery"}
                         ).status_code == 200  # sets the session cookie
    r = b.client.post("/api/v1/profiles", json=valid_values(name=_unique(world, "Cookie Cluster")))
    assert r.status_code == 403 and "X-CSRF-Token" in r.json()["message"]
    token = b.csrf("/account")
    ok = b.client.post("/api/v1/profiles", json={**valid_values(name=_unique(world, "Cookie Cluster")),
                                                 "allow_duplicate": True},
                       headers={"X-CSRF-Token": token})
    assert ok.status_code == 201


def test_duplicate_name_in_the_same_country_is_refused_with_the_look_alike(world: PlatformApp) -> None:
    owner = world.browser()
    owner.api_signed_up()
    name = _unique(world, "Tyrolean Wood Cluster")
    first = _create(owner, name=name, acronym="TWC")
    again = owner.post("/api/v1/profiles", json=valid_values(name=name + "s", acronym="TWC"))
    assert again.status_code == 400 and again.json()["error"] == "duplicate"
    assert f"#{first['id']} {name}" in again.json()["message"]
    forced = owner.post("/api/v1/profiles", json={**valid_values(name=name + "s", acronym="TWC"),
                                                  "allow_duplicate": True})
    assert forced.status_code == 201


def test_submit_is_refused_with_the_unmet_criteria(world: PlatformApp) -> None:
    owner = world.browser()
    owner.api_signed_up()
    p = _create(owner, name=_unique(world, "Weak Cluster"), staff_fte=0.2, members_sme=5, members_large=0,
                members_research=0, members_public=0)
    assert p["validation"]["ok"] is False
    failed = {c["code"] for c in p["validation"]["results"] if not c["passed"]}
    # 0.2 FTE < 0.5; 5 members < 15; one helix type (industry) < 2; the website is fine
    assert failed == {"management_team", "committed_members", "triple_helix"}
    r = owner.post(f"/api/v1/profiles/{p['id']}/submit")
    assert r.status_code == 400 and "0.2 FTE (at least 0.5 needed)" in r.json()["message"]


def test_search_with_facet_counts_and_map_points(world: PlatformApp) -> None:
    admin = _admin(world)
    owner = world.browser()
    owner.api_signed_up()
    word = f"zq{world.n}x{id(world) % 1000}"
    # three published profiles in Malta (MT00) and one draft: by hand, sector counts among the published ones are
    # automotive 2, aerospace 1; one has no coordinates
    a = _published(world, owner, admin, name=f"Alpha {word}", country="MT", region="MT00", sectors=["automotive"])
    _published(world, owner, admin, name=f"Beta {word}", country="MT", region="MT00",
               sectors=["automotive", "aerospace"], latitude=None, longitude=None)
    _published(world, owner, admin, name=f"Gamma {word}", country="MT", region="MT00", sectors=["aerospace"],
               acronym="GMC")
    _create(owner, name=f"Delta {word}", country="MT", region="MT00", sectors=["automotive"])
    r = world.browser().client.get("/api/v1/profiles", params={"q": word})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 3 and {h["name"] for h in body["data"]} == {f"Alpha {word}", f"Beta {word}",
                                                                         f"Gamma {word}"}
    sectors = {f["code"]: f["count"] for f in body["facets"]["sector"]}
    assert sectors == {"automotive": 2, "aerospace": 2}  # Beta and Gamma have aerospace
    narrowed = world.browser().client.get("/api/v1/profiles", params={"q": word, "sector": "automotive"}).json()
    assert narrowed["count"] == 2
    # disjunctive counts: the sector facet ignores its own filter, the country facet applies it
    assert {f["code"]: f["count"] for f in narrowed["facets"]["sector"]} == {"automotive": 2, "aerospace": 2}
    assert {f["code"]: f["count"] for f in narrowed["facets"]["country"]} == {"MT": 2}
    points = world.browser().client.get("/api/v1/profiles/map", params={"q": word}).json()
    assert {p["name"] for p in points} == {f"Alpha {word}", f"Gamma {word}"}
    assert [p["latitude"] for p in points if p["id"] == a["id"]] == [47.07]
    assert world.browser().client.get("/api/v1/profiles", params={"status": "submitted"}).status_code == 403
    assert admin.get("/api/v1/profiles", params={"status": "draft", "q": word}).json()["count"] == 1


def test_return_with_reasons_and_visibility(world: PlatformApp) -> None:
    admin = _admin(world)
    owner = world.browser()
    owner.api_signed_up()
    p = _create(owner, name=_unique(world, "Returned Cluster"))
    assert world.browser().client.get(f"/api/v1/profiles/{p['id']}").status_code == 404  # drafts are private
    owner.post(f"/api/v1/profiles/{p['id']}/submit")
    r = admin.post(f"/api/v1/profiles/{p['id']}/return", json={"reason": "Give the English website."})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert owner.get(f"/api/v1/profiles/{p['id']}").json()["return_reason"] == "Give the English website."


def test_operation_ids_are_stable(world: PlatformApp) -> None:
    spec = world.browser().client.get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"profiles-list_profiles", "profiles-list_profile_points", "profiles-get_profile",
            "profiles-create_profile", "profiles-update_profile", "profiles-submit_profile",
            "profiles-publish_profile", "profiles-return_profile", "profiles-delete_profile",
            "accounts-register", "accounts-confirm", "accounts-login", "accounts-logout", "accounts-get_me",
            "accounts-request_password_reset", "accounts-reset_password"} <= ids
