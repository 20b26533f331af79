"""Fixtures for the scoreboard tests: a small hand-checkable framework, a deterministic synthetic world for
the golden files, and a snapshot comparer that rewrites only with CLUSTEROBS_UPDATE_SNAPSHOTS=1."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from clusterobs.scoreboard.framework import Framework, framework_from_dict
from clusterobs.scoreboard.io import load_framework, load_peer_blocks

# index T; p1 = {c1: a (+1), b (-1); c2: d}; p2 = {c3: e}
TOY_DOC = {
    "version": "test",
    "title": "toy",
    "index": {"code": "T", "name": "Toy index"},
    "dimensions": [
        {
            "code": "p1",
            "name": "Dimension one",
            "sub_dimensions": [
                {
                    "code": "c1",
                    "name": "Sub one",
                    "indicators": [
                        {"code": "a", "name": "A", "unit": "u", "source": "s", "source_type": "eurostat"},
                        {"code": "b", "name": "B", "unit": "u", "source": "s", "source_type": "stakeholder_survey",
                         "direction": -1},
                    ],
                },
                {
                    "code": "c2",
                    "name": "Sub two",
                    "indicators": [
                        {"code": "d", "name": "D", "unit": "u", "source": "s", "source_type": "external_survey"},
                    ],
                },
            ],
        },
        {
            "code": "p2",
            "name": "Dimension two",
            "sub_dimensions": [
                {
                    "code": "c3",
                    "name": "Sub three",
                    "indicators": [
                        {"code": "e", "name": "E", "unit": "u", "source": "s", "source_type": "other"},
                    ],
                },
            ],
        },
    ],
}


@pytest.fixture
def toy_doc() -> dict[str, object]:
    """A fresh deep copy of the toy framework document (tests may break it)."""
    return copy.deepcopy(TOY_DOC)


@pytest.fixture
def toy_framework() -> Framework:
    return framework_from_dict(TOY_DOC)


@pytest.fixture(scope="session")
def res_framework() -> Framework:
    return load_framework()


def synthetic_world(seed: int = 20170401) -> tuple[pd.DataFrame, pd.DataFrame]:
    """12 NUTS-like regions in 3 countries: raw RES indicators (some missing) and structural variables."""
    rng = np.random.default_rng(seed)
    fw = load_framework()
    blocks = load_peer_blocks()
    regions = [f"{cc}{i}" for cc in ("AT", "DE", "FR") for i in (11, 12, 21, 22)]
    raw = pd.DataFrame(
        np.round(rng.uniform(0, 100, size=(len(regions), len(fw.indicators))), 3),
        index=pd.Index(regions, name="uCode"),
        columns=fw.indicators,
    )
    holes = rng.random(raw.shape) < 0.08
    raw = raw.mask(holes)
    structural = pd.DataFrame(
        np.round(rng.normal(size=(len(regions), len(blocks.variables))), 3),
        index=regions,
        columns=list(blocks.variables),
    )
    structural.iloc[5, 0] = np.nan  # one region without a demography value
    return raw, structural


@pytest.fixture
def world() -> tuple[pd.DataFrame, pd.DataFrame]:
    return synthetic_world()



