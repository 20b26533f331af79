"""Glue between the server and the collaboration platform: the open platform database, the observatory's
numbers for a profile's region and sectors, and seeding the demo profiles.

The platform database (accounts, profiles) and the observatory store (statistics) stay separate; pages that
join them ask each for its part. The observatory's cluster ratings are computed once per store fingerprint
(the server opens the store read-only, so they cannot change under it) and cached here.
"""

from __future__ import annotations

import math
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from clusterobs.errors import ClusterObsError
from clusterobs.platform.accounts import DEFAULT_POLICY, AccountPolicy
from clusterobs.platform.authz import Actor
from clusterobs.platform.db import default_database_url, make_engine, session_factory, session_scope
from clusterobs.platform.mail import EmailSender, LogEmailSender
from clusterobs.platform.migrations import upgrade
from clusterobs.platform.models import ProfileHistory, ProfileLogo
from clusterobs.platform.profiles import get_profile
from clusterobs.platform.search import SearchHit, profiles_in_region
from clusterobs.platform.seed import SeedReport, demo_profile_records, seed_demo_profiles
from clusterobs.services.clusters import clusters
from clusterobs.services.observatory import Observatory
from clusterobs.store import Store

#: The star preset whose ratings a profile page shows.
PRESET = "eco2007"


@dataclass
class PlatformContext:
    """What the server needs of the platform: sessions, the e-mail sender, the account policy, a secret.

    ``sender`` and ``policy`` may be replaced after start (tests record e-mails and use a cheap hasher).
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    secret: bytes
    sender: EmailSender = field(default_factory=LogEmailSender)
    policy: AccountPolicy = DEFAULT_POLICY

    def close(self) -> None:
        self.engine.dispose()

    def generation(self) -> int:
        """A number that changes whenever any profile changes (the newest history row), for cache keys."""
        with session_scope(self.sessions) as session:
            return int(session.scalar(select(func.max(ProfileHistory.id))) or 0)


#: The platform of each open observatory, so that page sections (which get only the observatory) find it.
_PLATFORMS: weakref.WeakKeyDictionary[Observatory, PlatformContext] = weakref.WeakKeyDictionary()


def open_platform(url: str | None, *, store: Path, secret: str, observatory: Observatory | None = None
                  ) -> PlatformContext:
    """Migrate the platform database to the newest schema and open it (``url`` None: beside the store)."""
    target = url or default_database_url(store)
    upgrade(target)
    engine = make_engine(target)
    ctx = PlatformContext(url=target, engine=engine, sessions=session_factory(engine), secret=secret.encode("utf-8"))
    if observatory is not None:
        _PLATFORMS[observatory] = ctx
    return ctx


def platform_for(obs: Observatory) -> PlatformContext | None:
    return _PLATFORMS.get(obs)


def organisations_in_region(obs: Observatory, region: str) -> list[SearchHit] | None:
    """Published cluster organisations of a region (None when the server has no platform database)."""
    ctx = platform_for(obs)
    if ctx is None:
        return None
    with session_scope(ctx.sessions) as session:
        return profiles_in_region(session, region)


def profile_logo(session: Session, actor: Actor, profile_id: int) -> ProfileLogo | None:
    """The checked logo of a profile the actor may see (None when it has none)."""
    get_profile(session, actor, profile_id)
    return session.get(ProfileLogo, profile_id)


# -- the observatory's numbers for a profile ----------------------------------------------------------------
@dataclass(frozen=True)
class SectorNumbers:
    """One category of one region in its latest year: the preset's stars with reasons, LQ, size."""

    category: str
    label: str
    year: int
    stars: int
    tier: str
    reasons: str
    lq: float | None
    size: float | None
    employment: float | None


@dataclass(frozen=True)
class ProfileNumbers:
    """The observatory's numbers for a profile: its region's name, and one row per sector (or None: no data)."""

    region: str
    region_name: str | None
    preset: str
    sectors: list[tuple[str, str, SectorNumbers | None]]
    starred: list[SectorNumbers]


_cache_lock = threading.Lock()
Ratings = dict[tuple[str, str], dict[str, object]]
_cache: dict[tuple[int, str], Ratings | None] = {}


def latest_ratings(obs: Observatory) -> Ratings | None:
    """The preset's ratings of every NUTS 2 (region, category) in its latest year (cached per store)."""
    key = (id(obs.store), obs.fingerprint)
    with _cache_lock:  # held while computing: the store's connection serves one query at a time
        if key in _cache:
            return _cache[key]
        try:
            table = clusters(obs.store, preset=PRESET, level=2)
        except ClusterObsError:
            table = None
        latest: Ratings | None = None
        if table is not None and not table.empty:
            last = table.groupby(["region", "category"])["year"].transform("max")
            rows = table[table["year"] == last].to_dict("records")
            latest = {(str(r["region"]), str(r["category"])): {str(k): v for k, v in r.items()} for r in rows}
        _cache[key] = latest
        return latest


def _num(v: object) -> float | None:
    if not isinstance(v, int | float) or isinstance(v, bool):
        return None
    f = float(v)
    return None if math.isnan(f) else f


def _sector_row(table: Ratings, region: str, category: str, label: str) -> SectorNumbers | None:
    row = table.get((region, category))
    if row is None:
        return None
    stars = _num(row.get("stars"))
    return SectorNumbers(category=category, label=label, year=int(_num(row.get("year")) or 0),
                         stars=int(stars or 0), tier=str(row.get("tier") or ""), reasons=str(row.get("reasons") or ""),
                         lq=_num(row.get("lq")), size=_num(row.get("size")), employment=_num(row.get("employment")))


def profile_numbers(obs: Observatory, region: str, sectors: dict[str, str]) -> ProfileNumbers | None:
    """For a profile's NUTS 2 region and its sectors (code → label): the observatory's ratings.

    Also the region's starred categories, so a page can show where the region is strong beyond the profile's
    own sectors. None when the profile names no region.
    """
    if not region:
        return None
    try:
        name: str | None = obs.region(region).region.name
    except ClusterObsError:
        name = None
    table = latest_ratings(obs) or {}
    rows = [(code, label, _sector_row(table, region, code, label)) for code, label in sectors.items()]
    mine = [_sector_row(table, r, c, c) for (r, c) in table if r == region]
    starred = sorted((n for n in mine if n is not None and n.stars > 0), key=lambda n: (-n.stars, -(n.lq or 0)))
    return ProfileNumbers(region=region, region_name=name, preset=PRESET, sectors=rows, starred=starred)


# -- the demo -----------------------------------------------------------------------------------------------
def seed_demo_platform(store: Store, database_url: str | None = None) -> SeedReport:
    """Seed the demo world's cluster organisation profiles into the platform database (migrating it first).

    For ``clusterobs demo``: call after ``write_demo``. The database is ``database_url``, else
    ``$CLUSTEROBS_DATABASE_URL``, else ``platform.sqlite`` beside the store. Idempotent (demo ids are kept).
    """
    url = database_url or default_database_url(store.path)
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(session_factory(engine)) as session:
            return seed_demo_profiles(session, demo_profile_records(store))
    finally:
        engine.dispose()


__all__ = ["PRESET", "PlatformContext", "ProfileNumbers", "SectorNumbers", "latest_ratings", "open_platform",
           "organisations_in_region", "platform_for", "profile_logo", "profile_numbers", "seed_demo_platform"]
