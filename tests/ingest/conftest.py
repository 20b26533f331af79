"""A store seeded with a tiny region registry and NACE taxonomy, written directly (no other loader needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusterobs.store import Batch, Store

#: Austria's NUTS 2016 codes down to Vienna and Upper Austria (subset), plus one extra-regio code.
REGIONS = [
    ("AT", 0, None), ("AT1", 1, "AT"), ("AT13", 2, "AT1"), ("AT130", 3, "AT13"), ("AT12", 2, "AT1"),
    ("AT3", 1, "AT"), ("AT31", 2, "AT3"), ("AT312", 3, "AT31"), ("ATZ", 1, "AT"),
]
#: NACE codes used by the tests: two sections with their division, group and class.
NACE = [("C", 1, None), ("C10", 2, "C"), ("C101", 3, "C10"), ("C1011", 4, "C101"),
        ("J", 1, None), ("J62", 2, "J"), ("J620", 3, "J62"), ("J6201", 4, "J620"),
        ("B", 1, None), ("N", 1, None), ("K", 1, None), ("S95", 2, "S")]


def seed(path: Path) -> Path:
    regions = pd.DataFrame({
        "code": [r[0] for r in REGIONS], "version": "2016", "level": [r[1] for r in REGIONS], "country": "AT",
        "name": [r[0] for r in REGIONS], "parent": [r[2] for r in REGIONS],
        "is_extra_regio": [r[0] == "ATZ" for r in REGIONS],
    })
    industries = pd.DataFrame({
        "scheme": "nace_r2", "code": [n[0] for n in NACE], "level": [n[1] for n in NACE],
        "parent": [n[2] for n in NACE], "label": [n[0] for n in NACE], "kind": "",
    })
    with Store(path) as st:
        st.write(Batch(dataset="seed", kind="test", source="conftest", checksum="seed-1",
                       tables={"regions": regions, "industries": industries}))
    return path


@pytest.fixture
def seeded_store(tmp_path: Path) -> Iterator[Path]:
    """Path of a closed store file holding the seed registry and taxonomy."""
    yield seed(tmp_path / "seeded.duckdb")
