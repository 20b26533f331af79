"""Stakeholder-survey answers turned into regional indicators.

Part of the scoreboard's framework conditions (ease of starting a business, collaboration culture,
investors' attitudes …) has no official statistic; the scoreboard asks regional stakeholders instead. A
regional mean of a handful of answers is noise, so a region × question mean is published only when at least
``min_respondents`` distinct respondents answered; below that it is missing and listed in ``suppressed``, never
silently zero. Because perception data are the least robust part of the scoreboard, they can be removed
altogether as a robustness variant (:func:`exclude_survey_indicators`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.scoreboard.framework import SURVEY_SOURCE_TYPES, Framework

ANSWER_COLUMNS = ("respondent", "role", "region", "question", "answer")
DEFAULT_MIN_RESPONDENTS = 5
STATUS_OK = "ok"
STATUS_TOO_FEW = "too_few_respondents"


@dataclass(frozen=True)
class SurveyIndicators:
    """Regional survey indicators and the evidence behind them.

    ``values``: regions × indicator codes (mean answer; NaN where suppressed). ``counts``: regions × indicator
    codes, distinct respondents. ``table``: long, one row per region × question (region, question, indicator,
    n_respondents, mean, sd, status). ``suppressed``: the mapped rows of ``table`` below the minimum.
    """

    values: pd.DataFrame
    counts: pd.DataFrame
    table: pd.DataFrame
    suppressed: pd.DataFrame
    min_respondents: int


def clean_answers(answers: pd.DataFrame, *, scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Validate raw answers; return them with ``answer`` as float (blank / "don't know" → NaN = not answered).

    Errors name the offending rows (1-based, header = row 1, as in the CSV file): missing columns, empty
    keys, answers off the Likert scale or not whole numbers, a respondent answering one question twice.
    """
    missing = [c for c in ANSWER_COLUMNS if c not in answers.columns]
    if missing:
        raise ValidationError(
            "survey answers lack columns: " + ", ".join(missing),
            hint="expected columns: " + ", ".join(ANSWER_COLUMNS),
        )
    df = answers[list(ANSWER_COLUMNS)].copy().reset_index(drop=True)
    for key in ("respondent", "region", "question"):
        empty = df[key].isna() | (df[key].astype(str).str.strip() == "")
        if empty.any():
            rows = ", ".join(str(i + 2) for i in np.flatnonzero(empty)[:10])
            raise ValidationError(f"empty '{key}' in rows {rows}", field=key)
        df[key] = df[key].astype(str).str.strip()
    df["role"] = df["role"].fillna("").astype(str).str.strip()
    value = pd.to_numeric(df["answer"], errors="coerce").astype(float)
    lo, hi = scale
    off = value.notna() & ((value < lo) | (value > hi) | (value != np.round(value)))
    if off.any():
        rows = ", ".join(str(i + 2) for i in np.flatnonzero(off)[:10])
        raise ValidationError(
            f"answers off the Likert scale {lo}..{hi} (whole numbers) in rows {rows}",
            field="answer",
            hint="code 'don't know' and refusals as empty cells",
        )
    df["answer"] = value
    dup = df.duplicated(["respondent", "question"], keep=False)
    if dup.any():
        pairs = sorted({f"{r}/{q}" for r, q in df.loc[dup, ["respondent", "question"]].itertuples(index=False)})
        raise ValidationError(
            "respondents answering the same question more than once: " + ", ".join(pairs[:10]),
            field="respondent",
        )
    return df


def aggregate_survey(
    answers: pd.DataFrame,
    question_map: Mapping[str, str],
    *,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    scale: tuple[int, int] = (1, 5),
    roles: frozenset[str] | None = None,
    framework: Framework | None = None,
) -> SurveyIndicators:
    """Mean answer and respondent count per region × question, mapped to indicator codes.

    ``question_map`` maps question ids to indicator codes one to one (questions not in it are kept in
    ``table`` with an empty indicator). With ``framework`` the targets must be its survey indicators.
    ``roles`` keeps only respondents with those roles (e.g. firms only). ``sd`` is the sample sd (n − 1).
    """
    if min_respondents < 1:
        raise ValidationError(f"min_respondents must be at least 1, got {min_respondents}")
    targets = list(question_map.values())
    dup_targets = sorted({t for t in targets if targets.count(t) > 1})
    if dup_targets:
        raise ValidationError(
            "several questions map to the same indicator: " + ", ".join(dup_targets),
            hint="map each question to its own indicator",
        )
    if framework is not None:
        wrong = sorted(
            t for t in targets if t not in framework or not framework.element(t).is_survey
        )
        if wrong:
            raise ValidationError(
                "question map targets that are not survey indicators of the framework: " + ", ".join(wrong)
            )
    df = clean_answers(answers, scale=scale)
    if roles is not None:
        df = df[df["role"].isin(roles)]
    df = df[df["answer"].notna()]
    grouped = df.groupby(["region", "question"], sort=True)["answer"]
    table = pd.DataFrame(
        {"n_respondents": grouped.size(), "mean": grouped.mean(), "sd": grouped.std(ddof=1)}
    ).reset_index()
    table["indicator"] = table["question"].map(dict(question_map)).fillna("")
    table["status"] = np.where(table["n_respondents"] >= min_respondents, STATUS_OK, STATUS_TOO_FEW)
    table = table[["region", "question", "indicator", "n_respondents", "mean", "sd", "status"]]
    mapped = table[table["indicator"] != ""]
    published = mapped["mean"].where(mapped["status"] == STATUS_OK)
    values = (
        mapped.assign(value=published)
        .pivot(index="region", columns="indicator", values="value")
        .reindex(columns=targets)
    )
    counts = (
        mapped.pivot(index="region", columns="indicator", values="n_respondents")
        .reindex(columns=targets)
        .fillna(0)
        .astype(int)
    )
    for frame in (values, counts):
        frame.columns.name = None
        frame.index.name = "uCode"
    suppressed = mapped[mapped["status"] != STATUS_OK].reset_index(drop=True)
    return SurveyIndicators(
        values=values.astype(float),
        counts=counts,
        table=table.reset_index(drop=True),
        suppressed=suppressed,
        min_respondents=min_respondents,
    )


def survey_indicators(framework: Framework, *, kinds: frozenset[str] = SURVEY_SOURCE_TYPES) -> list[str]:
    """Indicators whose source type is one of ``kinds`` (default: stakeholder and external surveys)."""
    return [c for c in framework.indicators if framework.element(c).source_type in kinds]


def exclude_survey_indicators(
    framework: Framework,
    data: pd.DataFrame | None = None,
    *,
    kinds: frozenset[str] = SURVEY_SOURCE_TYPES,
) -> tuple[Framework, pd.DataFrame | None, list[str]]:
    """The robustness variant without survey indicators: (framework, data without them, removed codes).

    Sub-dimensions or dimensions left with no indicator disappear from the framework (and so from every
    mean above them) rather than scoring zero.
    """
    removed = survey_indicators(framework, kinds=kinds)
    reduced = framework.without(removed)
    out = None if data is None else data.drop(columns=[c for c in removed if c in data.columns])
    dropped_aggregates = [c for c in framework.codes() if c not in reduced and c not in removed]
    return reduced, out, removed + dropped_aggregates


__all__ = [
    "ANSWER_COLUMNS",
    "DEFAULT_MIN_RESPONDENTS",
    "STATUS_OK",
    "STATUS_TOO_FEW",
    "SurveyIndicators",
    "aggregate_survey",
    "clean_answers",
    "exclude_survey_indicators",
    "survey_indicators",
]
