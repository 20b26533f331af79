"""``clusterobs ingest survey``: stakeholder survey answers into regional scoreboard indicators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterobs.cli._common import StoreOption, open_store, out
from clusterobs.errors import InputError
from clusterobs.ingest.survey import survey_batch


def _scale(text: str) -> tuple[int, int]:
    lo, sep, hi = text.partition("-")
    if not sep or not lo.strip().isdigit() or not hi.strip().isdigit() or int(lo) >= int(hi):
        raise InputError(f"--scale {text!r} is not LOW-HIGH", hint="write e.g. --scale 1-5")
    return int(lo), int(hi)


def ingest_survey(
    file: Annotated[Path, typer.Argument(help="Answers CSV: respondent, role, region, question, answer "
                                         "[, indicator].", exists=True, dir_okay=False)],
    year: Annotated[int, typer.Option("--year", help="Year the survey describes.")],
    min_respondents: Annotated[int, typer.Option("--min-respondents", help="Fewer answers than this: the "
                                                 "regional value is withheld (flag 'n').")] = 5,
    scale: Annotated[str, typer.Option("--scale", help="Likert scale of the answers.")] = "1-5",
    mapping: Annotated[list[str] | None, typer.Option("--map", help="QUESTION=INDICATOR (repeatable); default: "
                                                      "the file's indicator column.")] = None,
    store: StoreOption = None,
) -> None:
    """Aggregate survey answers per region (mean, respondents, minimum-respondents rule) into the store.

    Example: clusterobs ingest survey answers.csv --year 2023 --min-respondents 5
    """
    qmap: dict[str, str] = {}
    for item in mapping or []:
        q, sep, ind = item.partition("=")
        if not sep or not q.strip() or not ind.strip():
            raise InputError(f"--map {item!r} is not QUESTION=INDICATOR", hint="write e.g. --map q1=ind3")
        qmap[q.strip()] = ind.strip()
    batch, result = survey_batch(file, year=year, question_map=qmap or None, min_respondents=min_respondents,
                                 scale=_scale(scale))
    with open_store(store) as st:
        ingest_id = st.write(batch)
    regions = result.table["region"].nunique()
    if ingest_id is None:
        out.print(f"{file}: already loaded with these options; nothing changed")
        return
    out.print(f"{file}: {len(result.values.columns)} survey indicators for {regions} regions (ingest {ingest_id}); "
              f"{len(result.suppressed)} region × question values withheld (fewer than {min_respondents} answers)")
