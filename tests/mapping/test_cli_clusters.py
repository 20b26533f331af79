"""``clusterobs clusters …`` on a plain long CSV, through a local Typer app (as the lead mounts it)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from clusterobs.cli.clusters import app as clusters_app
from clusterobs.mapping.io import read_table, write_table

from .test_stars import uscmp_world

root = typer.Typer()
root.add_typer(clusters_app, name="clusters")
runner = CliRunner()


@pytest.fixture
def csv_in(tmp_path: Path) -> Path:
    f = tmp_path / "emp.csv"
    uscmp_world().to_csv(f, index=False)
    return f


def test_compute_uscmp_writes_flags(csv_in: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    r = runner.invoke(root, ["clusters", "compute", "--input", str(csv_in), "--method", "uscmp", "--out", str(out)])
    assert r.exit_code == 0, r.output
    t = pd.read_csv(out)
    assert len(t) == 15
    assert {"region", "category", "year", "employment", "lq", "strong", "strong10"} <= set(t.columns)
    # the hand-computed strong clusters of test_stars.test_uscmp_known_answer
    assert set(map(tuple, t.loc[t["strong"], ["region", "category"]].values)) == {
        ("R1", "t1"), ("R5", "t1"), ("R2", "t2")}


@pytest.mark.parametrize("ext", [".parquet", ".xlsx"])
def test_compute_eco2007_other_formats(csv_in: Path, tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"out{ext}"
    r = runner.invoke(root, ["clusters", "compute", "-i", str(csv_in), "--method", "eco2007", "--out", str(out)])
    assert r.exit_code == 0, r.output
    t = read_table(out)
    assert {"stars", "star_size", "tier"} <= set(t.columns) and len(t) == 15


def test_views_and_relatedness_commands(csv_in: Path, tmp_path: Path) -> None:
    for args in (["portfolio", "--region", "R1"], ["sector", "--category", "t1"], ["compare", "R1", "R2"],
                 ["related"], ["bridges", "--region", "R1", "--opportunities", "--method", "uscmp"]):
        out = tmp_path / f"{args[0]}.csv"
        r = runner.invoke(root, ["clusters", args[0], "--input", str(csv_in), *args[1:], "--out", str(out)])
        assert r.exit_code == 0, (args, r.output)
        assert len(pd.read_csv(out)) > 0
    p = pd.read_csv(tmp_path / "portfolio.csv")
    assert set(p["region"]) == {"R1"} and len(p) == 3


def test_external_relatedness_and_user_preset(csv_in: Path, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    write_table(pd.DataFrame({"a": ["t1"], "b": ["t2"], "v": [1.0]}), pairs)
    out = tmp_path / "b.csv"
    r = runner.invoke(root, ["clusters", "bridges", "-i", str(csv_in), "--region", "R3", "--matrix", str(pairs),
                             "--pair-columns", "a,b,v", "--min-relatedness", "1", "--out", str(out)])
    assert r.exit_code == 0, r.output
    # eco2007: R3 has no starred cluster (LQ 1.5 in t1 and t2, never the largest nor the most focused)
    assert len(pd.read_csv(out)) == 0
    preset = tmp_path / "p.yaml"
    preset.write_text("name: big\nversion: '1'\ntitle: t\ndescription: d\nsources: [{citation: 'Me (2024), notes'}]\n"
                      "stars:\n  - {name: big, description: d, all_of: [{kind: threshold, metric: employment,"
                      " value: 40}]}\n")
    r = runner.invoke(root, ["clusters", "compute", "-i", str(csv_in), "--method", str(preset)])
    assert r.exit_code == 0, r.output
    assert "star_big" in r.output


def test_unknown_method_is_reported(csv_in: Path) -> None:
    r = runner.invoke(root, ["clusters", "compute", "-i", str(csv_in), "--method", "nope"])
    assert r.exit_code != 0
    assert "eco2007, eocic, uscmp" in str(r.exception)
