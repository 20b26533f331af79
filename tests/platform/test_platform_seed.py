"""Seeding from the demo world's records: published when the ECCP criteria hold, submitted otherwise."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterobs.errors import InputError
from clusterobs.platform import SearchQuery, search_profiles, seed_demo_profiles
from clusterobs.platform.models import Profile, ProfileTag


@pytest.fixture(scope="module")
def demo_rows() -> list[dict[str, Any]]:
    """The demo's own ``demo_cluster_profile`` rows (kind, key, body), from a small demo world."""
    from clusterobs.demo.build import build_world
    from clusterobs.demo.records import profile_records
    from clusterobs.demo.taxonomy import plantable, taxonomy

    world = build_world(seed=7, scale=0.1)
    frame, _ = profile_records(world.rng("profiles"), world.geo, world.economy.planted, plantable(taxonomy()),
                               world.scale)
    return [dict(r) for r in frame.to_dict("records")]


def _meets_criteria(body: dict[str, Any]) -> bool:
    """The ECCP rule of the issue, restated: ≥ 0.5 FTE, ≥ 15 members, ≥ 2 helix types, English site —
    or a named support programme."""
    m = body["members"]
    helix = sum([m["sme"] + m["large"] > 0, m["research"] > 0, m["public"] > 0])
    meets = body["staff_fte"] >= 0.5 and sum(m.values()) >= 15 and helix >= 2 and bool(body["website"])
    return meets or bool(body["support_programme"])


def test_seed_publishes_valid_profiles_and_is_idempotent(session: Session, demo_rows: list[dict[str, Any]]) -> None:
    bodies = [json.loads(r["body"]) for r in demo_rows]
    assert demo_rows[0]["kind"] == "demo_cluster_profile"
    expected_published = sum(_meets_criteria(b) for b in bodies)
    report = seed_demo_profiles(session, demo_rows)
    assert (report.published, report.submitted, report.skipped) == (expected_published,
                                                                     len(bodies) - expected_published, 0)
    assert 0 < report.submitted  # the demo plants weak profiles on purpose
    assert search_profiles(session, SearchQuery(limit=1)).total == expected_published
    first = session.scalar(select(Profile).where(Profile.external_id == bodies[0]["id"]))
    assert first is not None and first.name == bodies[0]["name"] and first.region == bodies[0]["region"]
    assert first.tag_codes("sector") == sorted(bodies[0]["sectors"])
    assert first.members_sme == bodies[0]["members"]["sme"]
    # the demo's ecosystem labels became codes
    n_eco = session.scalar(select(func.count()).select_from(ProfileTag).where(ProfileTag.facet == "ecosystem"))
    assert n_eco == sum(len(b["ecosystems"]) for b in bodies)
    again = seed_demo_profiles(session, bodies)  # bodies alone work too
    assert (again.published, again.submitted, again.skipped) == (0, 0, len(bodies))


def test_a_bad_record_aborts_the_whole_seed(session: Session, demo_rows: list[dict[str, Any]]) -> None:
    bodies = [json.loads(r["body"]) for r in demo_rows[:3]]
    bodies[2]["ecosystems"] = ["Asteroid mining"]
    with pytest.raises(InputError, match="demo record demo-co-00003"):
        seed_demo_profiles(session, bodies)
    assert session.scalar(select(func.count()).select_from(Profile)) == 0
