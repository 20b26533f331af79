"""The server with its platform database, for the API, page, security and browser tests of the platform.

``platform_database(kind, folder)`` gives an empty database URL (a SQLite file, or a fresh schema on the
PostgreSQL test server, dropped afterwards; skipped with a reason where no server answers); the app migrates
it at start-up. ``PlatformApp`` holds the app, its recorded e-mails and a cheap argon2 policy. ``Browser``
is a test client with its own cookie jar that reads forms' CSRF tokens like a browser would.
"""

from __future__ import annotations

import re
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from clusterobs.api import create_app
from clusterobs.config import Settings
from clusterobs.platform import RecordingEmailSender, create_admin
from clusterobs.platform.models import UserRole
from platform_db import FAST, pg_unavailable, platform_database, token_from, valid_values

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
BASE = "https://testserver"  # the cookies are Secure: a browser sends them only over https


@dataclass
class PlatformApp:
    app: FastAPI
    outbox: RecordingEmailSender
    n: int = 0

    def close(self) -> None:
        self.app.state.platform.close()
        self.app.state.observatory.close()

    def browser(self) -> Browser:
        return Browser(TestClient(self.app, base_url=BASE, raise_server_exceptions=False), self)

    def email(self) -> str:
        self.n += 1
        return f"person{self.n}.{uuid.uuid4().hex[:6]}@cluster.example.eu"

    def last_token(self, to: str) -> str:
        return token_from(next(m for m in reversed(self.outbox.outbox) if m.to == to).body)

    def admin(self) -> tuple[str, str]:
        """A platform administrator made with ``platform.create_admin``: (e-mail, password)."""
        email = self.email()
        with self.app.state.platform.sessions() as session:
            create_admin(session, email=email, password=PASSWORD, policy=FAST)
        return email, PASSWORD

    def grant(self, email: str, role: str) -> None:
        from sqlalchemy import select

        from clusterobs.platform.models import User

        with self.app.state.platform.sessions() as session:
            user = session.scalar(select(User).where(User.email == email))
            assert user is not None
            session.add(UserRole(user_id=user.id, role=role))
            session.commit()


def make_platform_app(store: Path, database_url: str) -> PlatformApp:
    app = create_app(Settings(store=store, database_url=database_url))
    outbox = RecordingEmailSender()
    app.state.platform.sender = outbox
    app.state.platform.policy = FAST
    return PlatformApp(app, outbox)


_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


class Browser:
    """A client with its own cookies, filling in forms the way a person would (CSRF token from the page)."""

    def __init__(self, client: TestClient, world: PlatformApp) -> None:
        self.client = client
        self.world = world
        self.token: str | None = None  # bearer token for the API

    def csrf(self, path: str = "/login") -> str:
        page = self.client.get(path)
        found = _CSRF.search(page.text)
        assert found, f"no CSRF token on {path} ({page.status_code})"
        return found.group(1)

    def form(self, path: str, data: dict[str, Any], *, page: str | None = None, files: Any = None,
             csrf: bool = True) -> Any:
        body = dict(data)
        if csrf:
            body["csrf_token"] = self.csrf(page or path)
        return self.client.post(path, data=body, files=files, follow_redirects=False)

    def register(self, email: str, password: str = PASSWORD, name: str = "Person") -> None:
        r = self.form("/register", {"email": email, "password": password, "display_name": name})
        assert r.status_code == 200, r.text
        r = self.form("/account/confirm", {"token": self.world.last_token(email)})
        assert r.status_code == 200, r.text

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self.form("/login", {"email": email, "password": password})

    def signed_up(self, email: str | None = None) -> str:
        email = email or self.world.email()
        self.register(email)
        assert self.login(email).status_code == 303
        return email

    # -- API ---------------------------------------------------------------------------------------------
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def api_login(self, email: str, password: str = PASSWORD) -> Any:
        r = self.client.post("/api/v1/accounts/login", json={"email": email, "password": password})
        if r.status_code == 200:
            self.token = r.json()["token"]
            self.client.cookies.clear()  # the API client authenticates with the bearer token only
        return r

    def api_signed_up(self, email: str | None = None) -> str:
        email = email or self.world.email()
        r = self.client.post("/api/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": "P"})
        assert r.status_code == 201, r.text
        r = self.client.post("/api/v1/accounts/confirm", json={"token": self.world.last_token(email)})
        assert r.status_code == 200, r.text
        assert self.api_login(email).status_code == 200
        return email

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.headers(), **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.client.post(path, headers=self.headers(), **kw)

    def patch(self, path: str, **kw: Any) -> Any:
        return self.client.patch(path, headers=self.headers(), **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.client.delete(path, headers=self.headers(), **kw)


__all__ = ["BASE", "FAST", "PASSWORD", "Browser", "PlatformApp", "make_platform_app", "pg_unavailable",
           "platform_database", "token_from", "valid_values"]
