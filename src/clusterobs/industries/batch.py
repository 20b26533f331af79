"""The taxonomy as a store :class:`~clusterobs.store.Batch` (tables ``industries`` and ``industry_links``)."""

from __future__ import annotations

import pandas as pd

from clusterobs.industries.taxonomy import Taxonomy
from clusterobs.store import Batch

DATASET = "taxonomy"


def taxonomy_batch(tax: Taxonomy) -> Batch:
    """One ingest holding NACE (levels 1-4), cluster categories and emerging industries, with their links.

    The checksum is the hash of the taxonomy's data files, so writing an unchanged taxonomy twice is a no-op.
    """
    n = tax.nace
    nace = pd.DataFrame({
        "scheme": "nace_r2",
        "code": n["code"],
        "level": n["level"].astype(int),
        "parent": n["parent"].where(n["parent"] != "", None),
        "label": n["label"],
        "kind": "",
    })
    cats = pd.DataFrame({
        "scheme": "cluster_category",
        "code": tax.categories["code"],
        "level": 1,
        "parent": None,
        "label": tax.categories["label"],
        "kind": tax.categories["kind"],
    })
    em = pd.DataFrame({
        "scheme": "emerging",
        "code": tax.emerging_industries["code"],
        "level": 1,
        "parent": None,
        "label": tax.emerging_industries["label"],
        "kind": "",
    })
    links = pd.concat([
        pd.DataFrame({"scheme": "cluster_category", "nace": tax.nace_to_category["nace"],
                      "category": tax.nace_to_category["category"]}),
        pd.DataFrame({"scheme": "emerging", "nace": tax.emerging["nace"], "category": tax.emerging["industry"]}),
    ], ignore_index=True)
    return Batch(
        dataset=DATASET,
        kind="taxonomy",
        source=f"clusterobs taxonomy {tax.version}",
        checksum=tax.checksum,
        tables={"industries": pd.concat([nace, cats, em], ignore_index=True), "industry_links": links},
    )
