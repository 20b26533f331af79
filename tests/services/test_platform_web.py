"""Seeding the demo profiles for ``clusterobs demo``: every demo record becomes one profile, once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from clusterobs.platform import make_engine, session_factory
from clusterobs.platform.models import Profile
from clusterobs.services.platform_web import seed_demo_platform
from clusterobs.store import Store


def test_seed_demo_platform_is_complete_and_idempotent(demo_store: Store, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'platform.sqlite'}"
    records = int(demo_store.query("SELECT count(*) AS n FROM records WHERE kind = 'demo_cluster_profile'")["n"][0])
    first = seed_demo_platform(demo_store, url)
    assert records > 0 and first.published + first.submitted == records and first.skipped == 0
    again = seed_demo_platform(demo_store, url)
    assert (again.published, again.submitted, again.skipped) == (0, 0, records)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Profile)) == records
        published = session.scalar(select(func.count()).select_from(Profile).where(Profile.status == "published"))
        assert published == first.published
    engine.dispose()
