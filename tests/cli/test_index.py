"""`clusterobs index build` end to end on COINr's ASEM inputs against the JOSS expected file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from clusterobs.cli.index import app as index_app
from refdata import shared_file

pytestmark = pytest.mark.realdata

root = typer.Typer()
root.add_typer(index_app, name="index")


def test_build_default_matches_joss(shared_data: Path, tmp_path: Path) -> None:
    d = "composite/coinr_asem"
    idata = shared_file(shared_data, f"{d}/input_ASEM_iData.csv")
    res = CliRunner().invoke(root, ["index", "build", "--data", str(idata),
                                    "--meta", str(shared_file(shared_data, f"{d}/input_ASEM_iMeta.csv")),
                                    "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    scores = pd.read_csv(tmp_path / "scores.csv", index_col="uCode")
    ranks = pd.read_csv(tmp_path / "ranks.csv", index_col="uCode")
    exp = pd.read_csv(shared_file(shared_data, f"{d}/expected_joss_example_Aggregated_all_levels.csv"), index_col=0)
    assert set(scores.columns) == set(exp.columns) and list(scores.columns[:2]) == ["LPI", "Flights"]
    np.testing.assert_allclose(scores.loc[exp.index, exp.columns], exp, atol=1e-9)
    idx = pd.read_csv(shared_file(shared_data, f"{d}/expected_joss_example_raw_minmax_amean_index.csv"), index_col=0)
    assert (ranks.loc[idx.index, "Index"] == idx["Rank"]).all()


def test_build_with_run_file(shared_data: Path, tmp_path: Path) -> None:
    d = "composite/coinr_asem"
    run = tmp_path / "run.yaml"
    run.write_text("steps:\n  - step: denominate\n    dset: Raw\n  - step: impute\n    method: mean_group\n"
                   "    group: EurAsia_group\n  - step: screen\n    dat_thresh: 0.9\n  - step: treat\n"
                   "  - step: normalise\n  - step: aggregate\n")
    idata = shared_file(shared_data, f"{d}/input_ASEM_iData.csv")
    res = CliRunner().invoke(root, ["index", "build", "--data", str(idata),
                                    "--meta", str(shared_file(shared_data, f"{d}/input_ASEM_iMeta.csv")),
                                    "--run", str(run), "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    scores = pd.read_csv(tmp_path / "o" / "scores.csv", index_col="uCode")
    exp = pd.read_csv(shared_file(shared_data, f"{d}/expected_default_Aggregated.csv"), index_col=0)
    np.testing.assert_allclose(scores.loc[exp.index, exp.columns], exp, atol=1e-9)


def test_bad_run_file_is_a_clear_error(tmp_path: Path) -> None:
    run = tmp_path / "run.yaml"
    run.write_text("steps:\n  - step: normalise\n    method: nope\n")
    meta = tmp_path / "m.csv"
    meta.write_text("Level,iCode,Direction,Weight,Parent,Type\n1,x,1,1,I,Indicator\n2,I,1,1,,Aggregate\n")
    data = tmp_path / "d.csv"
    data.write_text("uCode,x\nA,1\nB,2\n")
    res = CliRunner().invoke(root, ["index", "build", "--data", str(data), "--meta", str(meta), "--run", str(run),
                                    "--out", str(tmp_path / "o")])
    assert res.exit_code != 0 and "unknown normalisation method 'nope'" in str(res.exception)
