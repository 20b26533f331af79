"""Star-rating methodologies as versioned data: the preset model, the built-ins and their validation.

A preset is a YAML document (see ``mapping/presets/*.yaml``) naming its version and sources, the LQ basis,
which categories are rated, and a list of stars, each the conjunction (``all_of``) of conditions. A
condition's ``kind`` is looked up in :data:`clusterobs.mapping.criteria.CRITERIA`, so a new kind of test
is one registry entry, not a new branch. Errors name the file and the field path of the offending entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticError

from clusterobs.errors import FileFormatError, UnknownMethodError, ValidationError
from clusterobs.mapping.criteria import CRITERIA, METRICS


class Condition(BaseModel):
    """One test on one metric: ``metric op value`` (threshold) or ``metric op q(p)`` (percentile)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: str
    metric: str
    op: Literal[">=", ">"] = ">="
    value: float | None = None
    p: float | None = Field(default=None, ge=0.0, le=1.0)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in CRITERIA:
            raise ValueError(f"unknown condition kind '{v}'; choose one of: {', '.join(sorted(CRITERIA))}")
        return v

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"unknown metric '{v}'; choose one of: {', '.join(sorted(METRICS))}")
        return v

    @model_validator(mode="after")
    def _parameters(self) -> Condition:
        CRITERIA[self.kind].check(self)
        return self


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    citation: str = Field(min_length=10)
    url: str | None = None


class Star(BaseModel):
    """A star (or flag) awarded when every condition holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    enabled: bool = True
    all_of: list[Condition] = Field(min_length=1)


class Preset(BaseModel):
    """A star-rating methodology (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    version: str
    title: str
    description: str
    sources: list[Source] = Field(min_length=1)
    lq_basis: Literal["total", "traded"] = "total"
    applies_to: Literal["all", "traded"] = "all"
    scoring: Literal["stars", "flags"] = "stars"
    percentile_method: Literal["linear"] = "linear"
    tiers: dict[int, str] = Field(default_factory=dict)
    stars: list[Star] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> Preset:
        names = [s.name for s in self.stars]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"duplicate star names: {', '.join(dup)}")
        return self

    @property
    def active(self) -> list[Star]:
        return [s for s in self.stars if s.enabled]

    def configured(self, *, enable: tuple[str, ...] = (), disable: tuple[str, ...] = (),
                   thresholds: Mapping[str, float] | None = None) -> Preset:
        """A copy with stars switched on/off and thresholds changed (``{"specialisation": 1.5}`` sets the
        first condition's value, or its p for a percentile condition); unknown star names raise."""
        thresholds = dict(thresholds or {})
        names = {s.name for s in self.stars}
        for n in (*enable, *disable, *thresholds):
            if n not in names:
                raise UnknownMethodError(f"star of preset {self.name}", n, names)
        stars = []
        for s in self.stars:
            enabled = True if s.name in enable else False if s.name in disable else s.enabled
            conds = list(s.all_of)
            if s.name in thresholds:
                c0 = conds[0]
                key = "p" if c0.p is not None else "value"
                conds[0] = Condition(**{**c0.model_dump(), key: thresholds[s.name]})
            stars.append(s.model_copy(update={"enabled": enabled, "all_of": conds}))
        return self.model_copy(update={"stars": stars})


def _loc(err: Mapping[str, object]) -> str:
    return ".".join(str(x) for x in err.get("loc", ()))  # type: ignore[attr-defined]


def parse_preset(text: str, *, source: str = "<preset>") -> Preset:
    """Parse and validate preset YAML; errors carry the file name and the field path (``stars.1.all_of.0``)."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FileFormatError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=source,
                              line=(mark.line + 1) if mark is not None else None) from exc
    if not isinstance(raw, dict):
        raise FileFormatError("a preset must be a YAML mapping (name, version, sources, stars …)", path=source)
    try:
        return Preset.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        others = len(exc.errors()) - 1
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise ValidationError(msg + (f" (and {others} more problems)" if others else ""), path=source,
                              field=_loc(first) or None,
                              hint="see mapping/presets/eco2007.yaml for a complete example") from exc


def builtin_names() -> list[str]:
    """Names of the presets shipped with the package."""
    folder = resources.files("clusterobs.mapping") / "presets"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def builtin_preset(name: str) -> Preset:
    """A shipped preset by name (``eco2007``, ``eocic``, ``uscmp``)."""
    names = builtin_names()
    if name not in names:
        raise UnknownMethodError("star preset", name, names)
    res = resources.files("clusterobs.mapping") / "presets" / f"{name}.yaml"
    return parse_preset(res.read_text(encoding="utf-8"), source=f"clusterobs/mapping/presets/{name}.yaml")


__all__ = ["Condition", "Preset", "Source", "Star", "builtin_names", "builtin_preset", "parse_preset"]
