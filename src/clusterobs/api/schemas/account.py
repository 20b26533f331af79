"""Wire shapes of accounts: registration, confirmation, login sessions, password reset, the current user."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from clusterobs.platform.authz import Actor
from clusterobs.platform.models import User


class AccountCreate(BaseModel):
    email: str = Field(description="Your e-mail address; a confirmation link is sent there.")
    password: str = Field(description="At least 10 characters.")
    display_name: str = Field(description="The name others see.")


class TokenBody(BaseModel):
    token: str = Field(description="The token from the e-mail's link.")


class LoginBody(BaseModel):
    email: str
    password: str


class PasswordResetRequest(BaseModel):
    email: str


class PasswordResetBody(BaseModel):
    token: str
    password: str = Field(description="The new password (at least 10 characters).")


class SessionPublic(BaseModel):
    """A login session: send ``token`` as ``Authorization: Bearer <token>`` (the cookie is set as well)."""

    token: str
    user_id: int
    expires_at: datetime


class UserPublic(BaseModel):
    id: int
    email: str
    display_name: str
    confirmed: bool
    roles: list[str] = Field(default_factory=list, description="Platform-wide roles.")
    profiles: dict[int, str] = Field(default_factory=dict, description="Profile id → your role on it.")

    @classmethod
    def of(cls, user: User, actor: Actor | None = None) -> UserPublic:
        return cls(id=user.id, email=user.email, display_name=user.display_name,
                   confirmed=user.email_confirmed_at is not None,
                   roles=sorted(r.role for r in user.roles),
                   profiles={k: v.value for k, v in (actor.profile_roles if actor else {}).items()})


class Accepted(BaseModel):
    ok: bool = True
    message: str


__all__ = ["AccountCreate", "Accepted", "LoginBody", "PasswordResetBody", "PasswordResetRequest", "SessionPublic",
           "TokenBody", "UserPublic"]
