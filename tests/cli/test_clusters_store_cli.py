"""``clusterobs clusters …`` without --input reads the store's business statistics (summed into categories)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from clusterobs.cli import app
from clusterobs.services.clusters import clusters
from clusterobs.store import Store


def test_portfolio_from_the_store_equals_the_service(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.csv"
    res = CliRunner().invoke(app, ["clusters", "portfolio", "--store", str(demo_store.path), "--region", "XC15",
                                   "--method", "eco2007", "--out", str(out)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out).set_index("category")
    rated = clusters(demo_store, preset="eco2007")
    want = rated[(rated["region"] == "XC15") & (rated["year"] == rated["year"].max())]
    want = want.assign(category=want["category"].astype(str)).set_index("category")
    assert set(got.index) == set(want.index)
    for cat in got.index:
        assert got.loc[cat, "stars"] == want.loc[cat, "stars"], cat
        assert abs(got.loc[cat, "lq"] - want.loc[cat, "lq"]) <= 1e-9 * max(1.0, abs(want.loc[cat, "lq"])), cat
