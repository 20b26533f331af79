"""Survey answers → regional indicators: hand-computed means, counts and the minimum-respondents rule."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterobs.errors import FileFormatError, ValidationError
from clusterobs.scoreboard.compute import compute_scores
from clusterobs.scoreboard.framework import Framework
from clusterobs.scoreboard.io import read_survey_csv
from clusterobs.scoreboard.survey import aggregate_survey, clean_answers, exclude_survey_indicators

pytestmark = pytest.mark.core

ANSWERS = pd.DataFrame(
    [
        # R1: q1 answered 4, 5, 3 by three people -> mean 4, sd 1, n 3
        ("a", "firm", "R1", "q1", "4"), ("b", "university", "R1", "q1", "5"), ("c", "firm", "R1", "q1", "3"),
        # R2: two valid answers (2, 4) and one "don't know" -> n 2, below the minimum of 3
        ("d", "firm", "R2", "q1", "2"), ("e", "public", "R2", "q1", "4"), ("f", "firm", "R2", "q1", "don't know"),
        # q2 is not mapped to an indicator
        ("a", "firm", "R1", "q2", "1"),
    ],
    columns=["respondent", "role", "region", "question", "answer"],
)


def test_means_counts_and_minimum_rule() -> None:
    res = aggregate_survey(ANSWERS, {"q1": "b"}, min_respondents=3)
    assert res.values.loc["R1", "b"] == pytest.approx(4.0)
    assert np.isnan(res.values.loc["R2", "b"])
    assert res.counts.loc["R1", "b"] == 3 and res.counts.loc["R2", "b"] == 2
    row = res.table.set_index(["region", "question"]).loc[("R1", "q1")]
    assert row["sd"] == pytest.approx(1.0) and row["status"] == "ok"
    assert list(res.suppressed[["region", "question", "n_respondents"]].itertuples(index=False, name=None)) == [
        ("R2", "q1", 2)
    ]
    unmapped = res.table[res.table["question"] == "q2"]
    assert list(unmapped["indicator"]) == [""]
    assert "q2" not in res.values.columns


def test_minimum_met_exactly_publishes() -> None:
    res = aggregate_survey(ANSWERS, {"q1": "b"}, min_respondents=2)
    assert res.values.loc["R2", "b"] == pytest.approx(3.0)  # (2 + 4) / 2
    assert res.suppressed.empty


def test_role_filter() -> None:
    res = aggregate_survey(ANSWERS, {"q1": "b"}, min_respondents=1, roles=frozenset({"firm"}))
    assert res.values.loc["R1", "b"] == pytest.approx(3.5)  # a=4, c=3
    assert res.counts.loc["R2", "b"] == 1


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (("answer", 0, "6"), "off the Likert scale 1..5 .* rows 2"),
        (("answer", 1, "4.5"), "rows 3"),
        (("respondent", 2, "a"), "more than once: a/q1"),
        (("region", 3, " "), "empty 'region' in rows 5"),
    ],
)
def test_bad_answers_are_named(edit: tuple[str, int, str], needle: str) -> None:
    col, row, value = edit
    bad = ANSWERS.copy()
    bad.loc[row, col] = value
    with pytest.raises(ValidationError, match=needle):
        clean_answers(bad)


def test_bad_arguments(toy_framework: Framework) -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        aggregate_survey(ANSWERS, {"q1": "b"}, min_respondents=0)
    with pytest.raises(ValidationError, match="same indicator: b"):
        aggregate_survey(ANSWERS, {"q1": "b", "q2": "b"})
    with pytest.raises(ValidationError, match="not survey indicators of the framework: a"):
        aggregate_survey(ANSWERS, {"q1": "a"}, framework=toy_framework)
    with pytest.raises(ValidationError, match="lack columns: role"):
        clean_answers(ANSWERS.drop(columns="role"))


def test_exclude_survey_indicators(toy_framework: Framework) -> None:
    data = pd.DataFrame({"a": [0, 10], "b": [1, 3], "d": [1, 2], "e": [5, 6]}, index=["U1", "U2"])
    fw, reduced, removed = exclude_survey_indicators(toy_framework, data)
    assert removed == ["b", "d", "c2"]  # b stakeholder, d external survey; c2 is left empty
    assert fw.indicators == ["a", "e"] and "c2" not in fw
    assert reduced is not None and list(reduced.columns) == ["a", "e"]
    s = compute_scores(fw, reduced)
    np.testing.assert_allclose(s["T"], [0.0, 1.0])  # p1 = c1 = a; p2 = c3 = e


def test_exclude_only_stakeholder_kind(toy_framework: Framework) -> None:
    fw, _, removed = exclude_survey_indicators(toy_framework, kinds=frozenset({"stakeholder_survey"}))
    assert removed == ["b"] and fw.indicators == ["a", "d", "e"]


def test_res_framework_survey_variant_keeps_all_dimensions(res_framework: Framework) -> None:
    fw, _, removed = exclude_survey_indicators(res_framework)
    assert fw.codes(3) == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert "ind9" in removed and "ind57" in removed and "ind60" in fw.indicators


def test_read_survey_csv(tmp_path: Path) -> None:
    p = tmp_path / "answers.csv"
    ANSWERS.to_csv(p, index=False)
    back = read_survey_csv(p)
    assert back["answer"].tolist()[:3] == ["4", "5", "3"]
    (tmp_path / "bad.csv").write_text("respondent,region\nx,R1\n")
    with pytest.raises(FileFormatError, match="missing columns: role, question, answer"):
        read_survey_csv(tmp_path / "bad.csv")
