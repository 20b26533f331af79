"""The indicator framework: a hierarchy indicator → … → index with directions, weights, denominators, targets.

A framework is validated once, when it is built (:func:`build_framework`), so that every later step can trust it.
It mirrors COINr's ``iMeta`` table: level 1 are indicators, higher levels aggregates whose ``parent`` points one
or more levels up; the element with no parent at the top level is the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from clusterobs.errors import ValidationError

INDICATOR = "Indicator"
AGGREGATE = "Aggregate"


@dataclass(frozen=True)
class Element:
    """One node of the hierarchy: an indicator (level 1) or an aggregate (level ≥ 2)."""

    code: str
    level: int
    parent: str | None = None
    name: str = ""
    direction: int = 1
    weight: float = 1.0
    type: str = INDICATOR
    denominator: str | None = None
    target: float | None = None
    goalposts: tuple[float, float] | None = None
    unit: str = ""


@dataclass(frozen=True)
class Framework:
    """A validated hierarchy; build it with :func:`build_framework` (or the readers in ``composite.io``).

    ``groups`` and ``denominators`` name the unit-level columns (COINr types ``Group`` and ``Denominator``) that
    travel beside the indicator data.
    """

    elements: tuple[Element, ...]
    groups: tuple[str, ...] = ()
    denominators: tuple[str, ...] = ()
    _by_code: dict[str, Element] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_code.update({e.code: e for e in self.elements})

    # --- look-ups -------------------------------------------------------------------------------------------
    def __getitem__(self, code: str) -> Element:
        try:
            return self._by_code[code]
        except KeyError:
            raise ValidationError(f"unknown framework code '{code}'", hint="codes: " + ", ".join(self.codes)) from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.elements]

    @property
    def indicators(self) -> list[str]:
        """Indicator codes in framework order."""
        return [e.code for e in self.elements if e.level == 1]

    @property
    def aggregates(self) -> list[str]:
        return [e.code for e in self.elements if e.level > 1]

    @property
    def max_level(self) -> int:
        return max(e.level for e in self.elements)

    @property
    def index_code(self) -> str:
        return self.codes_at(self.max_level)[0]

    def codes_at(self, level: int) -> list[str]:
        return [e.code for e in self.elements if e.level == level]

    def children(self, code: str) -> list[str]:
        return [e.code for e in self.elements if e.parent == code]

    def leaves_under(self, code: str) -> list[str]:
        """Indicator codes below ``code`` (itself if it is an indicator)."""
        if self[code].level == 1:
            return [code]
        return [leaf for child in self.children(code) for leaf in self.leaves_under(child)]

    def ancestor_at(self, code: str, level: int) -> str | None:
        """The element above ``code`` at ``level`` (``code`` itself at its own level)."""
        el: Element | None = self[code]
        while el is not None and el.level < level:
            el = self[el.parent] if el.parent is not None else None
        return el.code if el is not None and el.level == level else None

    def directions(self) -> pd.Series:
        return pd.Series({e.code: float(e.direction) for e in self.elements if e.level == 1}, dtype=float)

    def weights(self) -> pd.Series:
        """The framework's own weights (COINr's ``Weights$Original``), all levels."""
        return pd.Series({e.code: e.weight for e in self.elements}, dtype=float)

    def with_weights(self, weights: Mapping[str, float]) -> Framework:
        """A copy with some weights replaced (a user weight set)."""
        unknown = sorted(set(weights) - set(self.codes))
        if unknown:
            raise ValidationError("weights for codes not in the framework: " + ", ".join(unknown))
        elements = tuple(replace(e, weight=float(weights.get(e.code, e.weight))) for e in self.elements)
        return Framework(elements, self.groups, self.denominators)

    def table(self) -> pd.DataFrame:
        """The framework as an iMeta-like table (one row per element)."""
        rows = [
            {"Level": e.level, "iCode": e.code, "iName": e.name, "Direction": e.direction, "Weight": e.weight,
             "Parent": e.parent, "Type": e.type, "Denominator": e.denominator, "Target": e.target, "Unit": e.unit}
            for e in self.elements
        ]
        return pd.DataFrame(rows)


def build_framework(
    elements: Iterable[Element], *, groups: Sequence[str] = (), denominators: Sequence[str] = (), source: str = ""
) -> Framework:
    """Validate ``elements`` and return a :class:`Framework`.

    Checks (each error names the offending codes): duplicate codes, directions other than ±1, non-positive or
    non-finite weights, orphans (a parent that does not exist), parents that are not one of the higher levels,
    cycles, aggregates without children, several top elements, and denominators not declared.
    """
    els = tuple(elements)
    where = f"{source}: " if source else ""
    if not els:
        raise ValidationError(f"{where}the framework has no elements")
    codes = [e.code for e in els]
    dups = sorted({c for c in codes if codes.count(c) > 1})
    if dups:
        raise ValidationError(f"{where}duplicate codes: " + ", ".join(dups))
    clash = sorted(set(codes) & (set(groups) | set(denominators)))
    if clash:
        raise ValidationError(f"{where}codes used both as elements and as group/denominator columns: "
                              + ", ".join(clash))
    bad_dir = [e.code for e in els if e.direction not in (1, -1)]
    if bad_dir:
        raise ValidationError(f"{where}direction must be 1 or -1 for: " + ", ".join(bad_dir))
    bad_w = [e.code for e in els if not np.isfinite(e.weight) or e.weight < 0]
    if bad_w:
        raise ValidationError(f"{where}weights must be finite and ≥ 0 for: " + ", ".join(bad_w))
    by_code = {e.code: e for e in els}
    orphans = sorted(e.code for e in els if e.parent is not None and e.parent not in by_code)
    if orphans:
        raise ValidationError(f"{where}elements whose parent does not exist (orphans): " + ", ".join(
            f"{c} → {by_code[c].parent}" for c in orphans))
    _check_cycles(by_code, where)
    bad_lvl = sorted(e.code for e in els if e.parent is not None and by_code[e.parent].level <= e.level)
    if bad_lvl:
        raise ValidationError(f"{where}parents must sit at a higher level than their children: " + ", ".join(bad_lvl))
    if min(e.level for e in els) != 1:
        raise ValidationError(f"{where}level 1 (the indicators) is empty")
    parents = {e.parent for e in els}
    childless = sorted(e.code for e in els if e.level > 1 and e.code not in parents)
    if childless:
        raise ValidationError(f"{where}aggregates without children: " + ", ".join(childless))
    top = max(e.level for e in els)
    roots = sorted(e.code for e in els if e.parent is None)
    if len(roots) != 1 or by_code[roots[0]].level != top:
        raise ValidationError(f"{where}exactly one element without parent, at the top level, is needed (the index);"
                              " found: " + ", ".join(roots))
    bad_den = sorted(e.code for e in els if e.denominator and e.denominator not in denominators)
    if bad_den:
        raise ValidationError(f"{where}denominators not declared for: " + ", ".join(
            f"{c} ({by_code[c].denominator})" for c in bad_den))
    typed = tuple(replace(e, type=INDICATOR if e.level == 1 else AGGREGATE) for e in els)
    return Framework(typed, tuple(groups), tuple(denominators))


def _check_cycles(by_code: Mapping[str, Element], where: str) -> None:
    for start in by_code:
        seen = [start]
        parent = by_code[start].parent
        while parent is not None:
            if parent in seen:
                raise ValidationError(f"{where}cycle in the hierarchy: " + " → ".join([*seen, parent]))
            seen.append(parent)
            parent = by_code[parent].parent


def check_data(framework: Framework, data: pd.DataFrame, *, source: str = "") -> None:
    """Check a units × columns table against the framework (COINr's ``check_iData``).

    Errors name the offending codes: aggregate codes present as data columns, indicators missing, non-numeric
    indicator values, duplicate or missing unit codes.
    """
    where = f"{source}: " if source else ""
    present_aggs = sorted(set(framework.aggregates) & set(map(str, data.columns)))
    if present_aggs:
        raise ValidationError(f"{where}aggregate codes must not appear as data columns: " + ", ".join(present_aggs),
                              hint="drop them: aggregates are computed")
    missing = [c for c in framework.indicators if c not in data.columns]
    if missing:
        raise ValidationError(f"{where}indicators of the framework missing from the data: " + ", ".join(missing))
    missing_unit = [c for c in (*framework.groups, *framework.denominators) if c not in data.columns]
    if missing_unit:
        raise ValidationError(f"{where}group/denominator columns missing from the data: " + ", ".join(missing_unit))
    non_numeric = [c for c in [*framework.indicators, *framework.denominators]
                   if not pd.api.types.is_numeric_dtype(data[c]) and data[c].notna().any()]
    if non_numeric:
        details = []
        for c in non_numeric:
            bad = pd.to_numeric(data[c], errors="coerce").isna() & data[c].notna()
            first = data.index[bad.to_numpy()][0] if bad.any() else "?"
            details.append(f"{c} (unit {first}: {data[c][bad].iloc[0]!r})" if bad.any() else c)
        raise ValidationError(f"{where}non-numeric values in: " + ", ".join(details))
    idx = pd.Index(data.index)
    if idx.hasnans:
        raise ValidationError(f"{where}missing unit codes (uCode)")
    dup_units = sorted(set(idx[idx.duplicated()].astype(str)))
    if dup_units:
        raise ValidationError(f"{where}duplicate unit codes: " + ", ".join(dup_units))


__all__ = ["AGGREGATE", "INDICATOR", "Element", "Framework", "build_framework", "check_data"]
