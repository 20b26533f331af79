"""Stakeholder survey answers → regional scoreboard indicators in the store.

The answers file has one row per respondent × question (respondent, role, region, question, answer; an
``indicator`` column may name the framework indicator each question measures, otherwise a question map is
given). The pure aggregation (:func:`clusterobs.scoreboard.aggregate_survey`: mean answer, respondent counts,
minimum-respondents rule) produces the values; this edge module turns them into one store batch: the mean as
indicator ``indN`` (missing with flag ``n`` where too few answered — never a number built on two opinions) and
the respondent count as ``indN_respondents``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.scoreboard import SurveyIndicators, aggregate_survey, load_framework, read_survey_csv
from clusterobs.store import Batch, file_checksum

DATASET = "survey"
#: Flag of a value withheld by the minimum-respondents rule.
FLAG_TOO_FEW = "n"


def question_map_from(answers: pd.DataFrame, given: Mapping[str, str] | None, path: Path) -> dict[str, str]:
    """The question → indicator map: the one given, else the answers' ``indicator`` column (blank = unmapped)."""
    if given:
        return dict(given)
    if "indicator" not in answers.columns:
        raise ValidationError("the answers name no indicator for their questions", path=path, line=1,
                              hint="add an 'indicator' column, or map questions with --map QUESTION=IND")
    pairs = answers.loc[answers["indicator"].fillna("") != "", ["question", "indicator"]].drop_duplicates()
    clashes = sorted(pairs.loc[pairs["question"].duplicated(), "question"])
    if clashes:
        raise ValidationError("questions mapped to more than one indicator: " + ", ".join(clashes), path=path,
                              field="indicator", hint="give every question one indicator")
    return dict(zip(pairs["question"], pairs["indicator"], strict=True))


def survey_facts(result: SurveyIndicators, *, year: int, unit: str) -> pd.DataFrame:
    """Long store facts: mean answers (flag 'n' when withheld) and respondent counts."""
    mapped = result.table[result.table["indicator"] != ""]
    ok = mapped["status"] == "ok"
    means = pd.DataFrame({
        "dataset": DATASET, "region": mapped["region"], "industry": "", "indicator": mapped["indicator"],
        "year": year, "value": mapped["mean"].where(ok), "unit": unit,
        "flag": ok.map({True: "", False: FLAG_TOO_FEW}),
    })
    counts = pd.DataFrame({
        "dataset": DATASET, "region": mapped["region"], "industry": "",
        "indicator": mapped["indicator"] + "_respondents", "year": year,
        "value": mapped["n_respondents"].astype(float), "unit": "respondents", "flag": "",
    })
    return pd.concat([means, counts], ignore_index=True)


def survey_batch(path: str | Path, *, year: int, question_map: Mapping[str, str] | None = None,
                 min_respondents: int = 5, scale: tuple[int, int] = (1, 5)) -> tuple[Batch, SurveyIndicators]:
    """Read, aggregate and check a survey file; the batch is written by the caller in one transaction."""
    p = Path(path)
    answers = read_survey_csv(p)
    qmap = question_map_from(answers, question_map, p)
    result = aggregate_survey(answers, qmap, min_respondents=min_respondents, scale=scale,
                              framework=load_framework())
    facts = survey_facts(result, year=year, unit=f"Likert mean ({scale[0]}-{scale[1]})")
    options = f";year={year};min={min_respondents};scale={scale[0]}-{scale[1]};map=" + ",".join(
        f"{q}={i}" for q, i in sorted(qmap.items()))
    batch = Batch(dataset=DATASET, kind="survey", source=str(p), checksum=file_checksum(p) + options,
                  tables={"facts": facts}, note="stakeholder survey, aggregated per region")
    return batch, result
