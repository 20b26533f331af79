"""Profiles through the services on both engines: life cycle, validation at submission, duplicates, history,
members, logos, field checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from clusterobs.errors import InputError, NotFoundError, ValidationError
from clusterobs.platform import (
    Actor,
    ConflictError,
    DuplicateProfileError,
    PermissionDeniedError,
    SearchQuery,
    add_profile_member,
    create_profile,
    delete_profile,
    get_profile,
    profile_history,
    profiles_of_user,
    publish_profile,
    return_profile,
    search_profiles,
    set_logo,
    submit_profile,
    update_profile,
    validation_report,
)

Values = Callable[..., dict[str, Any]]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_life_cycle_draft_submitted_returned_published(session: Session, make: Any, values: Values) -> None:
    owner, admin = make.user(), make.user("platform_admin")
    p = create_profile(session, make.actor(owner), values())
    assert (p.status, p.version, p.size_band) == ("draft", 1, "15_49")  # 30+4+4+2+0 = 40 members
    assert p.tag_codes("ecosystem") == ["digital", "electronics"]
    assert [m.role for m in p.members] == ["admin"]
    submit_profile(session, make.actor(owner), p.id)
    with pytest.raises(ValidationError, match="needs the reasons"):
        return_profile(session, make.actor(admin), p.id, "   ")
    returned = return_profile(session, make.actor(admin), p.id, "Please describe your services in English.")
    assert returned.status == "returned" and "services" in returned.return_reason
    with pytest.raises(PermissionDeniedError, match="possible only when the profile is submitted"):
        publish_profile(session, make.actor(admin), p.id)
    update_profile(session, make.actor(owner), p.id, {"description": "Services: matchmaking, training."},
                   expected_version=returned.version)
    submit_profile(session, make.actor(owner), p.id)
    published = publish_profile(session, make.actor(admin), p.id)
    assert published.status == "published" and published.published_at is not None and published.return_reason == ""
    history = profile_history(session, Actor(), p.id)  # published: visible to visitors
    assert [(h.version, h.action) for h in history] == [
        (1, "create"), (2, "submit"), (3, "return"), (4, "update"), (5, "submit"), (6, "publish")]
    assert history[3].changes == {"description": [values()["description"], "Services: matchmaking, training."]}
    assert history[3].actor_id == owner.id and history[2].reason.startswith("Please describe")
    assert history[0].changes["name"] == [None, "Styrian Mechatronics Cluster"]


def test_submission_is_refused_with_the_unmet_criteria(session: Session, make: Any, values: Values) -> None:
    owner = make.user()
    weak = create_profile(session, make.actor(owner), values(staff_fte=0.3, members_research=0, members_public=0))
    report = validation_report(weak)
    assert {r.code for r in report.failed} == {"management_team", "triple_helix"}
    with pytest.raises(ValidationError, match="0.3 FTE") as err:
        submit_profile(session, make.actor(owner), weak.id)
    assert "triple helix" in str(err.value)
    assert get_profile(session, make.actor(owner), weak.id).status == "draft"
    # naming a recognised cluster programme waives the criteria
    update_profile(session, make.actor(owner), weak.id, {"support_programme": "go-cluster (Germany)"},
                   expected_version=weak.version)
    assert submit_profile(session, make.actor(owner), weak.id).status == "submitted"


def test_submission_needs_region_description_and_a_sector(session: Session, make: Any, values: Values) -> None:
    owner = make.user()
    bare = create_profile(session, make.actor(owner), values(region="", description="", sectors=[], ecosystems=[]))
    with pytest.raises(ValidationError, match="fill in: region, description, sectors or ecosystems"):
        submit_profile(session, make.actor(owner), bare.id)


def test_duplicate_detection_on_create(session: Session, make: Any, values: Values) -> None:
    owner, other = make.user(), make.user()
    first = create_profile(session, make.actor(owner), values())
    with pytest.raises(DuplicateProfileError, match="similar profile exists in AT") as err:
        create_profile(session, make.actor(other), values(name="Mechatronics Cluster Styrian", acronym="MCS"))
    assert err.value.candidates == [(first.id, "Styrian Mechatronics Cluster", 1.0)]
    # same acronym in the same country is flagged too; another country is fine
    with pytest.raises(DuplicateProfileError):
        create_profile(session, make.actor(other), values(name="Salzburg Media Club", acronym="smc"))
    elsewhere = create_profile(session, make.actor(other), values(country="DE", region="DE21"))
    assert elsewhere.id != first.id
    # the person may go ahead after seeing the candidates
    forced = create_profile(session, make.actor(other), values(name="Styrian Mechatronic Cluster"),
                            allow_duplicate=True)
    assert forced.status == "draft"
    # deleted profiles are not candidates any more
    delete_profile(session, make.actor(owner), first.id)
    delete_profile(session, make.actor(other), forced.id)
    assert create_profile(session, make.actor(other), values()).status == "draft"


def test_stale_version_is_a_conflict_and_changes_nothing(session: Session, make: Any, values: Values) -> None:
    owner = make.user()
    p = create_profile(session, make.actor(owner), values())
    update_profile(session, make.actor(owner), p.id, {"city": "Leoben"}, expected_version=1)
    with pytest.raises(ConflictError, match="you edited version 1, it is now at version 2") as err:
        update_profile(session, make.actor(owner), p.id, {"city": "Kapfenberg"}, expected_version=1)
    assert err.value.current_version == 2 and err.value.kind == "conflict"
    assert get_profile(session, make.actor(owner), p.id).city == "Leoben"
    # an edit that changes nothing writes no history and keeps the version
    same = update_profile(session, make.actor(owner), p.id, {"city": "Leoben"}, expected_version=2)
    assert same.version == 2 and len(profile_history(session, make.actor(owner), p.id)) == 2


def test_tags_and_members_update(session: Session, make: Any, values: Values) -> None:
    owner, colleague, stranger = make.user(), make.user(), make.user(confirmed=False)
    p = create_profile(session, make.actor(owner), values())
    p = update_profile(session, make.actor(owner), p.id, {"ecosystems": ["Health", "digital"],
                                                          "members_sme": 300}, expected_version=1)
    assert p.tag_codes("ecosystem") == ["digital", "health"] and p.size_band == "250_plus" and p.version == 2
    member = add_profile_member(session, make.actor(owner), p.id, colleague.email)
    assert member.role == "member"
    with pytest.raises(NotFoundError, match="no confirmed account"):
        add_profile_member(session, make.actor(owner), p.id, stranger.email)
    assert [x.id for x in profiles_of_user(session, colleague.id)] == [p.id]
    # members edit, but may neither submit nor add colleagues
    p = get_profile(session, make.actor(colleague), p.id)
    update_profile(session, make.actor(colleague), p.id, {"city": "Weiz"}, expected_version=p.version)
    with pytest.raises(PermissionDeniedError):
        submit_profile(session, make.actor(colleague), p.id)
    with pytest.raises(PermissionDeniedError):
        add_profile_member(session, make.actor(colleague), p.id, owner.email, role="member")
    actions = [h.action for h in profile_history(session, make.actor(owner), p.id)]
    assert actions == ["create", "update", "member", "update"]


def test_field_checks(session: Session, make: Any, values: Values) -> None:
    actor = make.actor(make.user())
    cases = [({"nonsense": 1}, "unknown profile field"), ({"name": "x" * 201}, "limit is 200"),
             ({"ecosystems": ["Space mining"]}, "not a known code"), ({"website": "javascript:alert(1)"},
                                                                       "not an http"),
             ({"region": "DE21"}, "not in country AT"), ({"staff_fte": -1}, "outside"),
             ({"year_established": "nineteen"}, "not a whole number"), ({"type": "club"}, "not allowed"),
             ({"esca_label": "gold"}, "validity date"), ({"name": "a\x00b"}, "control characters")]
    for change, message in cases:
        with pytest.raises(InputError, match=message):
            create_profile(session, actor, values(**change))


def test_delete_hides_the_profile_but_keeps_history(session: Session, make: Any, values: Values) -> None:
    owner, admin = make.user(), make.user("platform_admin")
    p = create_profile(session, make.actor(owner), values())
    submit_profile(session, make.actor(owner), p.id)
    publish_profile(session, make.actor(admin), p.id)
    assert search_profiles(session, SearchQuery(text="mechatronics")).total == 1
    delete_profile(session, make.actor(owner), p.id)
    assert search_profiles(session, SearchQuery(text="mechatronics")).total == 0
    with pytest.raises(NotFoundError):
        get_profile(session, Actor(), p.id)
    with pytest.raises(NotFoundError):
        update_profile(session, make.actor(owner), p.id, {"city": "x"}, expected_version=4)
    assert [h.action for h in profile_history(session, make.actor(admin), p.id)][-1] == "delete"


def test_logo_is_checked_and_stored(session: Session, make: Any, values: Values) -> None:
    owner = make.user()
    p = create_profile(session, make.actor(owner), values())
    assert set_logo(session, make.actor(owner), p.id, PNG, declared_type="image/png") == "image/png"
    with pytest.raises(ValidationError, match="not a PNG, JPEG, GIF or WebP"):
        set_logo(session, make.actor(owner), p.id, b"<svg onload='alert(1)'></svg>", declared_type="image/svg+xml")
    with pytest.raises(NotFoundError):  # someone else's draft is not even visible
        set_logo(session, make.actor(make.user()), p.id, PNG)
