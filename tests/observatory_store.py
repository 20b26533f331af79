"""A small hand-made store for the API, web, service and browser tests: every number in it is written here,
so tests can check answers against this file by hand.

Regions are real NUTS 2021 codes and names (Austria and Baden-Württemberg) with invented square shapes;
facts are invented round numbers. ``synthetic=True`` flags the ingests as synthetic (like the demo).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from clusterobs.store import Batch, Store

VERSION = "2021"
# code, level, country, name, parent
REGIONS = [
    ("AT", 0, "AT", "Österreich", None),
    ("AT1", 1, "AT", "Ostösterreich", "AT"),
    ("AT11", 2, "AT", "Burgenland", "AT1"),
    ("AT12", 2, "AT", "Niederösterreich", "AT1"),
    ("AT13", 2, "AT", "Wien", "AT1"),
    ("AT130", 3, "AT", "Wien", "AT13"),
    ("DE", 0, "DE", "Deutschland", None),
    ("DE1", 1, "DE", "Baden-Württemberg", "DE"),
    ("DE11", 2, "DE", "Stuttgart", "DE1"),
    ("DE12", 2, "DE", "Karlsruhe", "DE1"),
]
#: Unit squares side by side (lon = 10 + i); only level 2 and 0 have shapes.
SHAPED = {"AT11": 0, "AT12": 1, "AT13": 2, "DE11": 4, "DE12": 5, "AT": 0, "DE": 4}
NAN = math.nan
# dataset, region, industry, indicator, year, value, unit, flag
FACTS = [
    ("pop", "AT13", "", "POP", 2020, 1_900_000.0, "persons", ""),
    ("pop", "AT13", "", "POP", 2021, 1_920_000.0, "persons", ""),
    ("pop", "AT13", "", "POP", 2022, NAN, "persons", ":"),
    ("pop", "AT12", "", "POP", 2022, 1_700_000.0, "persons", "p"),
    ("pop", "AT11", "", "POP", 2022, 297_000.0, "persons", ""),
    ("pop", "DE11", "", "POP", 2022, 4_200_000.0, "persons", ""),
    ("pop", "AT", "", "POP", 2022, 9_100_000.0, "persons", ""),
    ("gdp", "AT13", "", "GDP_EUR_HAB", 2021, 52_000.0, "EUR", ""),
    ("gdp", "AT12", "", "GDP_EUR_HAB", 2021, 41_000.0, "EUR", ""),
    ("sbs", "AT13", "C29", "employment", 2021, 1_234.0, "persons", ""),
    ("sbs", "AT13", "C2910", "employment", 2021, NAN, "persons", "c"),
]
# scheme, code, level, parent, label, kind
INDUSTRIES = [
    ("nace_r2", "C", 1, None, "Manufacturing", ""),
    ("nace_r2", "C29", 2, "C", "Manufacture of motor vehicles, trailers and semi-trailers", ""),
    ("nace_r2", "C291", 3, "C29", "Manufacture of motor vehicles", ""),
    ("nace_r2", "C2910", 4, "C291", "Manufacture of motor vehicles", ""),
    ("cluster_category", "automotive", 1, None, "Automotive", "traded"),
    ("cluster_category", "local_health", 1, None, "Local health services", "local"),
    ("emerging", "mobility_tech", 1, None, "Mobility technologies", ""),
]
LINKS = [("cluster_category", "C2910", "automotive"), ("emerging", "C2910", "mobility_tech")]


def _square(i: int) -> str:
    x = 10 + i
    ring = [[x, 47], [x + 1, 47], [x + 1, 48], [x, 48], [x, 47]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def batches(*, synthetic: bool = False) -> list[Batch]:
    regions = pd.DataFrame(REGIONS, columns=["code", "level", "country", "name", "parent"]).assign(
        version=VERSION, is_extra_regio=False)
    geoms = pd.DataFrame([(c, VERSION, lv, _square(SHAPED[c]), _square(SHAPED[c]))
                          for c, lv, *_ in REGIONS if c in SHAPED],
                         columns=["code", "version", "level", "geometry", "simplified"])
    facts = pd.DataFrame(FACTS, columns=["dataset", "region", "industry", "indicator", "year", "value", "unit", "flag"])
    kind = "demo" if synthetic else "test"

    def batch(name: str, tables: dict[str, pd.DataFrame]) -> Batch:
        return Batch(dataset=name, kind=kind, source=f"tests/observatory_store.py:{name}", checksum=f"test:{name}",
                     tables=tables, synthetic=synthetic, note="hand-made test data")

    out = [
        Batch(dataset="taxonomy", kind="taxonomy", source="tests", checksum="test:taxonomy", tables={
            "industries": pd.DataFrame(INDUSTRIES, columns=["scheme", "code", "level", "parent", "label", "kind"]),
            "industry_links": pd.DataFrame(LINKS, columns=["scheme", "nace", "category"])}),
        batch("regions", {"regions": regions, "geometries": geoms}),
    ]
    for name in ("pop", "gdp", "sbs"):
        out.append(batch(name, {"facts": facts[facts["dataset"] == name].reset_index(drop=True)}))
    return out


def build_store(path: Path, *, synthetic: bool = False) -> Path:
    """Write the test store at ``path`` (a new file) and return the path."""
    with Store(path) as st:
        for b in batches(synthetic=synthetic):
            st.write(b)
    return path
