"""Check a table of facts against the store's region registry and industry taxonomy before it is written.

Every loader ends here, so a bad file is refused the same way whatever its format: all rules are checked
(vectorised, once per rule), and one :class:`~clusterobs.errors.ValidationError` describes the first
offending line fully and counts the others. Nothing is written before this passes.

Codes are only checked where the store can judge them: regions only for countries whose regions the store
holds (so a store with Austria alone accepts any French code), industries only once a NACE taxonomy is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.ingest.tabular import LINE

if TYPE_CHECKING:
    from clusterobs.store import Store

#: Canonical fact columns, in store order.
FACT_COLUMNS = ("dataset", "region", "industry", "indicator", "year", "value", "unit", "flag")
KEY_COLUMNS = ("dataset", "region", "industry", "indicator", "year")
#: Column a loader may add holding the raw text of a value that is not a number.
INVALID = "_invalid"

#: Eurostat geographic aggregates that are not NUTS regions but appear in regional tables.
REGION_AGGREGATES = frozenset({
    "EU", "EU15", "EU25", "EU27_2007", "EU27_2020", "EU28", "EA", "EA11", "EA12", "EA13", "EA15", "EA16",
    "EA17", "EA18", "EA19", "EA20", "EFTA", "EEA", "EEA30_2007", "EU27_2020_EFTA",
})
#: Eurostat NACE aggregates written without a range; ranges such as ``B-N_S95_X_K`` are checked part by part.
NACE_AGGREGATES = frozenset({"TOTAL", "X"})
#: Units of counts: a negative value in one of these is an error.
COUNT_UNITS = frozenset({"NR", "THS", "THS_PER", "PER", "PERS", "THS_NR", "persons", "number", "enterprises",
                         "firms", "employees", "count"})

_NACE_PART = re.compile(r"[-_]")


@dataclass(frozen=True)
class Registry:
    """The codes a store knows: NUTS codes of any version (including change-table codes) and NACE codes."""

    regions: frozenset[str] = frozenset()
    nace: frozenset[str] = frozenset()

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(c[:2] for c in self.regions)

    @classmethod
    def from_store(cls, store: Store) -> Registry:
        regions = store.query(
            "SELECT code FROM regions UNION SELECT code_from FROM region_changes WHERE code_from IS NOT NULL "
            "UNION SELECT code_to FROM region_changes WHERE code_to IS NOT NULL"
        )
        nace = store.query("SELECT code FROM industries WHERE scheme = 'nace_r2'")
        return cls(regions=frozenset(regions.iloc[:, 0].astype(str)), nace=frozenset(nace.iloc[:, 0].astype(str)))

    def known_region(self, code: str) -> bool:
        return code in self.regions or code in REGION_AGGREGATES or code[:2] not in self.countries

    def known_nace(self, code: str) -> bool:
        """A NACE code or a Eurostat aggregate whose parts are all known (``B-N_S95_X_K``, ``C10-C12``)."""
        if not self.nace or code in self.nace or code in NACE_AGGREGATES:
            return True
        parts = [p for p in _NACE_PART.split(code) if p]
        return len(parts) > 1 and all(p in self.nace or p in NACE_AGGREGATES for p in parts)


@dataclass(frozen=True)
class Problem:
    """One broken rule: where it first occurs, and how many rows break it."""

    line: int | None
    field: str
    message: str
    hint: str
    count: int


def _first(frame: pd.DataFrame, mask: pd.Series, field: str, message: str, hint: str) -> list[Problem]:
    n = int(mask.sum())
    if n == 0:
        return []
    row = frame.loc[mask].iloc[0]
    line = int(row[LINE]) if LINE in frame.columns else None
    return [Problem(line, field, message.format(**{k: row[k] for k in frame.columns if isinstance(k, str)}),
                    hint, n)]


def check_facts(facts: pd.DataFrame, registry: Registry,
                count_units: frozenset[str] = COUNT_UNITS) -> list[Problem]:
    """All rule violations in ``facts``, one :class:`Problem` per rule, sorted by line."""
    out: list[Problem] = []
    f = facts
    if INVALID in f.columns:
        out += _first(f, f[INVALID].notna(), "value", "value {_invalid!r} is not a number",
                      "write numbers with a dot for decimals; leave the cell empty (or ':') when missing", )
    year = pd.to_numeric(f["year"], errors="coerce")
    bad_year = year.isna() | (year % 1 != 0) | (year < 1800) | (year > 2200)
    out += _first(f, bad_year, "year", "year {year!r} is not a calendar year",
                  "years are integers such as 2015; only annual data can be loaded")
    out += _first(f, f["region"].astype(str).str.strip() == "", "region", "region code is empty",
                  "every fact needs a NUTS code (or an aggregate such as EU27_2020)")
    uniq = pd.unique(f["region"].astype(str))
    unknown = {c for c in uniq if c and not registry.known_region(c)}
    if unknown:
        out += _first(f, f["region"].isin(unknown), "region", "unknown region code '{region}'",
                      "use a NUTS code of the store's registry (2013, 2016 or 2021) or a Eurostat aggregate; "
                      "load the NUTS registry first if it is missing")
    codes = pd.unique(f["industry"].astype(str))
    unknown = {c for c in codes if c and not registry.known_nace(c)}
    if unknown:
        out += _first(f, f["industry"].isin(unknown), "industry", "unknown NACE code '{industry}'",
                      "use NACE Rev.2 codes in Eurostat form without dots: C, C10, C101, C1011")
    value = pd.to_numeric(f["value"], errors="coerce")
    out += _first(f, (value < 0) & f["unit"].isin(count_units), "value",
                  "negative value {value} for a count (unit {unit})", "counts cannot be negative; check the sign")
    dup = f.duplicated(list(KEY_COLUMNS), keep="first")
    if dup.any():
        row = f.loc[dup].iloc[0]
        same = np.logical_and.reduce([f[k] == row[k] for k in KEY_COLUMNS])
        first_line = int(f.loc[same, LINE].iloc[0]) if LINE in f.columns else None
        where = f" (first seen on line {first_line})" if first_line is not None else ""
        out += _first(f, dup, "region",
                      "duplicate key: region {region}, industry {industry!r}, indicator {indicator}, "
                      "year {year}" + where,
                      "each region × industry × indicator × year may appear once; remove the repeated row")
    return sorted(out, key=lambda p: (p.line if p.line is not None else 0))


def raise_problems(problems: list[Problem], path: str | Path) -> None:
    """Raise one :class:`ValidationError` for the first problem, counting the rest."""
    if not problems:
        return
    first = problems[0]
    further = sum(p.count for p in problems) - 1
    more = f" ({further} further problem(s) in this file)" if further else ""
    raise ValidationError(first.message + more, path=path, line=first.line, field=first.field, hint=first.hint)


def validate_facts(facts: pd.DataFrame, registry: Registry, path: str | Path,
                   count_units: frozenset[str] = COUNT_UNITS) -> pd.DataFrame:
    """Check ``facts`` and return them in canonical form (store columns and types), or raise."""
    missing = [c for c in FACT_COLUMNS if c not in facts.columns]
    if missing:
        raise ValidationError(f"facts lack column(s) {', '.join(missing)}", path=path, field=missing[0],
                              hint="this is a loader bug; please report it")
    raise_problems(check_facts(facts, registry, count_units), path)
    return canonical(facts)


def canonical(facts: pd.DataFrame) -> pd.DataFrame:
    """The store's column order and types: strings, int year, float value (NaN when missing)."""
    out = pd.DataFrame({
        "dataset": facts["dataset"].astype(str).to_numpy(dtype=object),
        "region": facts["region"].astype(str).to_numpy(dtype=object),
        "industry": facts["industry"].astype(str).to_numpy(dtype=object),
        "indicator": facts["indicator"].astype(str).to_numpy(dtype=object),
        "year": pd.to_numeric(facts["year"]).astype("int64").to_numpy(),
        "value": pd.to_numeric(facts["value"], errors="coerce").astype("float64").to_numpy(),
        "unit": facts["unit"].astype(str).to_numpy(dtype=object),
        "flag": facts["flag"].astype(str).to_numpy(dtype=object),
    })
    return out
