"""The collaboration platform's services and storage: accounts and roles, cluster organisation profiles with
validation and life cycle, search.

Routes and pages (``clusterobs.api``, ``clusterobs.web``) stay thin and call these services; every write is
authorised here (:func:`authz.require`), inside the same transaction that makes it. Storage is SQLAlchemy 2
with Alembic migrations (:func:`upgrade`), SQLite by default and PostgreSQL via a URL.
"""

from clusterobs.platform.accounts import (
    DEFAULT_POLICY,
    AccountPolicy,
    LoginResult,
    actor_for_session,
    confirm_email,
    create_admin,
    grant_role,
    login,
    logout,
    register,
    request_password_reset,
    reset_password,
    user_for_session,
)
from clusterobs.platform.authz import POLICY, Action, Actor, Role, can, load_actor, require
from clusterobs.platform.db import default_database_url, make_engine, session_factory, session_scope
from clusterobs.platform.errors import (
    AuthenticationError,
    ConflictError,
    DuplicateProfileError,
    PermissionDeniedError,
    RateLimitedError,
)
from clusterobs.platform.fields import FIELDS, clean_profile_input, profile_values
from clusterobs.platform.mail import EmailMessage, EmailSender, LogEmailSender, RecordingEmailSender
from clusterobs.platform.migrations import current_revision, head_revision, upgrade
from clusterobs.platform.profiles import (
    add_profile_member,
    create_profile,
    delete_profile,
    find_duplicates,
    get_profile,
    profile_history,
    profiles_of_user,
    publish_profile,
    return_profile,
    set_logo,
    submit_profile,
    update_profile,
    validation_report,
)
from clusterobs.platform.safety import check_logo, render_markdown, render_plain, render_text
from clusterobs.platform.search import (
    FacetCount,
    SearchHit,
    SearchQuery,
    SearchResult,
    map_points,
    profiles_in_region,
    query_from_params,
    search_profiles,
)
from clusterobs.platform.seed import SeedReport, demo_profile_records, seed_demo_profiles
from clusterobs.platform.validation import ValidationReport, check_profile
from clusterobs.platform.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "DEFAULT_POLICY",
    "FIELDS",
    "POLICY",
    "AccountPolicy",
    "Action",
    "Actor",
    "AuthenticationError",
    "ConflictError",
    "DuplicateProfileError",
    "EmailMessage",
    "EmailSender",
    "FacetCount",
    "LogEmailSender",
    "LoginResult",
    "PermissionDeniedError",
    "RateLimitedError",
    "RecordingEmailSender",
    "Role",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SeedReport",
    "ValidationReport",
    "Vocabulary",
    "actor_for_session",
    "add_profile_member",
    "can",
    "check_logo",
    "check_profile",
    "clean_profile_input",
    "confirm_email",
    "create_admin",
    "create_profile",
    "current_revision",
    "default_database_url",
    "delete_profile",
    "demo_profile_records",
    "find_duplicates",
    "get_profile",
    "grant_role",
    "head_revision",
    "load_actor",
    "load_vocabulary",
    "login",
    "logout",
    "make_engine",
    "map_points",
    "profile_history",
    "profile_values",
    "profiles_in_region",
    "profiles_of_user",
    "publish_profile",
    "query_from_params",
    "register",
    "render_markdown",
    "render_plain",
    "render_text",
    "request_password_reset",
    "require",
    "reset_password",
    "return_profile",
    "search_profiles",
    "seed_demo_profiles",
    "session_factory",
    "session_scope",
    "set_logo",
    "submit_profile",
    "update_profile",
    "upgrade",
    "user_for_session",
    "validation_report",
]
