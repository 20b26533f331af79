"""Scorecard layout (by hand on the toy), XLSX colours, and a golden file on a synthetic world."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from clusterobs.errors import ValidationError
from clusterobs.scoreboard.compute import compute_scores
from clusterobs.scoreboard.elements import element_table
from clusterobs.scoreboard.framework import Framework
from clusterobs.scoreboard.io import XLSX_FILLS, load_peer_blocks, write_csv, write_scorecard_xlsx
from clusterobs.scoreboard.peers import find_peers
from clusterobs.scoreboard.scorecard import SCORECARD_COLUMNS, scorecard

pytestmark = pytest.mark.core

GOLDEN_REGION = "AT11"


def _toy_card(fw: Framework) -> pd.DataFrame:
    scores = pd.DataFrame(
        {c: [0.0, 0.5, 1.0, 0.25] for c in fw.codes()}, index=["R0", "P1", "P2", "P3"]
    )
    return scorecard(fw, element_table(fw, scores, "R0", ["P1", "P2", "P3"]))


def test_layout_by_dimension_blocks(toy_framework: Framework) -> None:
    card = _toy_card(toy_framework)
    assert tuple(card.columns) == SCORECARD_COLUMNS
    assert "EU mean" in card.columns
    assert card["code"].tolist() == ["T", "p1", "c1", "a", "b", "c2", "d", "p2", "c3", "e"]
    assert card["block"].tolist() == ["T", "p1", "p1", "p1", "p1", "p1", "p1", "p2", "p2", "p2"]
    # R0 = 0 everywhere; peers .5, 1, .25: mean 7/12, sd = 0.381881... -> red; EU mean 7/16; rank 4/4
    assert (card["peer status"] == "red").all()
    assert card["EU mean"].tolist() == pytest.approx([7 / 16] * 10)
    assert card["peer mean"].tolist() == pytest.approx([7 / 12] * 10)
    assert (card["rank"] == "4/4").all()


def test_layout_needs_complete_table(toy_framework: Framework) -> None:
    scores = pd.DataFrame({c: [0.0, 1.0] for c in toy_framework.codes()}, index=["R0", "P1"])
    el = element_table(toy_framework, scores, "R0", ["P1"])
    with pytest.raises(ValidationError, match="lacks elements: e"):
        scorecard(toy_framework, el[el["code"] != "e"])
    with pytest.raises(ValidationError, match="lacks columns: colour"):
        scorecard(toy_framework, el.drop(columns="colour"))


def test_xlsx_cells_coloured(toy_framework: Framework, tmp_path: Path) -> None:
    card = _toy_card(toy_framework)
    path = write_scorecard_xlsx(card, tmp_path / "card.xlsx", region="R0")
    ws = load_workbook(path).active
    assert ws is not None and ws.title == "Scorecard R0"
    header = [c.value for c in ws[1]]
    assert header == list(SCORECARD_COLUMNS)
    status_col = header.index("peer status") + 1
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(r, status_col)
        assert cell.value == "red"
        assert cell.fill.start_color.rgb.endswith(XLSX_FILLS["red"])
    assert ws.cell(2, 1).font.bold  # index row
    assert ws.cell(2, header.index("value") + 1).value == 0
    assert ws.max_row == len(card) + 1


def test_csv_fixed_rounding(toy_framework: Framework, tmp_path: Path) -> None:
    text = write_csv(_toy_card(toy_framework), tmp_path / "c.csv", decimals=6).read_text()
    assert text.splitlines()[0] == "block,code,element,level,value,rank,EU mean,peer mean,peer status"
    assert text.splitlines()[1] == "T,T,Toy index,index,0.000000,4/4,0.437500,0.583333,red"


def golden_inputs(world: tuple[pd.DataFrame, pd.DataFrame], fw: Framework) -> pd.DataFrame:
    raw, structural = world
    scores = compute_scores(fw, raw)
    peers = find_peers(structural, load_peer_blocks(), GOLDEN_REGION, k=5)
    return element_table(fw, scores, GOLDEN_REGION, peers.peers)


def test_golden_scorecard(
    world: tuple[pd.DataFrame, pd.DataFrame], res_framework: Framework,
    snapshot: Callable[[pd.DataFrame, str], None],
) -> None:
    card = scorecard(res_framework, golden_inputs(world, res_framework))
    assert len(card) == 1 + 6 + 17 + 58
    assert set(card["peer status"]) <= {"green", "orange", "red", "grey"}
    assert np.isfinite(card.loc[card["code"] == "RES", "value"]).all()
    snapshot(card, "out.csv")


def test_golden_peers(world: tuple[pd.DataFrame, pd.DataFrame], snapshot: Callable[[pd.DataFrame, str], None]) -> None:
    _, structural = world
    res = find_peers(structural, load_peer_blocks(), GOLDEN_REGION, k=5)
    assert len(res.peers) == 5 and GOLDEN_REGION not in res.peers
    assert res.table["distance"].is_monotonic_increasing
    snapshot(res.table, "out.csv")
