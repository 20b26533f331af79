"""The role × action matrix, through the services, on SQLite and PostgreSQL.

The expected matrix is written out here by hand from the issue's roles (not read from ``authz.POLICY``), so
a change to the policy table that breaks it fails these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterobs.errors import NotFoundError
from clusterobs.platform import (
    Action,
    Actor,
    PermissionDeniedError,
    Role,
    add_profile_member,
    can,
    create_profile,
    delete_profile,
    publish_profile,
    submit_profile,
    update_profile,
)
from clusterobs.platform.models import Profile, ProfileHistory

ROLES = ("visitor", "registered", "profile_member", "profile_admin", "event_organiser", "platform_admin")
# action: roles that may (everyone else is refused)
EXPECTED = {
    "create": {"registered", "profile_member", "profile_admin", "event_organiser", "platform_admin"},
    "edit": {"profile_member", "profile_admin", "platform_admin"},
    "submit": {"profile_admin", "platform_admin"},
    "publish": {"platform_admin"},
    "delete": {"profile_admin", "platform_admin"},
}


def _setup(session: Session, make: Any, values: Callable[..., dict[str, Any]], role: str,
           status: str) -> tuple[Actor, int]:
    owner = make.user()
    colleague = make.user()
    admin = make.user("platform_admin")
    profile = create_profile(session, make.actor(owner), values())
    add_profile_member(session, make.actor(owner), profile.id, colleague.email)
    if status in ("submitted", "published"):
        submit_profile(session, make.actor(owner), profile.id)
    if status == "published":
        publish_profile(session, make.actor(admin), profile.id)
    who = {"visitor": None, "registered": make.user(), "profile_member": colleague, "profile_admin": owner,
           "event_organiser": make.user("event_organiser"), "platform_admin": admin}[role]
    return make.actor(who), profile.id


def _do(session: Session, actor: Actor, action: str, pid: int, values: Callable[..., dict[str, Any]]) -> None:
    if action == "create":
        create_profile(session, actor, values(name="Another Cluster Organisation", acronym="ACO", country="BE",
                                              region="BE10"))
    elif action == "edit":
        version = session.get(Profile, pid, populate_existing=True).version  # type: ignore[union-attr]
        update_profile(session, actor, pid, {"city": "Leoben"}, expected_version=version)
    elif action == "submit":
        submit_profile(session, actor, pid)
    elif action == "publish":
        publish_profile(session, actor, pid)
    elif action == "delete":
        delete_profile(session, actor, pid)


STATE_FOR = {"create": "draft", "edit": "draft", "submit": "draft", "publish": "submitted", "delete": "draft"}


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_matrix(session: Session, make: Any, values: Callable[..., dict[str, Any]],
                            role: str, action: str) -> None:
    actor, pid = _setup(session, make, values, role, STATE_FOR[action])
    history_before = session.scalar(select(func.count()).select_from(ProfileHistory))
    if role in EXPECTED[action]:
        _do(session, actor, action, pid, values)
        assert session.scalar(select(func.count()).select_from(ProfileHistory)) == history_before + 1
    else:
        # a draft is invisible to outsiders (not found); otherwise the refusal is a permission error
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            _do(session, actor, action, pid, values)
        assert session.scalar(select(func.count()).select_from(ProfileHistory)) == history_before
        assert session.get(Profile, pid, populate_existing=True).status == STATE_FOR[action]  # type: ignore[union-attr]


def test_one_user_cannot_edit_another_users_profile(session: Session, make: Any,
                                                    values: Callable[..., dict[str, Any]]) -> None:
    alice, mallory = make.user(), make.user()
    profile = create_profile(session, make.actor(alice), values())
    submit_profile(session, make.actor(alice), profile.id)
    publish_profile(session, make.actor(make.user("platform_admin")), profile.id)
    # published: mallory can see it, but editing is refused with a permission error and changes nothing
    with pytest.raises(PermissionDeniedError, match="may not edit profile"):
        update_profile(session, make.actor(mallory), profile.id, {"name": "Hijacked"}, expected_version=3)
    with pytest.raises(PermissionDeniedError):
        add_profile_member(session, make.actor(mallory), profile.id, mallory.email, role="admin")
    with pytest.raises(PermissionDeniedError):
        delete_profile(session, make.actor(mallory), profile.id)
    # a hand-made actor claiming roles does not help: services reload roles from the database
    forged = Actor(user_id=mallory.id, roles=frozenset({Role.PLATFORM_ADMIN}), profile_roles={profile.id:
                                                                                              Role.PROFILE_ADMIN})
    with pytest.raises(PermissionDeniedError):
        update_profile(session, forged, profile.id, {"name": "Hijacked"}, expected_version=3)
    fresh = session.get(Profile, profile.id, populate_existing=True)
    assert fresh is not None and fresh.name == "Styrian Mechatronics Cluster" and fresh.version == 3


def test_profile_roles_only_count_for_their_own_profile(session: Session, make: Any,
                                                        values: Callable[..., dict[str, Any]]) -> None:
    alice, bob = make.user(), make.user()
    a = create_profile(session, make.actor(alice), values())
    b = create_profile(session, make.actor(bob), values(name="Flemish Food Cluster", acronym="FFC", country="BE",
                                                        region="BE21"))
    with pytest.raises(NotFoundError):  # bob's draft is invisible to alice
        update_profile(session, make.actor(alice), b.id, {"city": "Gent"}, expected_version=1)
    update_profile(session, make.actor(alice), a.id, {"city": "Leoben"}, expected_version=1)


class _P:
    """A stand-in profile for the pure decision function."""

    def __init__(self, status: str, pid: int = 7) -> None:
        self.id, self.status = pid, status


@pytest.mark.parametrize(("actor", "action", "status", "allowed"), [
    (Actor(), Action.VIEW_PROFILE, "published", True),
    (Actor(), Action.VIEW_PROFILE, "draft", False),
    (Actor(user_id=1), Action.VIEW_PROFILE, "submitted", False),
    (Actor(user_id=1, profile_roles={7: Role.PROFILE_MEMBER}), Action.VIEW_PROFILE, "draft", True),
    (Actor(user_id=1, roles=frozenset({Role.PLATFORM_ADMIN})), Action.RETURN_PROFILE, "submitted", True),
    (Actor(user_id=1, roles=frozenset({Role.PLATFORM_ADMIN})), Action.RETURN_PROFILE, "draft", False),
    (Actor(user_id=1, profile_roles={7: Role.PROFILE_ADMIN}), Action.RETURN_PROFILE, "submitted", False),
    (Actor(user_id=1, profile_roles={7: Role.PROFILE_ADMIN}), Action.SUBMIT_PROFILE, "published", False),
    (Actor(user_id=1, profile_roles={7: Role.PROFILE_ADMIN}), Action.MANAGE_PROFILE_MEMBERS, "draft", True),
    (Actor(user_id=1, profile_roles={7: Role.PROFILE_MEMBER}), Action.MANAGE_PROFILE_MEMBERS, "draft", False),
    (Actor(user_id=1, profile_roles={7: Role.PROFILE_ADMIN}), Action.EDIT_PROFILE, "deleted", False),
    (Actor(user_id=1, roles=frozenset({Role.EVENT_ORGANISER})), Action.CREATE_EVENT, None, True),
    (Actor(user_id=1), Action.CREATE_EVENT, None, False),
    (Actor(), Action.CREATE_PROFILE, None, False),
    (Actor(user_id=1, roles=frozenset({Role.EVENT_ORGANISER})), Action.MANAGE_USERS, None, False),
])
def test_can_decides_states_and_platform_actions(actor: Actor, action: Action, status: str | None,
                                                 allowed: bool) -> None:
    resource = _P(status) if status else None
    assert can(actor, action, resource) is allowed  # type: ignore[arg-type]
