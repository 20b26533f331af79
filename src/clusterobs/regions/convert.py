"""Carry a facts table from one NUTS version to a later one, with a typed report of every code's fate.

Renamed and recoded regions keep their territory, so their data is relabelled without asking. A region
whose territory changed (boundary change, split, merge, discontinued) has no honest automatic answer: the
conversion stops with a :class:`~clusterobs.errors.ConversionError` naming the codes, unless the caller
gives a rule per code (or a default rule):

``drop``            leave the region's rows out;
``carry[:CODE]``    treat it as the same region as CODE (default: its single successor), accepting the
                    approximation;
``sum[:CODE]``      add its values into CODE, for additive values (counts, amounts) of merged regions.

Rows that land on the same new code are summed only when a ``sum`` rule asked for it; any other collision
is an error, because averaging or overwriting would silently invent numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from clusterobs.errors import ConversionError, InputError
from clusterobs.regions.changes import CARRY_OVER, CodeFate, Correspondence, version_steps

Action = Literal["kept", "recoded", "dropped", "carried", "summed", "unresolved"]
RULE_ACTIONS: tuple[str, ...] = ("drop", "carry", "sum")


@dataclass(frozen=True)
class Rule:
    """What to do with one code whose territory changed (see module docstring)."""

    action: Literal["drop", "carry", "sum"]
    target: str | None = None

    @classmethod
    def parse(cls, text: str | Rule) -> Rule:
        """``'drop'``, ``'carry'``, ``'carry:NO08'``, ``'sum:NO082'`` → Rule."""
        if isinstance(text, Rule):
            return text
        action, _, target = text.strip().partition(":")
        if action not in RULE_ACTIONS:
            raise InputError(f"unknown conversion rule '{text}'",
                             hint="use drop, carry, carry:CODE, sum or sum:CODE")
        if action == "drop" and target:
            raise InputError(f"rule '{text}': drop takes no target", hint="write just 'drop'")
        return cls(action, target.strip() or None)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ConversionEntry:
    """The fate of one code in one step, and what the conversion did with it."""

    code: str
    from_version: str
    to_version: str
    change: str
    successors: tuple[str, ...]
    action: Action
    target: str | None
    rows: int
    note: str = ""


@dataclass(frozen=True)
class ConversionReport:
    """Every code met in the facts, per step; ``unresolved`` lists those that still need a rule."""

    from_version: str
    to_version: str
    entries: tuple[ConversionEntry, ...] = field(default_factory=tuple)

    @property
    def unresolved(self) -> list[ConversionEntry]:
        return [e for e in self.entries if e.action == "unresolved"]

    @property
    def changed(self) -> list[ConversionEntry]:
        """Entries where something other than a plain carry-over happened."""
        return [e for e in self.entries if e.change not in ("unchanged",) or e.action != "kept"]

    def entry(self, code: str, from_version: str | None = None) -> ConversionEntry:
        for e in self.entries:
            if e.code == code and (from_version is None or e.from_version == from_version):
                return e
        raise KeyError(code)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([
            {"code": e.code, "from_version": e.from_version, "to_version": e.to_version, "change": e.change,
             "successors": " ".join(e.successors), "action": e.action, "target": e.target, "rows": e.rows,
             "note": e.note}
            for e in self.entries
        ])


RuleLike = Rule | str


def plan_step(
    counts: Mapping[str, int],
    corr: Correspondence,
    rules: Mapping[str, RuleLike] | None = None,
    default_rule: RuleLike | None = None,
) -> list[ConversionEntry]:
    """Decide each code's fate for one step; codes without an answer get action ``unresolved``."""
    parsed = {k: Rule.parse(v) for k, v in (rules or {}).items()}
    default = Rule.parse(default_rule) if default_rule is not None else None
    out: list[ConversionEntry] = []
    for code in sorted(counts):
        fate = corr.fate(code)

        def entry(action: Action, target: str | None, note: str = "", *, code: str = code,
                  fate: CodeFate | None = fate) -> ConversionEntry:
            return ConversionEntry(code=code, from_version=corr.from_version, to_version=corr.to_version,
                                   change=fate.change if fate else "unknown",
                                   successors=fate.successors if fate else (), action=action, target=target,
                                   rows=int(counts[code]), note=note)

        automatic = fate is not None and fate.change in CARRY_OVER and len(fate.targets) == 1
        rule = parsed.get(code) or (None if automatic else default)
        if rule is None:
            if fate is not None and automatic:
                new = fate.targets[0]
                out.append(entry("kept" if new == code else "recoded", new))
            else:
                succ = fate.successors if fate else ()
                out.append(entry("unresolved", None, f"successors: {' '.join(succ)}" if succ
                                 else "no successor known"))
        elif rule.action == "drop":
            out.append(entry("dropped", None))
        else:
            target, note = _rule_target(code, rule, fate, corr)
            out.append(entry("unresolved" if target is None else ("carried" if rule.action == "carry" else "summed"),
                             target, note))
    return out


def _rule_target(code: str, rule: Rule, fate: CodeFate | None, corr: Correspondence) -> tuple[str | None, str]:
    if rule.target is not None:
        if rule.target not in corr.new_codes and not (fate is None and rule.target == code):
            return None, f"target {rule.target} is not a NUTS {corr.to_version} code"
        return rule.target, ""
    if fate is None:  # a code the table does not know (e.g. an aggregate like EU27_2020): keep it as is
        return code, "not in the change table; kept as is"
    if len(fate.targets) == 1:
        return fate.targets[0], ""
    if len(fate.successors) == 1:
        return fate.successors[0], "successor suggested by the change table"
    succ = " ".join(fate.successors) or "none known"
    return None, f"'{rule.action}' needs a target here (successors: {succ}); write {rule.action}:CODE"


def _raise_unresolved(entries: Iterable[ConversionEntry], report: ConversionReport) -> None:
    bad = [e for e in entries if e.action == "unresolved"]
    if not bad:
        return
    items = "; ".join(f"{e.code} ({e.change}{', ' + e.note if e.note else ''})" for e in bad[:20])
    more = f" and {len(bad) - 20} more" if len(bad) > 20 else ""
    err = ConversionError(
        f"NUTS {bad[0].from_version}→{bad[0].to_version}: {len(bad)} region code(s) need a rule: {items}{more}",
        hint="pass rules={'CODE': 'drop' | 'carry' | 'carry:NEW' | 'sum:NEW'} or a default_rule",
    )
    err.report = report  # type: ignore[attr-defined]
    raise err


def convert_facts(
    facts: pd.DataFrame,
    changes: pd.DataFrame,
    from_version: str,
    to_version: str,
    *,
    rules: Mapping[str, RuleLike] | None = None,
    default_rule: RuleLike | None = None,
    region_column: str = "region",
    value_column: str = "value",
    flag_column: str | None = "flag",
) -> tuple[pd.DataFrame, ConversionReport]:
    """Carry ``facts`` from NUTS ``from_version`` to ``to_version`` (chaining 2013→2016→2021).

    ``changes`` is a table in the store's ``region_changes`` layout. Returns the converted facts and the
    report; raises ConversionError (with ``.report``) when a code needs a rule that was not given.
    """
    if region_column not in facts.columns or value_column not in facts.columns:
        raise InputError(f"facts lack the '{region_column}' or '{value_column}' column",
                         hint="name them with region_column= and value_column=")
    df = facts.copy()
    entries: list[ConversionEntry] = []
    for step_from, step_to in version_steps(from_version, to_version):
        corr = Correspondence(changes, step_from, step_to)
        counts = {str(k): int(v) for k, v in df[region_column].astype(str).value_counts().items()}
        step = plan_step(counts, corr, rules, default_rule)
        entries.extend(step)
        _raise_unresolved(step, ConversionReport(from_version, to_version, tuple(entries)))
        df = _apply(df, step, region_column, value_column, flag_column)
    return df.reset_index(drop=True), ConversionReport(from_version, to_version, tuple(entries))


def _apply(df: pd.DataFrame, step: list[ConversionEntry], region: str, value: str,
           flag: str | None) -> pd.DataFrame:
    target = {e.code: e.target for e in step if e.action != "dropped"}
    action = {e.code: e.action for e in step}
    df = df[df[region].astype(str).isin(target)].copy()
    source = df[region].astype(str)
    df[region] = source.map(target)
    keys = [c for c in df.columns if c not in (value, flag)]
    groups = df.groupby(keys, dropna=False, sort=False)
    sizes = groups[value].transform("size")
    if not (sizes > 1).any():
        return df
    clash = df[sizes > 1].assign(_src=source[sizes > 1], _act=source[sizes > 1].map(action))
    for tgt, part in clash.groupby(region):
        acts = set(part["_act"])
        if "summed" not in acts or "carried" in acts:
            srcs = " ".join(sorted(set(part["_src"])))
            raise ConversionError(
                f"NUTS {step[0].from_version}→{step[0].to_version}: codes {srcs} would all become {tgt}",
                hint="use 'sum' rules for additive values, or 'drop' all but one of them",
            )
    agg: dict[str, object] = {value: lambda s: s.sum(min_count=len(s)) if s.notna().all() else float("nan")}
    if flag is not None and flag in df.columns:
        agg[flag] = lambda s: "".join(sorted({str(x) for x in s if x}))
    out = groups.agg(agg).reset_index()  # type: ignore[arg-type]
    return out.loc[:, list(df.columns)]


__all__ = ["Action", "ConversionEntry", "ConversionReport", "Rule", "RuleLike", "convert_facts", "plan_step"]
