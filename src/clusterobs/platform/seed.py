"""Seeding the platform from the demo world's cluster organisation records (``demo_cluster_profile``).

A system operation, not a person's: it bypasses the role checks but not the field checks, so every seeded
profile is as clean as a typed-in one. Profiles that meet the validation criteria (or name a support
programme) are published; those the demo made weak on purpose stay *submitted*, for an administrator to
return with reasons. Seeding is idempotent: the demo id is the profile's ``external_id``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterobs.errors import InputError
from clusterobs.platform.db import utcnow
from clusterobs.platform.fields import TAG_FIELDS, clean_profile_input, jsonable, profile_values
from clusterobs.platform.models import Profile, ProfileHistory, ProfileTag
from clusterobs.platform.search_index import index_profile
from clusterobs.platform.validation import MEMBER_FIELDS, check_profile
from clusterobs.platform.vocabulary import size_band
from clusterobs.store import Store

DEMO_KIND = "demo_cluster_profile"
_MEMBER_KEYS = {"sme": "members_sme", "large": "members_large", "research": "members_research",
                "public": "members_public", "other": "members_other"}


@dataclass(frozen=True)
class SeedReport:
    published: int
    submitted: int
    skipped: int


def demo_profile_records(store: Store) -> list[dict[str, Any]]:
    """The demo's cluster organisation records from the observatory store, as dicts."""
    frame = store.query("SELECT body FROM records WHERE kind = ? ORDER BY key", [DEMO_KIND])
    return [json.loads(str(b)) for b in frame["body"]]


def _body(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """A record is either the JSON body itself or a ``records`` row (kind, key, body)."""
    if "body" in record and "name" not in record:
        body = record["body"]
        return json.loads(body) if isinstance(body, str) else dict(body)
    return record


def demo_values(body: Mapping[str, Any]) -> dict[str, object]:
    """Profile field values from one demo record body (the ECCP-shaped keys of clusterobs.demo.records)."""
    members = body.get("members") or {}
    values: dict[str, object] = {
        "type": body.get("type"), "name": body.get("name"), "acronym": str(body.get("acronym") or "")[:30],
        "country": body.get("country"), "region": body.get("region", ""), "city": body.get("city", ""),
        "latitude": body.get("lat"), "longitude": body.get("lon"), "website": body.get("website", ""),
        "website_english": bool(body.get("website")), "description": body.get("description", ""),
        "year_established": body.get("year_established"), "staff_fte": body.get("staff_fte"),
        "esca_label": body.get("esca_label", ""), "esca_valid_until": body.get("esca_valid_until") or None,
        "support_programme": body.get("support_programme", ""), "contact_email": body.get("contact", ""),
        "ecosystems": list(body.get("ecosystems") or []), "sectors": list(body.get("sectors") or []),
        "emerging_industries": list(body.get("emerging_industries") or []),
        "technologies": list(body.get("technologies") or []),
        "partnerships": list(body.get("partnerships") or []),
    }
    for key, field in _MEMBER_KEYS.items():
        values[field] = int(members.get(key, 0) or 0)
    return values


def seed_demo_profiles(session: Session, records: Iterable[Mapping[str, Any]]) -> SeedReport:
    """Create profiles from demo records in one transaction; a bad record aborts the whole seed."""
    existing = set(session.scalars(select(Profile.external_id).where(Profile.external_id.is_not(None))))
    published = submitted = skipped = 0
    now = utcnow()
    try:
        for record in records:
            body = _body(record)
            ext = str(body.get("id") or "")
            if not ext:
                raise InputError("a demo profile record has no 'id'", hint="records come from clusterobs.demo")
            if ext in existing:
                skipped += 1
                continue
            try:
                clean = clean_profile_input(demo_values(body), partial=False)
            except InputError as exc:
                raise InputError(f"demo record {ext}: {exc}") from exc
            profile = Profile(external_id=ext, created_at=now, updated_at=now,
                              **{k: v for k, v in clean.items() if k not in TAG_FIELDS})
            profile.size_band = size_band(sum(int(getattr(profile, f) or 0) for f in MEMBER_FIELDS))
            ok = check_profile(clean).ok
            profile.status = "published" if ok else "submitted"
            profile.submitted_at = now
            profile.published_at = now if ok else None
            session.add(profile)
            session.flush()
            for field, facet in TAG_FIELDS.items():
                codes = clean.get(field)
                for code in codes if isinstance(codes, list) else []:
                    profile.tags.append(ProfileTag(profile_id=profile.id, facet=facet, code=code))
            session.flush()
            changes = {k: [None, jsonable(v)] for k, v in profile_values(profile).items()
                       if v not in (None, "", [], 0)}
            session.add(ProfileHistory(profile_id=profile.id, version=profile.version, actor_id=None,
                                       action="seed", changes=changes, reason="demo world", at=now))
            index_profile(session, profile)
            existing.add(ext)
            published += ok
            submitted += not ok
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return SeedReport(published=published, submitted=submitted, skipped=skipped)


__all__ = ["DEMO_KIND", "SeedReport", "demo_profile_records", "demo_values", "seed_demo_profiles"]
