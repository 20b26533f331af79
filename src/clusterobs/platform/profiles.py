"""Cluster organisation profiles: create, edit, and the life cycle draft → submitted → published / returned.

Every write loads the actor's roles afresh from the database and checks :func:`authz.require` before it
changes anything. Edits use optimistic locking: the caller says which ``version`` it edited, the UPDATE only
succeeds ``WHERE version = <that version>``, and the loser of a concurrent edit gets a
:class:`~clusterobs.platform.errors.ConflictError` instead of silently overwriting the winner. Each accepted
change writes one ``profile_history`` row with the new version in the same transaction, so the history is
complete by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from clusterobs.errors import InputError, NotFoundError, ValidationError
from clusterobs.platform.authz import Action, Actor, can, load_actor, require
from clusterobs.platform.db import utcnow
from clusterobs.platform.duplicates import DEFAULT_THRESHOLD, find_similar
from clusterobs.platform.errors import ConflictError, DuplicateProfileError
from clusterobs.platform.fields import TAG_FIELDS, clean_profile_input, jsonable, profile_values
from clusterobs.platform.models import Profile, ProfileHistory, ProfileLogo, ProfileMember, ProfileTag, User
from clusterobs.platform.safety import check_logo, clean_text
from clusterobs.platform.search_index import index_profile
from clusterobs.platform.validation import MEMBER_FIELDS, ValidationReport, check_profile
from clusterobs.platform.vocabulary import size_band

#: Fields a profile must have filled in before it can be submitted (beyond the validation criteria).
REQUIRED_FOR_SUBMIT = ("region", "description")
Changes = dict[str, list[Any]]


def validation_report(profile: Profile) -> ValidationReport:
    """The validation criteria as they stand for this profile (shown on its page and at submission)."""
    return check_profile(profile_values(profile))


def _load(session: Session, profile_id: int) -> Profile:
    profile = session.get(Profile, profile_id, populate_existing=True)
    if profile is None:
        raise NotFoundError(f"profile {profile_id} does not exist")
    return profile


def get_profile(session: Session, actor: Actor, profile_id: int) -> Profile:
    """A profile the actor may see (published ones for everybody; drafts for their people and admins)."""
    profile = _load(session, profile_id)
    if not can(load_actor(session, actor.user_id), Action.VIEW_PROFILE, profile):
        raise NotFoundError(f"profile {profile_id} does not exist or is not visible to you")
    return profile


def find_duplicates(session: Session, *, name: str, acronym: str, country: str, exclude_id: int | None = None,
                    threshold: float = DEFAULT_THRESHOLD) -> list[tuple[int, str, float]]:
    """Live profiles of ``country`` with a similar name or the same acronym: (id, name, score), best first."""
    rows = session.execute(select(Profile.id, Profile.name, Profile.acronym).where(
        Profile.country == country, Profile.status != "deleted")).all()
    candidates = [(int(i), str(n), str(a)) for i, n, a in rows if i != exclude_id]
    return find_similar(name, acronym, candidates, threshold=threshold)


def _set_tags(session: Session, profile: Profile, field: str, codes: list[str]) -> None:
    facet = TAG_FIELDS[field]
    keep = set(codes)
    for tag in [t for t in profile.tags if t.facet == facet]:
        if tag.code not in keep:
            profile.tags.remove(tag)
    have = {t.code for t in profile.tags if t.facet == facet}
    for code in sorted(keep - have):
        profile.tags.append(ProfileTag(profile_id=profile.id, facet=facet, code=code))


def _apply(profile: Profile, values: Mapping[str, object]) -> tuple[Changes, dict[str, list[str]]]:
    """Set scalar columns; return the changes and the tag lists still to apply after the version check."""
    current = profile_values(profile)
    changes: Changes = {}
    tags: dict[str, list[str]] = {}
    for field, new in values.items():
        old = current[field]
        if old == new:
            continue
        changes[field] = [jsonable(old), jsonable(new)]
        if field in TAG_FIELDS:
            tags[field] = list(new) if isinstance(new, list) else []
        else:
            setattr(profile, field, new)
    if any(f in changes for f in MEMBER_FIELDS):
        profile.size_band = size_band(sum(int(getattr(profile, f) or 0) for f in MEMBER_FIELDS))
    return changes, tags


def _record(session: Session, profile: Profile, actor: Actor, action: str, changes: Changes,
            reason: str = "") -> None:
    session.add(ProfileHistory(profile_id=profile.id, version=profile.version, actor_id=actor.user_id,
                               action=action, changes=changes, reason=reason, at=utcnow()))


def _conflict(session: Session, profile_id: int, expected: int | None) -> ConflictError:
    session.rollback()
    now = session.scalar(select(Profile.version).where(Profile.id == profile_id))
    return ConflictError(
        f"profile {profile_id} was changed by someone else (you edited version {expected}, it is now at "
        f"version {now}); your change was not saved",
        current_version=now, hint="reload the profile, re-apply your change and save again")


def _write(session: Session, actor: Actor, profile_id: int, action: Action, history_action: str,
           mutate: Callable[[Profile], tuple[Changes, dict[str, list[str]]]], *, expected_version: int | None,
           reason: str = "") -> Profile:
    """The one path of every profile write: authorise, check the version, change, record, index, commit."""
    try:
        fresh = load_actor(session, actor.user_id)
        profile = _load(session, profile_id)
        require(fresh, action, profile)
        if expected_version is not None and profile.version != expected_version:
            raise _conflict(session, profile_id, expected_version)
        loaded_version = profile.version
        changes, tags = mutate(profile)
        if not changes and history_action == "update":
            session.rollback()
            return profile
        profile.updated_at = utcnow()
        try:
            session.flush()  # UPDATE … WHERE version = loaded_version: 0 rows → StaleDataError
        except StaleDataError:
            raise _conflict(session, profile_id, loaded_version) from None
        for field, codes in tags.items():
            _set_tags(session, profile, field, codes)
        _record(session, profile, fresh, history_action, changes, reason)
        index_profile(session, profile)
        session.commit()
        return profile
    except BaseException:
        session.rollback()
        raise


def create_profile(session: Session, actor: Actor, values: Mapping[str, object], *,
                   allow_duplicate: bool = False) -> Profile:
    """A new draft profile whose creator becomes its administrator.

    Refused with :class:`DuplicateProfileError` (listing the look-alikes) when a similar name exists in the same
    country, unless ``allow_duplicate`` says the person has seen them and goes ahead.
    """
    try:
        fresh = load_actor(session, actor.user_id)
        require(fresh, Action.CREATE_PROFILE)
        clean = clean_profile_input(values, partial=False)
        if not allow_duplicate:
            similar = find_duplicates(session, name=str(clean["name"]), acronym=str(clean.get("acronym") or ""),
                                      country=str(clean["country"]))
            if similar:
                listed = "; ".join(f"#{i} {n} ({s:.0%} similar)" for i, n, s in similar[:5])
                raise DuplicateProfileError(f"a similar profile exists in {clean['country']}: {listed}",
                                            candidates=similar,
                                            hint="ask that profile's administrator to add you as a member, or "
                                                 "confirm that yours is a different organisation")
        now = utcnow()
        profile = Profile(status="draft", created_by=fresh.user_id, created_at=now, updated_at=now,
                          **{k: v for k, v in clean.items() if k not in TAG_FIELDS})
        profile.size_band = size_band(sum(int(getattr(profile, f) or 0) for f in MEMBER_FIELDS))
        session.add(profile)
        session.flush()
        for field in TAG_FIELDS:
            codes = clean.get(field)
            if isinstance(codes, list):
                _set_tags(session, profile, field, codes)
        if fresh.user_id is not None:
            session.add(ProfileMember(profile_id=profile.id, user_id=fresh.user_id, role="admin", added_at=now))
        session.flush()
        changes = {k: [None, jsonable(v)] for k, v in profile_values(profile).items() if v not in (None, "", [], 0)}
        _record(session, profile, fresh, "create", changes)
        index_profile(session, profile)
        session.commit()
        return profile
    except BaseException:
        session.rollback()
        raise


def update_profile(session: Session, actor: Actor, profile_id: int, values: Mapping[str, object], *,
                   expected_version: int) -> Profile:
    """Change some fields of the profile the caller read at ``expected_version``."""
    clean = clean_profile_input(values, partial=True)
    if "type" in clean and not clean["type"]:
        raise ValidationError("may not be empty", field="type")
    return _write(session, actor, profile_id, Action.EDIT_PROFILE, "update", lambda p: _apply(p, clean),
                  expected_version=expected_version)


def submit_profile(session: Session, actor: Actor, profile_id: int, *,
                   expected_version: int | None = None) -> Profile:
    """Send a draft (or returned) profile for review; refused with the unmet criteria if it fails them."""
    def mutate(p: Profile) -> tuple[Changes, dict[str, list[str]]]:
        missing = [f for f in REQUIRED_FOR_SUBMIT if not getattr(p, f)]
        if not p.tag_codes("sector") and not p.tag_codes("ecosystem"):
            missing.append("sectors or ecosystems")
        report = validation_report(p)
        if missing or not report.ok:
            parts = ([f"fill in: {', '.join(missing)}"] if missing else []) + \
                ([report.summary()] if not report.ok else [])
            raise ValidationError(f"profile {profile_id} cannot be submitted yet: " + "; ".join(parts),
                                  hint="a recognised regional or national cluster programme waives the criteria")
        return _status(p, "submitted"), {}
    return _write(session, actor, profile_id, Action.SUBMIT_PROFILE, "submit", mutate,
                  expected_version=expected_version)


def _status(p: Profile, status: str, reason: str = "") -> Changes:
    changes: Changes = {"status": [p.status, status]}
    now = utcnow()
    p.status = status
    if status == "submitted":
        p.submitted_at = now
    elif status == "published":
        p.published_at = now
    elif status == "deleted":
        p.deleted_at = now
    if status == "returned" or p.return_reason:
        changes["return_reason"] = [p.return_reason, reason]
        p.return_reason = reason
    return changes


def publish_profile(session: Session, actor: Actor, profile_id: int, *,
                    expected_version: int | None = None) -> Profile:
    """Publish a submitted profile (platform administrators), provided it still meets the criteria."""
    def mutate(p: Profile) -> tuple[Changes, dict[str, list[str]]]:
        report = validation_report(p)
        if not report.ok:
            raise ValidationError(f"profile {profile_id} does not meet the criteria: {report.summary()}",
                                  hint="return it to its administrators with these reasons instead")
        return _status(p, "published"), {}
    return _write(session, actor, profile_id, Action.PUBLISH_PROFILE, "publish", mutate,
                  expected_version=expected_version)


def return_profile(session: Session, actor: Actor, profile_id: int, reason: str, *,
                   expected_version: int | None = None) -> Profile:
    """Send a submitted or published profile back to its administrators, saying why."""
    why = clean_text(reason, "reason", max_length=2000, multiline=True)
    if not why:
        raise ValidationError("a returned profile needs the reasons", field="reason",
                              hint="say what the administrators must change")
    return _write(session, actor, profile_id, Action.RETURN_PROFILE, "return",
                  lambda p: (_status(p, "returned", why), {}), expected_version=expected_version, reason=why)


def delete_profile(session: Session, actor: Actor, profile_id: int, *,
                   expected_version: int | None = None) -> Profile:
    """Withdraw a profile: it leaves search and pages, its history stays for the record."""
    return _write(session, actor, profile_id, Action.DELETE_PROFILE, "delete",
                  lambda p: (_status(p, "deleted"), {}), expected_version=expected_version)


def add_profile_member(session: Session, actor: Actor, profile_id: int, email: str, *,
                       role: str = "member") -> ProfileMember:
    """A profile administrator adds a colleague (a confirmed account) as profile member or co-administrator."""
    if role not in ("member", "admin"):
        raise InputError(f"'{role}' is not a profile role", hint="use 'member' or 'admin'")
    address = " ".join(str(email).split()).lower()
    user = session.scalar(select(User).where(User.email == address))
    if user is None or user.email_confirmed_at is None:
        raise NotFoundError(f"no confirmed account for {address}",
                            hint="your colleague must register and confirm the e-mail address first")
    added: list[ProfileMember] = []

    def mutate(p: Profile) -> tuple[Changes, dict[str, list[str]]]:
        existing = next((m for m in p.members if m.user_id == user.id), None)
        old = existing.role if existing else None
        if existing is not None:
            existing.role = role
            added.append(existing)
        else:
            member = ProfileMember(profile_id=p.id, user_id=user.id, role=role, added_at=utcnow())
            p.members.append(member)
            added.append(member)
        return {"member": [{"user_id": user.id, "role": old} if old else None, {"user_id": user.id, "role": role}]}, {}

    _write(session, actor, profile_id, Action.MANAGE_PROFILE_MEMBERS, "member", mutate, expected_version=None)
    return added[0]


def set_logo(session: Session, actor: Actor, profile_id: int, data: bytes, *,
             declared_type: str | None = None) -> str:
    """Store a checked logo image (type sniffed from its bytes, size-limited); returns its MIME type."""
    mime = check_logo(data, declared_type=declared_type)

    def mutate(p: Profile) -> tuple[Changes, dict[str, list[str]]]:
        logo = session.get(ProfileLogo, p.id)
        if logo is None:
            session.add(ProfileLogo(profile_id=p.id, mime=mime, data=data, uploaded_at=utcnow()))
        else:
            logo.mime, logo.data, logo.uploaded_at = mime, data, utcnow()
        return {"logo": [None, {"mime": mime, "bytes": len(data)}]}, {}

    _write(session, actor, profile_id, Action.EDIT_PROFILE, "logo", mutate, expected_version=None)
    return mime


def profile_history(session: Session, actor: Actor, profile_id: int) -> list[ProfileHistory]:
    """Every accepted change of a profile, oldest first (for those who may see the profile)."""
    get_profile(session, actor, profile_id)
    return list(session.scalars(select(ProfileHistory).where(ProfileHistory.profile_id == profile_id)
                                .order_by(ProfileHistory.version)))


def profiles_of_user(session: Session, user_id: int) -> list[Profile]:
    """The live profiles a person administers or is a member of (their dashboard)."""
    return list(session.scalars(select(Profile).join(ProfileMember).where(
        ProfileMember.user_id == user_id, Profile.status != "deleted").order_by(Profile.name)))


__all__ = ["REQUIRED_FOR_SUBMIT", "add_profile_member", "create_profile", "delete_profile", "find_duplicates",
           "get_profile", "profile_history", "profiles_of_user", "publish_profile", "return_profile", "set_logo",
           "submit_profile", "update_profile", "validation_report"]
