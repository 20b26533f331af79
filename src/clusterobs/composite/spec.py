"""Typed, serialisable pipeline steps and the :class:`Run` that lists them.

A run is data: save it to YAML/JSON, load it, replay it, change one step and compare. Each step reads a named
stage (``dset``; ``None`` means the most recent one) and writes its own stage (``Denominated``, ``Imputed``,
``Screened``, ``Treated``, ``Normalised``, ``Aggregated``). Method names are checked against the registries by
:meth:`Run.check`, which raises :class:`~clusterobs.errors.UnknownMethodError` listing the valid ones.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from clusterobs.composite.aggregate import AGGREGATORS
from clusterobs.composite.impute import IMPUTERS, PANEL_IMPUTERS
from clusterobs.composite.normalise import NORMALISERS
from clusterobs.composite.screen import SCREEN_RULES
from clusterobs.composite.treat import TRANSFORMS, TREAT_METHODS
from clusterobs.composite.weights import WEIGHT_SETS
from clusterobs.errors import FileFormatError, UnknownMethodError

ParamValue = float | int | str | bool


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MethodRef(_Spec):
    """A method name with parameters, for per-indicator or per-level overrides."""

    method: str
    params: dict[str, ParamValue] = Field(default_factory=dict)


class DenominateStep(_Spec):
    """Divide indicators by denominators; ``denominators`` (indicator → column) overrides the framework's."""

    step: Literal["denominate"] = "denominate"
    dset: str | None = None
    denominators: dict[str, str] | None = None
    scale: dict[str, float] = Field(default_factory=dict)


class ImputeStep(_Spec):
    """Fill missing values: ``none``, ``mean``, ``median``, ``mean_group``, ``median_group`` (with ``group``), or
    ``panel_latest``/``panel_constant``/``panel_linear`` (from the unit's other years; reads Raw of a panel)."""

    step: Literal["impute"] = "impute"
    dset: str | None = None
    method: str = "mean"
    group: str | None = None
    overrides: dict[str, str] = Field(default_factory=dict)


class ScreenStep(_Spec):
    """Remove units with too little data (``byNA``), too many zeros (``byNZ``), or both (``byBoth``)."""

    step: Literal["screen"] = "screen"
    dset: str | None = None
    unit_screen: str = "byNA"
    dat_thresh: float = 0.66
    nonzero_thresh: float = 0.05
    force_include: list[str] = Field(default_factory=list)
    force_exclude: list[str] = Field(default_factory=list)


class TreatOverride(_Spec):
    """Treatment of one indicator (fields as in :class:`TreatStep`; unset ones inherit the step's)."""

    method: str = "default"
    winmax: int | None = None
    fallback: str | None = None
    boxcox_lambda: float | None = None
    force_win: bool | None = None


class TreatStep(_Spec):
    """Outlier treatment; the default is COINr's (check, winsorise ≤ ``winmax``, else ``fallback`` log)."""

    step: Literal["treat"] = "treat"
    dset: str | None = None
    method: str = "default"
    winmax: int = 5
    skew_thresh: float = 2.0
    kurt_thresh: float = 3.5
    force_win: bool = False
    fallback: str = "log_ct"
    boxcox_lambda: float = 0.5
    overrides: dict[str, TreatOverride] = Field(default_factory=dict)


class NormaliseStep(_Spec):
    """Normalise every indicator (``method`` + ``params``; per-indicator ``overrides``)."""

    step: Literal["normalise"] = "normalise"
    dset: str | None = None
    method: str = "minmax"
    params: dict[str, ParamValue] = Field(default_factory=lambda: {"l": 0.0, "u": 100.0})  # type: ignore[arg-type]
    overrides: dict[str, MethodRef] = Field(default_factory=dict)


class AggregateStep(_Spec):
    """Aggregate up the hierarchy; ``by_level`` (level → method) overrides ``method`` at some levels.

    ``weights``: a weight-set name (``original``, ``equal``) or a mapping code → weight.
    """

    step: Literal["aggregate"] = "aggregate"
    dset: str | None = None
    method: str = "amean"
    params: dict[str, float] = Field(default_factory=dict)
    by_level: dict[int, MethodRef] = Field(default_factory=dict)
    dat_thresh: float | None = None
    weights: str | dict[str, float] = "original"


Step = Annotated[
    DenominateStep | ImputeStep | ScreenStep | TreatStep | NormaliseStep | AggregateStep,
    Field(discriminator="step"),
]

#: The stage each kind of step writes.
OUTPUT_STAGE: dict[str, str] = {"denominate": "Denominated", "impute": "Imputed", "screen": "Screened",
                                "treat": "Treated", "normalise": "Normalised", "aggregate": "Aggregated"}


def _check_treat(name: str) -> None:
    if name not in TREAT_METHODS:
        raise UnknownMethodError("treatment method", name, TREAT_METHODS)


class Run(_Spec):
    """An ordered list of steps with a format version."""

    version: Literal[1] = 1
    name: str = ""
    steps: list[Step] = Field(default_factory=list)

    # --- checks -------------------------------------------------------------------------------------------
    def check(self) -> Run:
        """Check every method name against its registry; returns self."""
        for s in self.steps:
            if isinstance(s, ImputeStep):
                for m in [s.method, *s.overrides.values()]:
                    if m.startswith("panel_"):
                        PANEL_IMPUTERS.get(m.removeprefix("panel_"))
                    else:
                        IMPUTERS.get(m)
            elif isinstance(s, ScreenStep):
                SCREEN_RULES.get(s.unit_screen)
            elif isinstance(s, TreatStep):
                _check_treat(s.method)
                TRANSFORMS.get(s.fallback)
                for o in s.overrides.values():
                    _check_treat(o.method)
                    if o.fallback:
                        TRANSFORMS.get(o.fallback)
            elif isinstance(s, NormaliseStep):
                for m in [s.method, *(o.method for o in s.overrides.values())]:
                    NORMALISERS.get(m)
            elif isinstance(s, AggregateStep):
                for m in [s.method, *(o.method for o in s.by_level.values())]:
                    AGGREGATORS.get(m)
                if isinstance(s.weights, str):
                    WEIGHT_SETS.get(s.weights)
        return self

    # --- editing ------------------------------------------------------------------------------------------
    def with_step(self, index: int, step: Step) -> Run:
        """A copy with step ``index`` replaced (a methodological variant)."""
        steps = list(self.steps)
        steps[index] = step
        return Run(version=self.version, name=self.name, steps=steps)

    def find(self, kind: str) -> int:
        """Position of the first step of a kind (``normalise`` …); -1 if absent."""
        return next((i for i, s in enumerate(self.steps) if s.step == kind), -1)

    # --- serialisation ------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), sort_keys=False)

    @classmethod
    def from_dict(cls, doc: object, *, source: str = "run") -> Run:
        try:
            return cls.model_validate(doc).check()
        except PydanticValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise FileFormatError(f"invalid run: {first['msg']}", path=source, field=loc,
                                  hint="see docs/composite-run.md for the run file format") from exc

    @classmethod
    def from_json(cls, text: str, *, source: str = "run") -> Run:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileFormatError(f"invalid JSON: {exc}", path=source) from exc
        return cls.from_dict(doc, source=source)

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "run") -> Run:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise FileFormatError(f"invalid YAML: {exc}", path=source) from exc
        return cls.from_dict(doc, source=source)


def default_run() -> Run:
    """The ``clusterobs index build`` default: no imputation or treatment, min-max [0, 100], arithmetic means."""
    return Run(name="default", steps=[NormaliseStep(dset="Raw"), AggregateStep(dset="Normalised")])


def coinr_example_run() -> Run:
    """COINr's ``build_example_coin()`` pipeline, step for step."""
    return Run(name="coinr_example", steps=[
        DenominateStep(dset="Raw"),
        ImputeStep(dset="Denominated", method="mean_group", group="EurAsia_group"),
        ScreenStep(dset="Imputed", unit_screen="byNA", dat_thresh=0.9),
        TreatStep(dset="Screened", winmax=5),
        NormaliseStep(dset="Treated", method="minmax", params={"l": 0.0, "u": 100.0}),
        AggregateStep(dset="Normalised", method="amean"),
    ])


__all__ = ["OUTPUT_STAGE", "AggregateStep", "DenominateStep", "ImputeStep", "MethodRef", "NormaliseStep", "Run",
           "ScreenStep", "Step", "TreatOverride", "TreatStep", "coinr_example_run", "default_run"]
