"""The part of clusterobs' industry taxonomy the demo uses: business-economy NACE classes and the cluster
categories in which it plants clusters.

Planting by the taxonomy's own categories (not by private NACE lists) means the cluster mapping, which sums
classes into the same categories, must find exactly the clusters the demo planted.
"""

from __future__ import annotations

import pandas as pd

from clusterobs.industries import Taxonomy, load_taxonomy
from clusterobs.industries import taxonomy_batch as _taxonomy_batch
from clusterobs.store import Batch

#: NACE sections of the business economy as Eurostat's structural business statistics cover it (no K).
SECTIONS = "BCDEFGHIJLMN"

#: Traded cluster categories (codes of ``cluster_categories.yaml``) in which the demo plants clusters. Large
#: categories (business services) are left out: past a point, adding jobs to a region lowers their LQ again.
PLANTABLE: tuple[str, ...] = (
    "aerospace", "automotive", "biopharmaceuticals", "communications", "food_processing",
    "furniture", "hospitality_tourism", "information_technology", "lighting_electrical", "medical_devices",
    "metalworking", "plastics", "production_technology", "textiles",
    "upstream_chemical", "video_production", "water_transportation", "wood_products",
)

#: A planted category: its label and its NACE classes within the business economy.
Category = tuple[str, tuple[str, ...]]


def taxonomy() -> Taxonomy:
    return load_taxonomy()


def business_classes(tax: Taxonomy) -> pd.DataFrame:
    """NACE Rev.2 classes (level 4) of sections B–N without K: code, section, label; sorted by code."""
    n = tax.nace
    classes = n[(n["level"].astype(int) == 4) & n["section"].isin(list(SECTIONS))]
    return classes.loc[:, ["code", "section", "label"]].sort_values("code").reset_index(drop=True)


def plantable(tax: Taxonomy) -> dict[str, Category]:
    """Label and business-economy classes of every category in :data:`PLANTABLE`."""
    business = set(business_classes(tax)["code"])
    labels = dict(zip(tax.categories["code"], tax.categories["label"], strict=True))
    return {code: (str(labels[code]), tuple(c for c in tax.classes_of(code) if c in business))
            for code in PLANTABLE}


def taxonomy_batch(tax: Taxonomy) -> Batch:
    """The taxonomy's own store batch, so a demo store is complete on its own."""
    return _taxonomy_batch(tax)
