"""Survey answers → store facts: means, respondent counts, the minimum-respondents rule; and the no-survey variant."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from clusterobs.cli import app
from clusterobs.errors import ValidationError
from clusterobs.ingest.survey import survey_batch
from clusterobs.scoreboard import compute_scores, exclude_survey_indicators, load_framework
from clusterobs.services.scoreboard import ScoreboardService
from clusterobs.store import Store

ANSWERS = """respondent,role,region,question,answer,indicator
r1,firm,AT11,q1,4,ind3
r2,firm,AT11,q1,5,ind3
r3,research,AT11,q1,3,ind3
r1,firm,AT11,q2,2,ind4
r2,firm,AT11,q2,,ind4
r3,research,AT11,q2,1,ind4
r4,firm,AT12,q1,2,ind3
r4,firm,AT12,q2,5,ind4
r5,firm,AT11,q9,3,
"""


def test_means_counts_and_withheld_values(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS)
    batch, result = survey_batch(path, year=2023, min_respondents=2)
    facts = batch.tables["facts"].set_index(["region", "indicator"])
    assert facts.loc[("AT11", "ind3"), "value"] == pytest.approx((4 + 5 + 3) / 3)
    assert facts.loc[("AT11", "ind4"), "value"] == pytest.approx((2 + 1) / 2)  # a blank is not an answer
    assert facts.loc[("AT11", "ind3_respondents"), "value"] == 3
    assert facts.loc[("AT11", "ind4_respondents"), "value"] == 2
    # AT12: one respondent, below the minimum of two: withheld with flag 'n', never a value
    assert math.isnan(facts.loc[("AT12", "ind3"), "value"]) and facts.loc[("AT12", "ind3"), "flag"] == "n"
    assert facts.loc[("AT12", "ind3_respondents"), "value"] == 1
    assert "q9" not in set(result.values.columns)  # unmapped question: kept in the table, not an indicator
    assert len(result.suppressed) == 2


def test_cli_writes_once_and_a_map_must_target_survey_indicators(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS)
    store = tmp_path / "s.duckdb"
    args = ["ingest", "survey", str(path), "--year", "2023", "--min-respondents", "2", "--store", str(store)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "withheld" in res.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "nothing changed" in again.output
    with Store(store, read_only=True) as st:
        assert st.query("SELECT count(*) AS n FROM facts WHERE dataset = 'survey'")["n"][0] == 8
    with pytest.raises(ValidationError, match="ind50"):
        survey_batch(path, year=2023, question_map={"q1": "ind50"})  # GDP is not a survey indicator


def test_no_survey_variant_drops_perception_indicators(demo_store: Store) -> None:
    full = ScoreboardService(demo_store)
    variant = ScoreboardService(demo_store, exclude_survey=True)
    reduced, data, removed = exclude_survey_indicators(load_framework(), full.inputs.data)
    assert variant.excluded == removed and "ind3" in removed
    assert "ind3" not in variant.scores.columns
    expected = compute_scores(reduced, data)
    pd.testing.assert_series_equal(variant.scores["p1"], expected["p1"], check_names=False)
    assert not variant.scores["RES"].equals(full.scores["RES"])
