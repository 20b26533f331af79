"""Keeping the full-text index in step with profiles: SQLite FTS5 rows or PostgreSQL weighted tsvectors.

Written in the same transaction as the profile change, so the index never shows a state the database does
not. Only bound parameters reach SQL. Weights: name and acronym count most, then the codes and labels of
ecosystems, sectors, technologies and partnerships, then the description and city.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from clusterobs.platform.models import Profile
from clusterobs.platform.vocabulary import load_vocabulary

#: The text search configuration of PostgreSQL; SQLite's FTS5 table uses the Porter stemmer to match.
PG_CONFIG = "english"


def _tag_text(profile: Profile) -> str:
    voc = load_vocabulary()
    words: list[str] = []
    for tag in profile.tags:
        words.append(tag.code.replace("_", " "))
        table = {"ecosystem": voc.ecosystems, "sector": voc.sectors, "emerging": voc.emerging,
                 "technology": voc.technologies}.get(tag.facet, {})
        if tag.code in table:
            words.append(table[tag.code])
    return " ".join(words)


def index_profile(session: Session, profile: Profile) -> None:
    """(Re)write the index entry of one profile; deleted profiles are removed."""
    dialect = session.get_bind().dialect.name
    if profile.status == "deleted":
        unindex_profile(session, profile.id)
        return
    params = {"id": profile.id, "name": profile.name, "acronym": profile.acronym, "tags": _tag_text(profile),
              "description": f"{profile.description} {profile.city}"}
    if dialect == "sqlite":
        session.execute(text("DELETE FROM profile_fts WHERE rowid = :id"), {"id": profile.id})
        session.execute(text("INSERT INTO profile_fts(rowid, name, acronym, tags, description) "
                             "VALUES (:id, :name, :acronym, :tags, :description)"), params)
    elif dialect == "postgresql":
        session.execute(text(
            "INSERT INTO profile_search (profile_id, document) VALUES (:id, "
            f"setweight(to_tsvector('{PG_CONFIG}', CAST(:name AS text) || ' ' || CAST(:acronym AS text)), 'A') || "
            f"setweight(to_tsvector('{PG_CONFIG}', CAST(:tags AS text)), 'B') || "
            f"setweight(to_tsvector('{PG_CONFIG}', CAST(:description AS text)), 'C')) "
            "ON CONFLICT (profile_id) DO UPDATE SET document = EXCLUDED.document"), params)


def unindex_profile(session: Session, profile_id: int) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("DELETE FROM profile_fts WHERE rowid = :id"), {"id": profile_id})
    elif dialect == "postgresql":
        session.execute(text("DELETE FROM profile_search WHERE profile_id = :id"), {"id": profile_id})


__all__ = ["PG_CONFIG", "index_profile", "unindex_profile"]
