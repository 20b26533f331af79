"""Who may do what: roles, actions, and one pure decision function checked by every service write.

Roles: a *visitor* (not logged in), a *registered user* (any confirmed account), per profile an *admin* or
*member*, and platform-wide *event organiser* and *platform administrator*. The policy is one table
(:data:`POLICY`: action → which roles may, and on which profile states), so the role × action matrix that
the tests check is the same object the services consult.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterobs.errors import NotFoundError
from clusterobs.platform.errors import PermissionDeniedError
from clusterobs.platform.models import Profile, ProfileMember, User


class Role(StrEnum):
    VISITOR = "visitor"
    REGISTERED = "registered"
    PROFILE_MEMBER = "profile_member"
    PROFILE_ADMIN = "profile_admin"
    EVENT_ORGANISER = "event_organiser"
    PLATFORM_ADMIN = "platform_admin"


#: Roles stored in ``user_roles`` (the others follow from being logged in or from ``profile_members``).
GLOBAL_ROLES = (Role.EVENT_ORGANISER, Role.PLATFORM_ADMIN)


class Action(StrEnum):
    VIEW_PROFILE = "view_profile"
    CREATE_PROFILE = "create_profile"
    EDIT_PROFILE = "edit_profile"
    SUBMIT_PROFILE = "submit_profile"
    PUBLISH_PROFILE = "publish_profile"
    RETURN_PROFILE = "return_profile"
    DELETE_PROFILE = "delete_profile"
    MANAGE_PROFILE_MEMBERS = "manage_profile_members"
    CREATE_EVENT = "create_event"
    MANAGE_USERS = "manage_users"


@dataclass(frozen=True)
class Actor:
    """The person acting: id (None for a visitor), platform-wide roles, and their role per profile id."""

    user_id: int | None = None
    roles: frozenset[Role] = frozenset()
    profile_roles: dict[int, Role] = field(default_factory=dict)

    @classmethod
    def visitor(cls) -> Actor:
        return cls()

    def roles_for(self, profile: Profile | None) -> set[Role]:
        """Every role the actor holds with respect to ``profile`` (or platform-wide when None)."""
        if self.user_id is None:
            return {Role.VISITOR}
        held = {Role.VISITOR, Role.REGISTERED, *self.roles}
        if profile is not None and profile.id in self.profile_roles:
            held.add(self.profile_roles[profile.id])
            if self.profile_roles[profile.id] == Role.PROFILE_ADMIN:
                held.add(Role.PROFILE_MEMBER)
        return held


_OWNERS = frozenset({Role.PROFILE_ADMIN, Role.PROFILE_MEMBER, Role.PLATFORM_ADMIN})
_LIVE = frozenset({"draft", "submitted", "returned", "published"})

#: action → (roles that may, profile states it applies to; None when the action needs no profile).
POLICY: dict[Action, tuple[frozenset[Role], frozenset[str] | None]] = {
    Action.CREATE_PROFILE: (frozenset({Role.REGISTERED}), None),
    Action.EDIT_PROFILE: (_OWNERS, frozenset({"draft", "returned", "submitted", "published"})),
    Action.SUBMIT_PROFILE: (frozenset({Role.PROFILE_ADMIN, Role.PLATFORM_ADMIN}), frozenset({"draft", "returned"})),
    Action.PUBLISH_PROFILE: (frozenset({Role.PLATFORM_ADMIN}), frozenset({"submitted"})),
    Action.RETURN_PROFILE: (frozenset({Role.PLATFORM_ADMIN}), frozenset({"submitted", "published"})),
    Action.DELETE_PROFILE: (frozenset({Role.PROFILE_ADMIN, Role.PLATFORM_ADMIN}), _LIVE),
    Action.MANAGE_PROFILE_MEMBERS: (frozenset({Role.PROFILE_ADMIN, Role.PLATFORM_ADMIN}), _LIVE),
    Action.CREATE_EVENT: (frozenset({Role.EVENT_ORGANISER, Role.PLATFORM_ADMIN}), None),
    Action.MANAGE_USERS: (frozenset({Role.PLATFORM_ADMIN}), None),
}


def can(actor: Actor, action: Action, resource: Profile | None = None) -> bool:
    """Whether ``actor`` may perform ``action`` on ``resource`` (a profile, or None for platform actions).

    Viewing is open for published profiles and limited to the profile's people and administrators otherwise;
    every other action follows :data:`POLICY`, including the profile states it applies to.
    """
    held = actor.roles_for(resource)
    if action == Action.VIEW_PROFILE:
        if resource is None or resource.status == "deleted":
            return Role.PLATFORM_ADMIN in held and resource is not None
        return resource.status == "published" or bool(held & _OWNERS)
    allowed, states = POLICY[action]
    if not held & allowed:
        return False
    if states is not None:
        return resource is not None and resource.status in states
    return True


def require(actor: Actor, action: Action, resource: Profile | None = None) -> None:
    """Raise :class:`PermissionDeniedError` (or NotFoundError for a profile the actor may not even see)."""
    if can(actor, action, resource):
        return
    if resource is not None and action != Action.VIEW_PROFILE and not can(actor, Action.VIEW_PROFILE, resource):
        raise NotFoundError(f"profile {resource.id} does not exist or is not visible to you")
    what = f"profile {resource.id} (status '{resource.status}')" if resource is not None else "the platform"
    who = "visitors" if actor.user_id is None else f"user {actor.user_id}"
    allowed, states = POLICY.get(action, (frozenset(), None))
    hint = "needs one of the roles: " + ", ".join(sorted(r.value for r in allowed)) if allowed else None
    wrong_state = states is not None and resource is not None and resource.status not in states
    if wrong_state and states is not None and actor.roles_for(resource) & allowed:
        hint = f"possible only when the profile is {' or '.join(sorted(states))}"
    raise PermissionDeniedError(f"{who} may not {action.value.replace('_', ' ')} on {what}", hint=hint)


def load_actor(session: Session, user_id: int | None) -> Actor:
    """The actor for a logged-in user id (a visitor for None or an inactive/unknown account)."""
    if user_id is None:
        return Actor.visitor()
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return Actor.visitor()
    roles = frozenset(Role(r.role) for r in user.roles if r.role in {g.value for g in GLOBAL_ROLES})
    rows = session.execute(select(ProfileMember.profile_id, ProfileMember.role)
                           .where(ProfileMember.user_id == user_id)).all()
    per_profile = {pid: Role.PROFILE_ADMIN if role == "admin" else Role.PROFILE_MEMBER for pid, role in rows}
    return Actor(user_id=user_id, roles=roles, profile_roles=per_profile)


__all__ = ["GLOBAL_ROLES", "POLICY", "Action", "Actor", "Role", "can", "load_actor", "require"]
