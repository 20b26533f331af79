"""Searching published profiles: faceted filters with counts, full-text ranking, map points.

Filters combine as AND across facets and OR within one facet. Facet counts are *disjunctive*: the counts
of a facet apply every filter except that facet's own, so picking one country still shows how many profiles
each other country has. Full text uses SQLite FTS5 (bm25, negated so that higher is better) or PostgreSQL
``ts_rank`` over weighted tsvectors; the person's words are reduced to plain word tokens and bound as
parameters, so neither SQL nor the full-text query syntax can be injected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Float, Integer, Select, func, select, text
from sqlalchemy.orm import Session

from clusterobs.errors import InputError
from clusterobs.platform.models import Profile, ProfileTag
from clusterobs.platform.search_index import PG_CONFIG
from clusterobs.platform.vocabulary import ESCA_LABELS, SIZE_BANDS, load_vocabulary

_S = TypeVar("_S", bound="Select[*tuple[Any, ...]]")
MAX_LIMIT = 100
MAX_MAP_POINTS = 5000
MAX_TERMS = 12
#: bm25 column weights of the FTS5 table (name, acronym, tags, description).
BM25_WEIGHTS = (10.0, 8.0, 4.0, 1.0)

#: facet → (SearchQuery attribute, Profile column for scalar facets or None for ``profile_tags`` facets).
FACETS: dict[str, tuple[str, Any]] = {
    "country": ("countries", Profile.country),
    "region": ("regions", Profile.region),
    "ecosystem": ("ecosystems", None),
    "sector": ("sectors", None),
    "emerging": ("emerging", None),
    "technology": ("technologies", None),
    "label": ("labels", Profile.esca_label),
    "size_band": ("size_bands", Profile.size_band),
    "partnership": ("partnerships", None),
}


@dataclass(frozen=True)
class SearchQuery:
    """What a person asks for: words, facet values (codes), which page."""

    text: str = ""
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    ecosystems: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    emerging: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()
    partnerships: tuple[str, ...] = ()
    limit: int = 20
    offset: int = 0
    statuses: tuple[str, ...] = ("published",)


@dataclass(frozen=True)
class SearchHit:
    id: int
    name: str
    acronym: str
    type: str
    country: str
    region: str
    city: str
    latitude: float | None
    longitude: float | None
    esca_label: str
    score: float | None


@dataclass(frozen=True)
class FacetCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


def search_terms(words: str) -> list[str]:
    """The word tokens of a search text (letters and digits only), at most :data:`MAX_TERMS`."""
    return re.findall(r"\w+", words or "", flags=re.UNICODE)[:MAX_TERMS]


def _check(query: SearchQuery) -> None:
    if len(query.text) > 200:
        raise InputError("the search text is longer than 200 characters", hint="use fewer words")
    if not 1 <= query.limit <= MAX_LIMIT or query.offset < 0:
        raise InputError(f"limit must be 1…{MAX_LIMIT} and offset ≥ 0")
    for attr, _col in FACETS.values():
        if len(getattr(query, attr)) > 100:
            raise InputError(f"too many values for {attr} (at most 100)")


def _fts(session: Session, terms: list[str]) -> Any:  # noqa: ANN401 - a dialect-specific textual subquery
    """A subquery (profile_id, score) of the profiles matching every term."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        weights = ", ".join(f"{w:.1f}" for w in BM25_WEIGHTS)
        stmt = text(f"SELECT rowid AS profile_id, -bm25(profile_fts, {weights}) AS score FROM profile_fts "
                    "WHERE profile_fts MATCH :q").bindparams(q=" ".join(f'"{t}"' for t in terms))
    elif dialect == "postgresql":
        stmt = text(f"SELECT profile_id, ts_rank(document, plainto_tsquery('{PG_CONFIG}', :q)) AS score "
                    f"FROM profile_search WHERE document @@ plainto_tsquery('{PG_CONFIG}', :q)"
                    ).bindparams(q=" ".join(terms))
    else:  # pragma: no cover - only the two engines are supported
        raise InputError(f"full-text search is not available on {dialect}")
    return stmt.columns(profile_id=Integer, score=Float).subquery("fts")


def _facet_condition(facet: str, values: Sequence[str]) -> ColumnElement[bool]:
    _attr, col = FACETS[facet]
    if col is None:
        return Profile.id.in_(select(ProfileTag.profile_id).where(ProfileTag.facet == facet,
                                                                  ProfileTag.code.in_(list(values))))
    if facet == "label":
        values = ["" if v == "none" else v for v in values]
    cond: ColumnElement[bool] = col.in_(list(values))
    return cond


def _conditions(query: SearchQuery, *, skip: str | None = None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Profile.status.in_(list(query.statuses))]
    for facet, (attr, _col) in FACETS.items():
        values = getattr(query, attr)
        if values and facet != skip:
            conds.append(_facet_condition(facet, values))
    return conds


def _with_text(stmt: _S, fts: Any) -> _S:  # noqa: ANN401
    return stmt.join(fts, fts.c.profile_id == Profile.id) if fts is not None else stmt


def _labels(facet: str) -> Mapping[str, str]:
    voc = load_vocabulary()
    return {"ecosystem": voc.ecosystems, "sector": voc.sectors, "emerging": voc.emerging,
            "technology": voc.technologies, "label": {**ESCA_LABELS, "none": "no ESCA label"},
            "size_band": {c: lab for c, lab, _lo, _hi in SIZE_BANDS}}.get(facet, {})


def facet_counts(session: Session, query: SearchQuery, fts: Any = None) -> dict[str, list[FacetCount]]:  # noqa: ANN401
    """For each facet, how many profiles each value would give with the other facets' filters applied."""
    out: dict[str, list[FacetCount]] = {}
    for facet, (_attr, col) in FACETS.items():
        conds = _conditions(query, skip=facet)
        if col is None:
            stmt = (select(ProfileTag.code, func.count(func.distinct(ProfileTag.profile_id)))
                    .join(Profile, Profile.id == ProfileTag.profile_id)
                    .where(ProfileTag.facet == facet, *conds).group_by(ProfileTag.code))
        else:
            stmt = select(col, func.count(Profile.id)).where(*conds).group_by(col)
        rows = session.execute(_with_text(stmt, fts)).all()
        labels = _labels(facet)
        counts = [(("none" if facet == "label" and not code else str(code)), int(n)) for code, n in rows
                  if code or facet == "label"]
        out[facet] = [FacetCount(code=c, label=labels.get(c, c), count=n)
                      for c, n in sorted(counts, key=lambda t: (-t[1], t[0]))]
    return out


def _hit(p: Profile, score: float | None) -> SearchHit:
    return SearchHit(id=p.id, name=p.name, acronym=p.acronym, type=p.type, country=p.country, region=p.region,
                     city=p.city, latitude=p.latitude, longitude=p.longitude, esca_label=p.esca_label,
                     score=None if score is None else float(score))


def search_profiles(session: Session, query: SearchQuery, *, with_facets: bool = True) -> SearchResult:
    """One page of matching profiles (best match first when there are words, else by name) and the facets."""
    _check(query)
    terms = search_terms(query.text)
    fts = _fts(session, terms) if terms else None
    conds = _conditions(query)
    total = int(session.scalar(_with_text(select(func.count(Profile.id)), fts).where(*conds)) or 0)
    if fts is not None:
        stmt = select(Profile, fts.c.score).join(fts, fts.c.profile_id == Profile.id).where(*conds) \
            .order_by(fts.c.score.desc(), Profile.name, Profile.id)
        rows = session.execute(stmt.limit(query.limit).offset(query.offset)).all()
        hits = [_hit(p, float(score)) for p, score in rows]
    else:
        plain = select(Profile).where(*conds).order_by(Profile.name, Profile.id)
        hits = [_hit(p, None) for p in session.scalars(plain.limit(query.limit).offset(query.offset))]
    facets = facet_counts(session, query, fts) if with_facets else {}
    return SearchResult(hits=hits, total=total, facets=facets)


def map_points(session: Session, query: SearchQuery) -> list[SearchHit]:
    """Every matching profile that has coordinates (for the map), up to :data:`MAX_MAP_POINTS`."""
    _check(replace(query, limit=1, offset=0))
    terms = search_terms(query.text)
    fts = _fts(session, terms) if terms else None
    stmt = _with_text(select(Profile), fts).where(*_conditions(query), Profile.latitude.is_not(None),
                                                  Profile.longitude.is_not(None)).order_by(Profile.id)
    return [_hit(p, None) for p in session.scalars(stmt.limit(MAX_MAP_POINTS))]


def profiles_in_region(session: Session, region: str) -> list[SearchHit]:
    """Published profiles whose NUTS 2 region is ``region`` or lies under it (for the region page)."""
    code = region.strip().upper()[:9]
    stmt = select(Profile).where(Profile.status == "published", Profile.region.startswith(code, autoescape=True)) \
        .order_by(Profile.name)
    return [_hit(p, None) for p in session.scalars(stmt)]


def query_from_params(params: Mapping[str, str | Sequence[str]]) -> SearchQuery:
    """A query from request parameters: ``q``, one key per facet (repeatable), ``limit``, ``offset``."""
    def many(key: str) -> tuple[str, ...]:
        v = params.get(key, ())
        return tuple(x for x in ([v] if isinstance(v, str) else list(v)) if x)

    def one(key: str, default: int) -> int:
        v = params.get(key)
        raw = v if isinstance(v, str) else (v[0] if v else "")
        try:
            return int(raw) if raw else default
        except ValueError:
            raise InputError(f"'{raw}' is not a whole number", hint=f"give {key} as a number") from None

    q = params.get("q", "")
    kwargs: dict[str, Any] = {attr: many(facet) for facet, (attr, _c) in FACETS.items()}
    return SearchQuery(text=q if isinstance(q, str) else " ".join(q), limit=one("limit", 20),
                       offset=one("offset", 0), **kwargs)


__all__ = ["FACETS", "FacetCount", "SearchHit", "SearchQuery", "SearchResult", "facet_counts", "map_points",
           "profiles_in_region", "query_from_params", "search_profiles", "search_terms"]
