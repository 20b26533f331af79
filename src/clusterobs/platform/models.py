"""Storage rows of the platform (SQLAlchemy 2 typed declarative models).

Rows are not the service's input or output shapes: services take plain mappings, validate them once and
write rows. Multi-valued profile fields (ecosystems, sectors, …) are rows of ``profile_tags`` so that search
can filter and count them with plain indexed SQL on SQLite and PostgreSQL alike. The full-text index tables
(SQLite FTS5 ``profile_fts``, PostgreSQL ``profile_search``) are engine-specific and created only by the
migrations, not mapped here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from clusterobs.platform.db import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: DateTime(timezone=False), dict[str, Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    email_confirmed_at: Mapped[datetime | None]
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    roles: Mapped[list[UserRole]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                 lazy="selectin")


class UserRole(Base):
    """A platform-wide role beyond 'registered user': 'event_organiser' or 'platform_admin'."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


class AuthSession(Base):
    """A server-side login session; the cookie carries the raw token, the row only its SHA-256."""

    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AccountToken(Base):
    """A single-use e-mail token (confirm the address, reset the password); stored hashed."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """One login attempt, kept for rate limiting (counted per e-mail over a sliding window)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_at", "email", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime]
    success: Mapped[bool] = mapped_column(Boolean)


class Profile(Base):
    """A cluster organisation profile (ECCP shape). ``version`` guards concurrent edits."""

    __tablename__ = "profiles"
    __table_args__ = (Index("ix_profiles_status_country", "status", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str] = mapped_column(String(30), default="")
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str] = mapped_column(String(9), default="", index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    website: Mapped[str] = mapped_column(String(300), default="")
    website_english: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    description_format: Mapped[str] = mapped_column(String(10), default="plain")
    year_established: Mapped[int | None] = mapped_column(Integer)
    staff_fte: Mapped[float | None] = mapped_column(Float)
    members_sme: Mapped[int] = mapped_column(Integer, default=0)
    members_large: Mapped[int] = mapped_column(Integer, default=0)
    members_research: Mapped[int] = mapped_column(Integer, default=0)
    members_public: Mapped[int] = mapped_column(Integer, default=0)
    members_other: Mapped[int] = mapped_column(Integer, default=0)
    size_band: Mapped[str] = mapped_column(String(12), default="")
    esca_label: Mapped[str] = mapped_column(String(10), default="")
    esca_valid_until: Mapped[date | None] = mapped_column(Date)
    support_programme: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    tags: Mapped[list[ProfileTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    members: Mapped[list[ProfileMember]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}

    def tag_codes(self, facet: str) -> list[str]:
        return sorted(t.code for t in self.tags if t.facet == facet)


class ProfileTag(Base):
    """One value of a multi-valued field: facet ('ecosystem', 'sector', …) and code."""

    __tablename__ = "profile_tags"
    __table_args__ = (Index("ix_profile_tags_facet_code", "facet", "code"),)

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(200), primary_key=True)


class ProfileMember(Base):
    """A person who manages a profile: role 'admin' (adds colleagues, submits) or 'member' (edits)."""

    __tablename__ = "profile_members"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(10))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProfileHistory(Base):
    """One accepted change: the action, who, when, and the changed fields as ``{field: [old, new]}``."""

    __tablename__ = "profile_history"
    __table_args__ = (UniqueConstraint("profile_id", "version", name="uq_profile_history_profile_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ProfileLogo(Base):
    """The checked logo image of a profile (PNG, JPEG, GIF or WebP; never SVG)."""

    __tablename__ = "profile_logos"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    mime: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["AccountToken", "AuthSession", "Base", "LoginAttempt", "Profile", "ProfileHistory", "ProfileLogo",
           "ProfileMember", "ProfileTag", "User", "UserRole"]
