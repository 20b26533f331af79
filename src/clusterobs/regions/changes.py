"""The NUTS change tables as one canonical correspondence between two versions.

Eurostat publishes each revision as a table of (old code, new code, kind of change). We keep it in the
store's ``region_changes`` layout and answer, per old code, "what became of it?": carried over unchanged,
renamed or recoded (same territory, safe to relabel), or changed in its territory (boundary change,
discontinued: needs a rule). For codes that did not simply carry over we also suggest *successors*, the new
codes that took over some of the territory, from three clues: the table's own target code, codes named in
the comments ("now part of NO082", "merge of ex-NO021 and NO022") and, for coarser levels, the parents of
where the children went. Suggestions help a user write a rule; they are never applied silently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from clusterobs.errors import InputError

#: Canonical kinds of change, least to most severe.
CHANGE_KINDS: tuple[str, ...] = ("unchanged", "renamed", "recoded", "boundary_change", "discontinued", "new")
#: Kinds that keep the territory, so data can be relabelled without a rule.
CARRY_OVER: frozenset[str] = frozenset({"unchanged", "renamed", "recoded"})
#: NUTS versions in time order; conversion runs forwards along it.
VERSIONS: tuple[str, ...] = ("2013", "2016", "2021")

CHANGE_COLUMNS: tuple[str, ...] = (
    "from_version", "to_version", "code_from", "code_to", "level", "country", "change", "comment",
)

_TOKEN = re.compile(r"\b[A-Z]{2}[0-9A-Z]{1,3}\b")
_SEVERITY = {k: i for i, k in enumerate(CHANGE_KINDS)}


@dataclass(frozen=True)
class CodeFate:
    """What became of one old code: its (most severe) change, its direct new codes and suggested successors."""

    code: str
    change: str
    targets: tuple[str, ...]
    successors: tuple[str, ...]
    comment: str


class Correspondence:
    """The change table of one step (e.g. NUTS 2016 → 2021), indexed by old code."""

    def __init__(self, changes: pd.DataFrame, from_version: str, to_version: str) -> None:
        missing = [c for c in CHANGE_COLUMNS if c not in changes.columns]
        if missing:
            raise InputError(f"a change table lacks columns {missing}", hint="give " + ", ".join(CHANGE_COLUMNS))
        df = changes[(changes["from_version"].astype(str) == from_version)
                     & (changes["to_version"].astype(str) == to_version)]
        if df.empty:
            raise InputError(f"no NUTS change table from {from_version} to {to_version} is loaded",
                             hint=f"load nuts{from_version}_{to_version}_changes.csv with "
                             "'clusterobs ingest nuts --changes FILE'")
        self.from_version = from_version
        self.to_version = to_version
        unknown = sorted(set(df["change"]) - set(CHANGE_KINDS))
        if unknown:
            raise InputError(f"unknown change kinds {unknown} in the {from_version}→{to_version} table",
                             hint="use one of: " + ", ".join(CHANGE_KINDS))
        rows = [
            (_code(r.code_from), _code(r.code_to), int(str(r.level)), str(r.change), str(r.comment or ""))
            for r in df.itertuples(index=False)
        ]
        self.old_codes: frozenset[str] = frozenset(f for f, *_ in rows if f)
        self.new_codes: frozenset[str] = frozenset(t for _, t, *_ in rows if t)
        self._level = {c: lv for f, t, lv, *_ in rows for c in (f, t) if c}
        by_old: dict[str, list[tuple[str | None, str, str]]] = defaultdict(list)
        named_successors: dict[str, set[str]] = defaultdict(set)
        for f, t, _lv, change, comment in rows:
            if f:
                by_old[f].append((t, change, comment))
                named_successors[f].update(self._tokens(comment, self.new_codes, exclude=f))
            elif t:  # a new code names the old codes it was made from
                for old in self._tokens(comment, self.old_codes, exclude=t):
                    named_successors[old].add(t)
        self._fates: dict[str, CodeFate] = {}
        for level in (3, 2, 1, 0):  # children first, so parents can use where their children went
            for code in sorted(c for c in by_old if self._level[c] == level):
                entries = by_old[code]
                change = max((e[1] for e in entries), key=_SEVERITY.__getitem__)
                targets = tuple(sorted({t for t, _, _ in entries if t}))
                succ = set(targets) | {s for s in named_successors[code] if self._level.get(s) == level}
                if change not in CARRY_OVER:
                    for child in self._children(code, by_old):
                        succ.update(s[:-1] for s in self._fates[child].successors if s[:-1] in self.new_codes)
                comment = "; ".join(sorted({c for _, _, c in entries if c}))
                self._fates[code] = CodeFate(code, change, targets, tuple(sorted(succ)), comment)

    def fate(self, code: str) -> CodeFate | None:
        """What became of ``code``; None when the old version has no such code."""
        return self._fates.get(code)

    def _children(self, code: str, by_old: dict[str, list[tuple[str | None, str, str]]]) -> list[str]:
        return [c for c in by_old if len(c) == len(code) + 1 and c.startswith(code) and c in self._fates]

    @staticmethod
    def _tokens(comment: str, universe: frozenset[str], *, exclude: str) -> set[str]:
        return {t for t in _TOKEN.findall(comment) if t in universe and t != exclude}


def _code(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    s = str(value).strip()
    return s or None


def version_steps(from_version: str, to_version: str) -> list[tuple[str, str]]:
    """The single steps from one NUTS version to a later one (2013→2021 is 2013→2016, 2016→2021)."""
    for v in (from_version, to_version):
        if v not in VERSIONS:
            raise InputError(f"unknown NUTS version '{v}'", hint="use one of: " + ", ".join(VERSIONS))
    i, j = VERSIONS.index(from_version), VERSIONS.index(to_version)
    if j < i:
        raise InputError(f"cannot convert backwards from NUTS {from_version} to {to_version}",
                         hint="conversion runs forwards in time (2013 → 2016 → 2021)")
    return [(VERSIONS[k], VERSIONS[k + 1]) for k in range(i, j)]


__all__ = ["CARRY_OVER", "CHANGE_COLUMNS", "CHANGE_KINDS", "VERSIONS", "CodeFate", "Correspondence",
           "version_steps"]
