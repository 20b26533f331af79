"""Wire shapes of the cluster-mapping routes: portfolio and sector rows, relatedness, bridges, presets."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from pydantic import BaseModel, Field

from clusterobs.api.schemas.common import Page
from clusterobs.mapping import Preset
from clusterobs.services.analytics_cache import rows, with_ratings


class ClusterRow(BaseModel):
    """One region × category in one year with its indicators and its rating by a star preset."""

    region: str
    region_name: str = ""
    category: str
    label: str = Field(default="", description="The category's name.")
    year: int
    employment: float | None = Field(description="Persons employed; None when missing (never 0).")
    lq: float | None = Field(description="Location quotient: the region's share of the category over Europe's.")
    size: float | None = Field(description="The region's share of the category's employment at its level.")
    focus: float | None = Field(description="The category's share of the region's employment.")
    productivity: float | None = Field(default=None, description="Value added per person employed.")
    employment_cagr: float | None = Field(default=None, description="Compound annual employment growth.")
    stars: int = Field(description="Stars earned (flag presets: the number of flags).")
    tier: str = ""
    rated: list[str] = Field(description="Names of the stars or flags earned.")
    reasons: str = Field(description="Why each star was earned: value, threshold and rule.")


#: The ``note`` field of rated results (pages, bridges): the division-allocation caveat, if any.
NOTE_DESCRIPTION = ("How the ratings' categories were built when that is approximate, e.g. \"allocated from NACE "
                                "divisions by the 'dominant' rule: approximate\" (the business statistics are by "
                                "NACE division); null when the categories were summed exactly from NACE classes.")


class ClusterPage(Page[ClusterRow]):
    """A page of rated rows, with the caveat shown beside them when the categories are approximate."""

    note: str | None = Field(default=None, description=NOTE_DESCRIPTION)


class RelatedCategory(BaseModel):
    category: str
    label: str
    relatedness: float = Field(description="Proximity: share of regions specialised (LQ ≥ 1) in both, over the "
                               "larger of the two categories' counts (Hidalgo et al. 2007).")


class Bridge(BaseModel):
    category_a: str
    label_a: str
    category_b: str
    label_b: str
    relatedness: float


class Opportunity(BaseModel):
    category: str
    label: str
    density: float | None = Field(description="Share of the category's relatedness that falls on the region's "
                                  "starred clusters.")
    related_to: str = Field(description="The starred clusters contributing most, with their proximity.")


class RegionBridges(BaseModel):
    region: str
    year: int
    threshold: float | None = Field(description="Proximity from which two starred clusters count as related "
                                    "(the 90th percentile of all pairs).")
    bridges: list[Bridge]
    opportunities: list[Opportunity]
    note: str | None = Field(default=None, description=NOTE_DESCRIPTION)


class StarInfo(BaseModel):
    name: str
    description: str


class PresetInfo(BaseModel):
    name: str
    title: str
    version: str
    scoring: str
    stars: list[StarInfo]


def cluster_rows(frame: pd.DataFrame, labels: Mapping[str, str], names: Mapping[str, str]) -> list[ClusterRow]:
    """Rows of a rated view (portfolio or sector) as records, with category labels and region names."""
    out = []
    for r in rows(with_ratings(frame)):
        r["label"] = labels.get(str(r["category"]), str(r["category"]))
        r["region_name"] = names.get(str(r["region"]), "")
        r["reasons"] = r.get("reasons") or ""
        r["tier"] = r.get("tier") or ""
        out.append(ClusterRow.model_validate(r))
    return out


def region_bridges(region: str, year: int, pairs: pd.DataFrame, chances: pd.DataFrame,
                   labels: Mapping[str, str], *, limit: int = 10, note: str | None = None) -> RegionBridges:
    """Bridges and the ``limit`` most promising opportunities of a region."""
    threshold = float(pairs["threshold"].iloc[0]) if len(pairs) else None
    return RegionBridges(
        region=region, year=year, threshold=threshold, note=note,
        bridges=[Bridge(category_a=str(b["category_a"]), label_a=labels.get(str(b["category_a"]), ""),
                        category_b=str(b["category_b"]), label_b=labels.get(str(b["category_b"]), ""),
                        relatedness=float(str(b["relatedness"]))) for b in rows(pairs)],
        opportunities=[Opportunity(category=str(o["category"]), label=labels.get(str(o["category"]), ""),
                                   density=o["density"], related_to=str(o["related_to"]))  # type: ignore[arg-type]
                       for o in rows(chances.head(limit))],
    )


def preset_info(p: Preset) -> PresetInfo:
    return PresetInfo(name=p.name, title=p.title, version=p.version, scoring=p.scoring,
                      stars=[StarInfo(name=s.name, description=s.description) for s in p.active])


__all__ = ["NOTE_DESCRIPTION", "Bridge", "ClusterPage", "ClusterRow", "Opportunity", "PresetInfo", "RegionBridges",
           "RelatedCategory", "StarInfo", "cluster_rows", "preset_info", "region_bridges"]
