"""The platform's security test set through the pages: CSRF on every form, XSS payloads in every text field
render inert, the tenth wrong password in a minute is throttled, one user cannot edit another's profile.

"Inert" is checked on the parsed HTML (the standard library's parser), not by searching strings: no element
the payloads try to create, no ``on*`` attribute, no ``javascript:`` URL, and each payload's text still shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.routing import APIRoute

from clusterobs.web.views import accounts, profile_search, profiles
from observatory_store import build_store
from platform_app import Browser, PlatformApp, make_platform_app, platform_database, valid_values
from web.test_platform_pages import form_fields

PAYLOADS = ['<script>alert("x1")</script>', '"><img src=x onerror=alert(2)>', "<svg onload=alert(3)>",
            "javascript:alert(4)", "'><iframe src=javascript:alert(5)>", "<a href=\"javascript:alert(6)\">a</a>"]
#: Free-text fields and the limit each has (payloads are cut to fit the short ones).
TEXT_FIELDS = {"name": 200, "acronym": 30, "city": 100, "description": 5000, "support_programme": 300,
               "contact_name": 120, "value_chains": 100, "partnerships": 200}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformApp]:
    """The app on each platform database engine (PostgreSQL skips with a reason where no server answers)."""
    folder = tmp_path_factory.mktemp(f"web-security-{request.param}")
    with platform_database(request.param, folder) as url:
        w = make_platform_app(build_store(folder / "store.duckdb"), url)
        yield w
        w.close()


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    p = Elements()
    p.feed(html)
    return p


def _profile(b: Browser, **overrides: object) -> int:
    r = b.form("/profiles/new", {**form_fields(**overrides), "allow_duplicate": "on"})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_every_form_post_without_the_csrf_token_is_refused(world: PlatformApp) -> None:
    b = world.browser()
    b.signed_up()
    pid = _profile(b, name="CSRF Target Cluster")
    posts = sorted(r.path for m in (accounts, profiles, profile_search) for r in m.router.routes
                   if isinstance(r, APIRoute) and "POST" in r.methods)
    assert {"/login", "/logout", "/register", "/profiles/new", "/profiles/{profile_id}/edit",
            "/profiles/{profile_id}/publish", "/profiles/{profile_id}/submit"} <= set(posts)
    other = world.browser()
    other.signed_up()
    foreign = other.csrf("/account")  # a valid token, but of another session
    for path in posts:
        url = path.replace("{profile_id}", str(pid))
        for token in (None, "0" * 64, foreign):
            data = {"name": "Changed", "version": "1", "reason": "x", "email": "a@b.eu", "password": "p" * 12}
            if token is not None:
                data["csrf_token"] = token
            r = b.client.post(url, data=data, follow_redirects=False)
            assert r.status_code == 403, (url, token, r.status_code)
            assert r.headers["content-type"].startswith("text/html")
            assert "security token (CSRF)" in r.text and "<h1>403" in r.text
    page = b.client.get(f"/profiles/{pid}")
    assert "CSRF Target Cluster" in page.text and "Status: draft" in page.text  # nothing happened


@pytest.mark.parametrize("fmt", ["plain", "markdown"])
def test_xss_payloads_in_every_text_field_render_inert(world: PlatformApp, fmt: str) -> None:
    owner = world.browser()
    owner.signed_up()
    for payload in PAYLOADS:
        values = {f: payload[:limit] for f, limit in TEXT_FIELDS.items()}
        values["description"] = f"Intro\n\n{payload}\n\n[click](javascript:alert(7)) and [ok](https://ok.example.eu)"
        pid = _profile(owner, **values, description_format=fmt)
        page = owner.client.get(f"/profiles/{pid}")
        assert page.status_code == 200
        doc = parse(page.text)
        assert not [t for t, _a in doc.tags if t in ("script", "img", "svg", "iframe")], payload
        for tag, attrs in doc.tags:
            assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
            for key in ("href", "src", "action", "formaction"):
                assert not (attrs.get(key) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        text = "".join(doc.text)
        # shown as text: the short fields keep the payload's start, the description its core
        assert payload[:30] in text
        assert ("alert" in text) and ("https://ok.example.eu" in page.text)


def test_tenth_wrong_password_through_the_login_form_is_throttled(world: PlatformApp) -> None:
    b = world.browser()
    email = world.email()
    b.register(email)
    statuses = [b.login(email, f"wrong password {i}").status_code for i in range(10)]
    assert statuses == [401] * 9 + [429]
    r = b.login(email)  # even the right password waits out the window
    assert r.status_code == 429 and "too many failed logins" in r.text and int(r.headers["retry-after"]) >= 1


def test_one_user_cannot_edit_anothers_profile_through_the_form(world: PlatformApp) -> None:
    owner, other = world.browser(), world.browser()
    owner.signed_up()
    other.signed_up()
    draft = _profile(owner, name="Owner's Draft Cluster")
    assert other.client.get(f"/profiles/{draft}/edit").status_code == 404
    token = other.csrf("/account")
    hijack = {**form_fields(name="Hijacked"), "version": "1", "csrf_token": token}
    assert other.client.post(f"/profiles/{draft}/edit", data=hijack, follow_redirects=False).status_code == 404
    # once published, the other user may see it, still not change it
    assert owner.form(f"/profiles/{draft}/submit", {}, page=f"/profiles/{draft}").status_code == 303
    admin = world.browser()
    email, password = world.admin()
    admin.login(email, password)
    assert admin.form(f"/profiles/{draft}/publish", {}, page=f"/profiles/{draft}").status_code == 303
    assert other.client.get(f"/profiles/{draft}/edit").status_code == 403
    r = other.client.post(f"/profiles/{draft}/edit", data={**hijack, "version": "3"}, follow_redirects=False)
    assert r.status_code == 403 and "may not edit profile" in r.text
    page = other.client.get(f"/profiles/{draft}")
    assert "Owner&#39;s Draft Cluster" in page.text and "Hijacked" not in page.text
    assert 'data-testid="edit-profile"' not in page.text  # no edit button for them


def test_logout_only_by_post_and_session_cookie_flags(world: PlatformApp) -> None:
    b = world.browser()
    email = b.signed_up()
    assert b.client.get("/logout").status_code == 405
    assert valid_values()["country"] == "AT" and email.endswith("@cluster.example.eu")
    anon = world.browser().client.get("/login").headers["set-cookie"]
    assert anon.startswith("clusterobs_anon=") and "HttpOnly" in anon and "Secure" in anon
