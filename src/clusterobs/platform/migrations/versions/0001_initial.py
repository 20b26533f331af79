"""Initial platform schema: accounts, sessions, tokens, roles, profiles, tags, members, history, logos, search.

Revision ID: 0001_initial
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def _now() -> sa.Column[datetime]:
    return sa.Column("created_at", sa.DateTime(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("email_confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        _now(),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_user_roles_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "role", name="pk_user_roles"),
    )
    op.create_table(
        "auth_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _now(),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_auth_sessions_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_auth_sessions"),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _now(),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_account_tokens_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_account_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_account_tokens_token_hash"),
    )
    op.create_index("ix_account_tokens_user_id", "account_tokens", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_email_at", "login_attempts", ["email", "at"])
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("acronym", sa.String(30), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(9), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("website", sa.String(300), nullable=False),
        sa.Column("website_english", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_format", sa.String(10), nullable=False),
        sa.Column("year_established", sa.Integer(), nullable=True),
        sa.Column("staff_fte", sa.Float(), nullable=True),
        sa.Column("members_sme", sa.Integer(), nullable=False),
        sa.Column("members_large", sa.Integer(), nullable=False),
        sa.Column("members_research", sa.Integer(), nullable=False),
        sa.Column("members_public", sa.Integer(), nullable=False),
        sa.Column("members_other", sa.Integer(), nullable=False),
        sa.Column("size_band", sa.String(12), nullable=False),
        sa.Column("esca_label", sa.String(10), nullable=False),
        sa.Column("esca_valid_until", sa.Date(), nullable=True),
        sa.Column("support_programme", sa.String(300), nullable=False),
        sa.Column("contact_name", sa.String(120), nullable=False),
        sa.Column("contact_email", sa.String(254), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _now(),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name="fk_profiles_created_by_users",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_profiles"),
        sa.UniqueConstraint("external_id", name="uq_profiles_external_id"),
    )
    op.create_index("ix_profiles_region", "profiles", ["region"])
    op.create_index("ix_profiles_status_country", "profiles", ["status", "country"])
    op.create_table(
        "profile_tags",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(20), nullable=False),
        sa.Column("code", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_profile_tags_profile_id_profiles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("profile_id", "facet", "code", name="pk_profile_tags"),
    )
    op.create_index("ix_profile_tags_facet_code", "profile_tags", ["facet", "code"])
    op.create_table(
        "profile_members",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_profile_members_profile_id_profiles",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_profile_members_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("profile_id", "user_id", name="pk_profile_members"),
    )
    op.create_index("ix_profile_members_user_id", "profile_members", ["user_id"])
    op.create_table(
        "profile_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_profile_history_actor_id_users",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_profile_history_profile_id_profiles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_profile_history"),
        sa.UniqueConstraint("profile_id", "version", name="uq_profile_history_profile_version"),
    )
    op.create_index("ix_profile_history_profile_id", "profile_history", ["profile_id"])
    op.create_table(
        "profile_logos",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_profile_logos_profile_id_profiles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("profile_id", name="pk_profile_logos"),
    )
    _create_search_index()


def _create_search_index() -> None:
    """The full-text index: an FTS5 table on SQLite, a weighted tsvector table with a GIN index on PostgreSQL."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE profile_fts USING fts5(name, acronym, tags, description, "
                   "tokenize='porter unicode61 remove_diacritics 2')")
    elif dialect == "postgresql":
        op.create_table(
            "profile_search",
            sa.Column("profile_id", sa.Integer(), nullable=False),
            sa.Column("document", postgresql.TSVECTOR(), nullable=False),
            sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name="fk_profile_search_profile_id_profiles",
                                    ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("profile_id", name="pk_profile_search"),
        )
        op.create_index("ix_profile_search_document", "profile_search", ["document"], postgresql_using="gin")
    else:  # pragma: no cover - guarded by the supported engines
        raise RuntimeError(f"full-text search is implemented for SQLite and PostgreSQL, not {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS profile_fts")
    elif dialect == "postgresql":
        op.drop_table("profile_search")
    for table in ("profile_logos", "profile_history", "profile_members", "profile_tags", "profiles",
                  "login_attempts", "account_tokens", "auth_sessions", "user_roles", "users"):
        op.drop_table(table)
