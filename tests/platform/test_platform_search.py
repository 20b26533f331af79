"""Search on both engines: facet counts (hand-counted from the four profiles below), full-text ranking,
injection-proof input, map points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterobs.errors import InputError
from clusterobs.platform import (
    SearchQuery,
    create_profile,
    map_points,
    profiles_in_region,
    publish_profile,
    query_from_params,
    search_profiles,
    submit_profile,
)
from clusterobs.platform.models import Profile

M = {"members_sme": 0, "members_large": 0, "members_research": 0, "members_public": 0, "members_other": 0}


@pytest.fixture
def world(session: Session, make: Any, values: Callable[..., dict[str, Any]]) -> dict[str, int]:
    """Four published profiles and one draft:

    ===  =======================  =======  ======================  ======  =======
    #    name                     region   ecosystems              label   members
    ===  =======================  =======  ======================  ======  =======
    1    Styrian Mechatronics     AT22     digital, electronics    gold    40
    2    Vienna Digital           AT13     digital                 silver  67
    3    Flanders Food            BE21     agri_food               –       40
    4    Brussels Health          BE10     digital, health         gold    300
    5    (draft) Mechatronics Net AT21     digital                 –       40
    ===  =======================  =======  ======================  ======  =======
    """
    owner, admin = make.user(), make.user("platform_admin")
    specs = {
        "smc": values(esca_label="gold", esca_valid_until="2026-12-31",
                      partnerships=["ESCP-4i Smart Mechatronics"]),
        "vdc": values(name="Vienna Digital Cluster", acronym="VDC", region="AT13", city="Wien",
                      ecosystems=["digital"], sectors=["information_technology"],
                      technologies=["artificial_intelligence"], esca_label="silver", esca_valid_until="2025-12-31",
                      description="Software firms; some work on mechatronics controllers.",
                      **{**M, "members_sme": 60, "members_research": 5, "members_public": 2}),
        "ffc": values(name="Flanders Food Cluster", acronym="FFC", country="BE", region="BE21", city="Gent",
                      ecosystems=["agri_food"], sectors=["food_processing"], technologies=[],
                      description="Food processors and research labs of Flanders.",
                      partnerships=["Euroclusters Food Resilience"]),
        "bhc": values(name="Brussels Health Cluster", acronym="BHC", country="BE", region="BE10", city="Brussels",
                      ecosystems=["health", "digital"], sectors=["biopharmaceuticals"],
                      emerging_industries=["biopharmaceuticals"], esca_label="gold", esca_valid_until="2027-06-30",
                      description="Life sciences.", **{**M, "members_sme": 250, "members_large": 30,
                                                       "members_research": 20}),
    }
    ids: dict[str, int] = {}
    for key, vals in specs.items():
        p = create_profile(session, make.actor(owner), vals, allow_duplicate=True)
        submit_profile(session, make.actor(owner), p.id)
        publish_profile(session, make.actor(admin), p.id)
        ids[key] = p.id
    draft = create_profile(session, make.actor(owner), values(name="Mechatronics Network Carinthia", acronym="MNC",
                                                              region="AT21", ecosystems=["digital"]),
                           allow_duplicate=True)
    ids["draft"] = draft.id
    return ids


def _counts(result: Any, facet: str) -> dict[str, int]:
    return {f.code: f.count for f in result.facets[facet]}


def test_facet_counts_without_filters(session: Session, world: dict[str, int]) -> None:
    r = search_profiles(session, SearchQuery())
    assert r.total == 4
    assert [h.name for h in r.hits] == ["Brussels Health Cluster", "Flanders Food Cluster",
                                        "Styrian Mechatronics Cluster", "Vienna Digital Cluster"]
    assert _counts(r, "country") == {"AT": 2, "BE": 2}
    assert _counts(r, "region") == {"AT13": 1, "AT22": 1, "BE10": 1, "BE21": 1}
    assert _counts(r, "ecosystem") == {"digital": 3, "electronics": 1, "agri_food": 1, "health": 1}
    assert _counts(r, "label") == {"gold": 2, "silver": 1, "none": 1}
    assert _counts(r, "size_band") == {"15_49": 2, "50_99": 1, "250_plus": 1}
    assert _counts(r, "emerging") == {"biopharmaceuticals": 1}
    assert _counts(r, "partnership") == {"ESCP-4i Smart Mechatronics": 1, "Euroclusters Food Resilience": 1}
    assert _counts(r, "technology") == {"advanced_manufacturing": 2, "artificial_intelligence": 1}
    assert r.facets["ecosystem"][0].label == "Digital"  # labels come from the vocabulary
    assert r.facets["size_band"][0].label == "15–49 members"


def test_facet_counts_are_disjunctive(session: Session, world: dict[str, int]) -> None:
    r = search_profiles(session, SearchQuery(countries=("AT",)))
    assert r.total == 2
    assert _counts(r, "country") == {"AT": 2, "BE": 2}  # own filter not applied to its own counts
    assert _counts(r, "ecosystem") == {"digital": 2, "electronics": 1}
    assert _counts(r, "label") == {"gold": 1, "silver": 1}
    r = search_profiles(session, SearchQuery(countries=("BE",), ecosystems=("digital",)))
    assert [h.name for h in r.hits] == ["Brussels Health Cluster"]
    assert _counts(r, "country") == {"AT": 2, "BE": 1}  # digital profiles per country
    assert _counts(r, "ecosystem") == {"agri_food": 1, "digital": 1, "health": 1}  # Belgian profiles
    # several values of one facet combine with OR
    r = search_profiles(session, SearchQuery(labels=("silver", "none")))
    assert sorted(h.name for h in r.hits) == ["Flanders Food Cluster", "Vienna Digital Cluster"]
    assert search_profiles(session, SearchQuery(size_bands=("250_plus",))).hits[0].id == world["bhc"]
    assert search_profiles(session, SearchQuery(partnerships=("Euroclusters Food Resilience",))).total == 1


def test_full_text_ranks_name_above_description(session: Session, world: dict[str, int]) -> None:
    r = search_profiles(session, SearchQuery(text="mechatronics"))
    # the draft 'Mechatronics Network Carinthia' is not published, so not found
    assert [h.id for h in r.hits] == [world["smc"], world["vdc"]] and r.total == 2
    assert r.hits[0].score is not None and r.hits[1].score is not None
    assert r.hits[0].score > r.hits[1].score > 0
    assert _counts(r, "country") == {"AT": 2}  # facets count within the text matches
    # every word must match; stemming finds 'processors' from 'processor'
    assert [h.id for h in search_profiles(session, SearchQuery(text="Flanders food")).hits] == [world["ffc"]]
    assert [h.id for h in search_profiles(session, SearchQuery(text="processor")).hits] == [world["ffc"]]
    # sectors and ecosystems are searchable by their labels
    assert [h.id for h in search_profiles(session, SearchQuery(text="agri food")).hits] == [world["ffc"]]
    both = search_profiles(session, SearchQuery(text="mechatronics", countries=("AT",), labels=("silver",)))
    assert [h.id for h in both.hits] == [world["vdc"]]


@pytest.mark.parametrize("attack", ["'; DROP TABLE profiles; --", '"unbalanced', "NEAR(food cluster)",
                                    "name:food*", "%_\\", "food) OR (1=1", "\x00", "🙂",
                                    'food* AND "flanders'])
def test_search_input_never_reaches_sql_or_fts_syntax(session: Session, world: dict[str, int], attack: str) -> None:
    r = search_profiles(session, SearchQuery(text=attack))
    assert all(h.id in world.values() for h in r.hits)
    assert session.scalar(select(func.count()).select_from(Profile)) == 5
    # the words of an attack are searched as plain words that must all occur: no profile says 'near';
    # 'food* AND "flanders' is the words food, and, flanders (all in the Flanders profile)
    if attack == "NEAR(food cluster)":
        assert r.hits == []
    if attack.startswith("food*"):
        assert [h.id for h in r.hits] == [world["ffc"]]


def test_paging_map_points_region_listing_and_parameters(session: Session, world: dict[str, int]) -> None:
    page = search_profiles(session, SearchQuery(limit=2, offset=2), with_facets=False)
    assert [h.name for h in page.hits] == ["Styrian Mechatronics Cluster", "Vienna Digital Cluster"]
    assert page.total == 4 and page.facets == {}
    points = map_points(session, SearchQuery(ecosystems=("digital",)))
    assert sorted(p.id for p in points) == sorted([world["smc"], world["vdc"], world["bhc"]])
    assert all(p.latitude is not None for p in points)
    assert [h.name for h in profiles_in_region(session, "AT")] == ["Styrian Mechatronics Cluster",
                                                                   "Vienna Digital Cluster"]
    assert [h.id for h in profiles_in_region(session, "at13")] == [world["vdc"]]
    q = query_from_params({"q": "food", "country": ["BE", ""], "label": "none", "limit": "5"})
    assert q == SearchQuery(text="food", countries=("BE",), labels=("none",), limit=5)
    assert [h.id for h in search_profiles(session, q).hits] == [world["ffc"]]
    with pytest.raises(InputError):
        search_profiles(session, SearchQuery(limit=1000))
    with pytest.raises(InputError, match="not a whole number"):
        query_from_params({"limit": "ten"})
