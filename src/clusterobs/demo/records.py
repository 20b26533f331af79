"""Records that later parts of clusterobs read from the demo world, as JSON bodies for the ``records`` table.

* ``demo_planted_cluster`` — the truth the cluster mapping should find (region, category, strength, classes).
* ``demo_cluster_profile`` — cluster organisation profiles in the shape of the European Cluster Collaboration
  Platform's (type, members by type, staff, ecosystems, sectors, label …). Most sit where a cluster was
  planted; some deliberately miss a validation criterion (staff < 0.5 FTE, < 15 members) so that validation
  has something to reject.
* ``demo_event`` — matchmaking and cluster-to-cluster events with participating profiles.
* ``demo_survey_answer`` — stakeholder survey answers (Likert 1–7 or 1–5) that echo the region's latent
  conditions, with a few regions below a typical minimum number of respondents.

Every body carries ``"synthetic": true``; websites and e-mail addresses use the reserved ``.example`` domain.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from clusterobs.demo.economy import PlantedCluster
from clusterobs.demo.geography import Geography, points_inside
from clusterobs.demo.latent import Latent
from clusterobs.demo.names import NameMaker
from clusterobs.demo.taxonomy import Category

ECOSYSTEMS: tuple[str, ...] = (
    "Aerospace and defence", "Agri-food", "Construction", "Cultural and creative industries", "Digital",
    "Electronics", "Energy-intensive industries", "Energy - renewables", "Health",
    "Mobility - transport - automotive", "Proximity, social economy and civil security", "Retail", "Textile",
    "Tourism",
)
_ECOSYSTEM_OF = {
    "aerospace": 0, "automotive": 9, "biopharmaceuticals": 8, "business_services": 4, "communications": 4,
    "food_processing": 1, "furniture": 2, "hospitality_tourism": 13, "information_technology": 5,
    "lighting_electrical": 7, "medical_devices": 8, "metalworking": 6, "plastics": 6,
    "production_technology": 6, "textiles": 12, "transportation_logistics": 9, "upstream_chemical": 6,
    "video_production": 3, "water_transportation": 9, "wood_products": 2,
}
_EMERGING_OF = {
    "biopharmaceuticals": "biopharmaceuticals", "information_technology": "digital_industries",
    "communications": "digital_industries", "medical_devices": "medical_devices",
    "transportation_logistics": "logistical_services", "video_production": "creative_industries",
    "hospitality_tourism": "experience_industries", "automotive": "mobility_technologies",
    "water_transportation": "blue_growth", "plastics": "advanced_packaging",
    "lighting_electrical": "environmental_industries",
}
TECHNOLOGIES: tuple[str, ...] = ("advanced manufacturing", "advanced materials", "life-science technologies",
                                 "micro/nano-electronics and photonics", "artificial intelligence",
                                 "security and connectivity")
PROFILE_TYPES = (("cluster organisation", 0.8), ("member organisation", 0.1), ("cluster-related project", 0.05),
                 ("national cluster association", 0.05))
ROLES: tuple[str, ...] = ("cluster manager", "SME", "large company", "researcher", "public authority", "investor")
#: Survey questions: key, text, Likert maximum, latent factor it echoes, scoreboard indicator it feeds.
QUESTIONS: tuple[tuple[str, str, int, str, str], ...] = (
    # (question, text, top of the Likert scale, latent factor (− = reversed), framework survey indicator)
    ("q1", "Starting a business in this region is easy", 5, "governance", "ind3"),
    ("q2", "Administrative procedures weigh heavily on new firms", 5, "-governance", "ind4"),
    ("q3", "Firms of different industries here work together", 5, "innovation", "ind29"),
    ("q4", "Firms here collaborate with each other", 5, "innovation", "ind27"),
    ("q5", "Public buyers here procure innovative solutions", 5, "innovation", "ind56"),
    ("q6", "Most people in this region can be trusted", 5, "governance", ""),
    ("q7", "Finding staff with cross-sectoral skills is easy", 5, "innovation", "ind22"),
    ("q8", "Investors are interested in the region's start-ups", 5, "wealth", "ind42"),
)


def _body(obj: dict[str, Any]) -> str:
    return json.dumps({**obj, "synthetic": True}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def planted_records(planted: list[PlantedCluster]) -> pd.DataFrame:
    """One record per planted cluster (the category is a ``cluster_category`` code of the taxonomy)."""
    rows = [{"kind": "demo_planted_cluster", "key": f"{p.region}:{p.category}", "body": _body({
        "region": p.region, "category": p.category, "label": p.label, "strength": p.strength,
        "target_lq": p.target_lq, "nace": list(p.classes),
        "level": 2,
    })} for p in planted]
    return pd.DataFrame(rows, columns=["kind", "key", "body"])


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha()).upper()[:6]


def profile_records(rng: np.random.Generator, geo: Geography, planted: list[PlantedCluster],
                    categories: dict[str, Category], scale: float) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    names = NameMaker(rng)
    regions = geo.regions.set_index("code")
    n2_codes = geo.codes(2)
    n_profiles = max(20, round(300 * scale))
    templates = sorted(categories)
    # first the planted clusters (most get an organisation), then random regions and sectors
    seeds: list[tuple[str, str]] = [(p.region, p.category) for p in planted if rng.random() < 0.85]
    while len(seeds) < n_profiles:
        seeds.append((str(n2_codes[rng.integers(len(n2_codes))]), str(templates[rng.integers(len(templates))])))
    types = [t for t, _ in PROFILE_TYPES]
    type_p = np.array([p for _, p in PROFILE_TYPES])
    profiles: list[dict[str, Any]] = []
    for i, (region, template) in enumerate(seeds[:n_profiles], start=1):
        label = str(categories[template][0])
        region_name = str(regions.loc[region, "name"])
        country = str(regions.loc[region, "country"])
        country_name = str(regions.loc[country, "name"])
        place = names.word()
        words = [place, *label.split()[:2], "Cluster"]
        name = f"{place} {label} Cluster" if rng.random() < 0.6 else f"{label} Network {place}"
        acronym = _acronym(words) + (str(i) if rng.random() < 0.1 else "")
        lon, lat = points_inside(geo.shapes[region], 1, rng)[0]
        members = {k: int(v) for k, v in zip(("sme", "large", "research", "public", "other"),
                                              rng.poisson([40, 6, 5, 3, 4]) * rng.lognormal(0, 0.5), strict=True)}
        weak = rng.random() < 0.1  # some profiles fail validation criteria on purpose
        staff = round(float(rng.uniform(0.1, 0.45) if weak else rng.lognormal(np.log(3.0), 0.6)), 1)
        label_level = str(rng.choice(["", "", "", "bronze", "bronze", "silver", "gold"]))
        founded = int(rng.integers(1995, 2022))
        ecosystems = [ECOSYSTEMS[_ECOSYSTEM_OF[template]]]
        if rng.random() < 0.4:
            ecosystems.append(ECOSYSTEMS[int(rng.integers(len(ECOSYSTEMS)))])
        slug = acronym.lower() or f"cluster{i}"
        profiles.append({
            "id": f"demo-co-{i:05d}", "type": str(rng.choice(types, p=type_p)), "name": name, "acronym": acronym,
            "country": country, "region": region, "city": names.word(),
            "lon": round(float(lon), 4), "lat": round(float(lat), 4),
            "website": f"https://{slug}.demoland.example", "contact": f"info@{slug}.demoland.example",
            "description": f"Synthetic demo profile: the {label.lower()} cluster of {region_name}, "
                           f"connecting firms, research and public bodies since {founded}.",
            "year_established": founded, "staff_fte": staff,
            "members": {k: (min(v, 3) if weak else v) for k, v in members.items()},
            "ecosystems": sorted(set(ecosystems)), "sectors": [template], "sector_labels": [label],
            "emerging_industries": [_EMERGING_OF[template]] if template in _EMERGING_OF else [],
            "technologies": sorted({str(t) for t in rng.choice(TECHNOLOGIES, size=int(rng.integers(1, 3)))}),
            "esca_label": label_level,
            "esca_valid_until": (f"{int(rng.integers(2023, 2027))}-12-31" if label_level else ""),
            "support_programme": (f"{country_name} cluster programme"
                                  if rng.random() < 0.5 else ""),
        })
    frame = pd.DataFrame([{"kind": "demo_cluster_profile", "key": p["id"], "body": _body(p)} for p in profiles],
                         columns=["kind", "key", "body"])
    return frame, profiles


def event_records(rng: np.random.Generator, profiles: list[dict[str, Any]], scale: float) -> pd.DataFrame:
    n_events = max(4, round(12 * scale**0.5))
    kinds = ("matchmaking", "cluster-to-cluster", "B2B meetings", "trade mission")
    rows = []
    for i in range(1, n_events + 1):
        host = profiles[int(rng.integers(len(profiles)))]
        n_part = min(len(profiles), int(rng.integers(8, 40)))
        part = sorted(str(profiles[j]["id"]) for j in rng.choice(len(profiles), n_part, replace=False))
        start = date(2022, 1, 10) + timedelta(days=int(rng.integers(0, 3 * 365)))
        body = {"id": f"demo-ev-{i:04d}", "kind": str(kinds[rng.integers(len(kinds))]),
                "title": f"{host['sector_labels'][0]} {('Days', 'Forum', 'Matchmaking', 'Summit')[i % 4]} {start.year}",
                "organiser": host["id"], "region": host["region"], "city": host["city"],
                "format": str(rng.choice(["onsite", "online", "hybrid"])),
                "start": start.isoformat(), "end": (start + timedelta(days=int(rng.integers(0, 3)))).isoformat(),
                "ecosystems": host["ecosystems"], "capacity": int(n_part + rng.integers(0, 40)),
                "participants": part}
        rows.append({"kind": "demo_event", "key": body["id"], "body": _body(body)})
    return pd.DataFrame(rows, columns=["kind", "key", "body"])


def survey_records(rng: np.random.Generator, latent: Latent) -> pd.DataFrame:
    n2 = latent.nuts2
    rows = []
    rid = 0
    level = {f: dict(zip(n2.index, n2[f].astype(float), strict=True)) for f in ("wealth", "innovation", "governance")}
    for region in n2.index:
        # most regions have 15–40 respondents; one in ten has fewer than 5 (below a minimum-respondent rule)
        n_resp = int(rng.integers(1, 5)) if rng.random() < 0.1 else int(rng.integers(15, 41))
        for _ in range(n_resp):
            rid += 1
            role = str(ROLES[rng.integers(len(ROLES))])
            for key, text, top, factor, indicator in QUESTIONS:
                if rng.random() < 0.05:  # item non-response
                    continue
                sign = -1.0 if factor.startswith("-") else 1.0
                z = sign * level[factor.lstrip("-")][region] * 0.8 + rng.normal(0.0, 1.0)
                answer = int(np.clip(np.round((top + 1) / 2 + z * (top - 1) / 4), 1, top))
                body = {"respondent": f"demo-r-{rid:06d}", "role": role, "region": str(region), "question": key,
                        "text": text, "scale": f"1-{top}", "answer": answer, "indicator": indicator}
                rows.append({"kind": "demo_survey_answer", "key": f"demo-r-{rid:06d}:{key}", "body": _body(body)})
    return pd.DataFrame(rows, columns=["kind", "key", "body"])
