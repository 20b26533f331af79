"""The ECCP-style validation criteria of a cluster organisation profile, read from ``data/eccp_validation.yaml``.

Pure: the rules are data, a profile is a mapping of field values, the result is a report that pages show
criterion by criterion and that the life cycle uses to refuse submission and publication.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from clusterobs.errors import FileFormatError

MEMBER_FIELDS = ("members_sme", "members_large", "members_research", "members_public", "members_other")
_PATH = "platform/data/eccp_validation.yaml"


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    fix: str
    minimum: float | None = None
    field: str | None = None
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Rules:
    version: str
    criteria: tuple[Criterion, ...]
    waiver_field: str
    waiver_text: str
    recognised_programmes: tuple[str, ...]


@dataclass(frozen=True)
class CriterionResult:
    code: str
    text: str
    passed: bool
    detail: str
    fix: str


@dataclass(frozen=True)
class ValidationReport:
    """Each criterion's result; ``ok`` when all pass or the waiver applies."""

    results: tuple[CriterionResult, ...]
    waived: bool
    waiver_detail: str

    @property
    def ok(self) -> bool:
        return self.waived or all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[CriterionResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    def summary(self) -> str:
        """One line naming what fails and how to fix it (for error messages)."""
        if self.ok:
            return "all validation criteria met" + (f" ({self.waiver_detail})" if self.waived else "")
        return "; ".join(f"{r.text}: {r.detail} — {r.fix}" for r in self.failed)


def rules_from_dict(doc: Mapping[str, Any]) -> Rules:
    """Rules from the parsed YAML document; every missing key is reported with the file name."""
    try:
        criteria = tuple(
            Criterion(code=str(c["code"]), text=str(c["text"]), fix=str(c["fix"]),
                      minimum=float(c["minimum"]) if "minimum" in c else None, field=c.get("field"),
                      groups=tuple((str(k), tuple(v)) for k, v in (c.get("groups") or {}).items()))
            for c in doc["criteria"])
        waiver = doc["waiver"]
        return Rules(version=str(doc["version"]), criteria=criteria, waiver_field=str(waiver["field"]),
                     waiver_text=str(waiver["text"]),
                     recognised_programmes=tuple(str(p) for p in waiver.get("recognised_programmes") or ()))
    except (KeyError, TypeError, ValueError) as exc:
        raise FileFormatError(f"bad validation rules: {exc!r}", path=_PATH,
                              hint="each criterion needs code, text and fix; the file needs version and "
                              "waiver") from exc


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rules shipped with the package."""
    text = resources.files("clusterobs.platform").joinpath("data/eccp_validation.yaml").read_text("utf-8")
    return rules_from_dict(yaml.safe_load(text))


def _num(values: Mapping[str, Any], key: str) -> float:
    v = values.get(key)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else 0.0


def _check(c: Criterion, values: Mapping[str, Any]) -> CriterionResult:
    minimum = c.minimum if c.minimum is not None else 0.0
    if c.code == "management_team":
        fte = _num(values, c.field or "staff_fte")
        ok, detail = fte >= minimum, f"{fte:g} FTE (at least {minimum:g} needed)"
    elif c.code == "committed_members":
        total = sum(_num(values, f) for f in MEMBER_FIELDS)
        ok, detail = total >= minimum, f"{total:g} members (at least {minimum:g} needed)"
    elif c.code == "triple_helix":
        present = [g for g, fields in c.groups if sum(_num(values, f) for f in fields) > 0]
        ok = len(present) >= minimum
        detail = f"member types present: {', '.join(present) or 'none'} (at least {minimum:g} needed)"
    elif c.code == "english_website":
        site = str(values.get("website") or "")
        ok = bool(site) and bool(values.get("website_english"))
        detail = ("website in English given" if ok else
                  "no website given" if not site else "the website is not marked as available in English")
    else:
        raise FileFormatError(f"unknown criterion '{c.code}'", path=_PATH,
                              hint="known: management_team, committed_members, triple_helix, english_website")
    return CriterionResult(code=c.code, text=c.text, passed=ok, detail=detail, fix=c.fix)


def check_profile(values: Mapping[str, Any], rules: Rules | None = None) -> ValidationReport:
    """Check a profile's field values against the rules (the shipped ones by default)."""
    rules = rules or load_rules()
    results = tuple(_check(c, values) for c in rules.criteria)
    programme = " ".join(str(values.get(rules.waiver_field) or "").split())
    if rules.recognised_programmes:
        waived = programme.casefold() in {p.casefold() for p in rules.recognised_programmes}
    else:
        waived = bool(programme)
    detail = f"{rules.waiver_text}: {programme}" if waived else ""
    return ValidationReport(results=results, waived=waived, waiver_detail=detail)


__all__ = ["Criterion", "CriterionResult", "MEMBER_FIELDS", "Rules", "ValidationReport", "check_profile",
           "load_rules", "rules_from_dict"]
