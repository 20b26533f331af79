"""From real source facts to scoreboard facts: the mapping in ``data/real_sources.yaml``, applied as pure code.

The store-backed scoreboard reads facts whose indicator is a framework code (``ind14`` …). Real statistics
arrive under their own codes (``edat_lfse_04_…_ED5-8…``, ``PPS_HAB``), from several files that overlap. The
mapping file says, per framework indicator, which source figures measure it and in which order of preference;
:func:`derive_facts` turns loaded source facts into ``ind*`` facts (and ``population`` facts for the peers),
keeping the source's unit and flag. It is facts in, facts out: the ingest edge reads the store and writes the
result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.scoreboard.framework import Framework

#: Dataset code of the derived facts.
REAL_DATASET = "res_real"
#: Indicator code of the derived population facts (the structural variable the peer method reads).
POPULATION = "population"
FACT_COLUMNS = ("dataset", "region", "industry", "indicator", "year", "value", "unit", "flag")
Fit = Literal["direct", "proxy"]


@dataclass(frozen=True)
class SourceRef:
    """One source figure: facts of ``dataset`` with ``indicator`` (industry ``''``)."""

    dataset: str
    indicator: str


@dataclass(frozen=True)
class Candidate:
    """A source figure and how it becomes the target value (rate, quotient, scale, unit)."""

    source: SourceRef
    scale: float = 1.0
    divide_by: SourceRef | None = None
    relative_to: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Target:
    """A framework indicator (or ``population``) with its candidates in order of preference."""

    code: str
    fit: Fit
    note: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class RealSources:
    """The whole mapping file, validated."""

    version: str
    indicators: Mapping[str, Target]
    population: Target
    unmapped: tuple[Mapping[str, str], ...] = ()

    def targets(self) -> list[Target]:
        return [*self.indicators.values(), self.population]

    def source_refs(self) -> list[SourceRef]:
        """Every source figure the mapping can use (what the ingest edge must read from the store)."""
        refs: dict[SourceRef, None] = {}
        for t in self.targets():
            for c in t.candidates:
                refs[c.source] = None
                if c.divide_by is not None:
                    refs[c.divide_by] = None
        return list(refs)


def _ref(d: object, where: str, origin: str) -> SourceRef:
    if not isinstance(d, Mapping) or not d.get("dataset") or not d.get("indicator"):
        raise ValidationError(f"{where}: a source needs 'dataset' and 'indicator'", path=origin, field=where,
                              hint="write {dataset: CODE, indicator: CODE}")
    return SourceRef(str(d["dataset"]), str(d["indicator"]))


def _candidate(d: object, where: str, origin: str) -> Candidate:
    if not isinstance(d, Mapping):
        raise ValidationError(f"{where}: expected a mapping {{dataset, indicator, ...}}", path=origin, field=where)
    ref = _ref(d, where, origin)
    unknown = sorted(set(d) - {"dataset", "indicator", "scale", "divide_by", "relative_to", "unit", "note"})
    if unknown:
        raise ValidationError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}", path=origin, field=where,
                              hint="use dataset, indicator, scale, divide_by, relative_to, unit")
    try:
        scale = float(d.get("scale", 1.0))
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{where}: scale {d.get('scale')!r} is not a number", path=origin,
                              field="scale") from exc
    div = d.get("divide_by")
    rel = d.get("relative_to")
    return Candidate(source=ref, scale=scale, divide_by=_ref(div, where + ".divide_by", origin) if div else None,
                     relative_to=str(rel) if rel else None, unit=str(d["unit"]) if d.get("unit") else None)


def _target(code: str, d: object, origin: str, *, fit_default: Fit = "direct") -> Target:
    if not isinstance(d, Mapping):
        raise ValidationError(f"{code}: expected a mapping with 'candidates'", path=origin, field=code)
    cands = d.get("candidates")
    if not isinstance(cands, list) or not cands:
        raise ValidationError(f"{code}: no candidates", path=origin, field=code,
                              hint="list at least one {dataset, indicator} under 'candidates'")
    fit = str(d.get("fit", fit_default))
    if fit not in ("direct", "proxy"):
        raise ValidationError(f"{code}: fit '{fit}' must be 'direct' or 'proxy'", path=origin, field="fit")
    note = str(d.get("note", "")).strip()
    if fit == "proxy" and not note:
        raise ValidationError(f"{code}: a proxy needs a note saying what it measures instead", path=origin,
                              field="note")
    return Target(code=code, fit=fit,  # type: ignore[arg-type]  # checked just above
                  note=note, candidates=tuple(_candidate(c, f"{code}[{i}]", origin) for i, c in enumerate(cands)))


def real_sources_from_dict(doc: Mapping[str, object], framework: Framework | None = None, *,
                           origin: str = "<real_sources>") -> RealSources:
    """Validate a parsed mapping file; indicator codes are checked against ``framework`` when given."""
    inds = doc.get("indicators")
    if not isinstance(inds, Mapping) or not inds:
        raise ValidationError("no 'indicators' mapping", path=origin, field="indicators")
    if framework is not None:
        bad = sorted(str(c) for c in inds if str(c) not in framework or not framework.element(str(c)).is_indicator)
        if bad:
            raise ValidationError("codes that are not framework indicators: " + ", ".join(bad), path=origin,
                                  field="indicators", hint="use the ind* codes of scoreboard/data/framework.yaml")
    unmapped = doc.get("unmapped") or []
    if not isinstance(unmapped, list):
        raise ValidationError("'unmapped' must be a list", path=origin, field="unmapped")
    return RealSources(
        version=str(doc.get("version", "")),
        indicators={str(c): _target(str(c), d, origin) for c, d in inds.items()},
        population=_target(POPULATION, doc.get("population"), origin),
        unmapped=tuple({str(k): str(v) for k, v in u.items()} for u in unmapped if isinstance(u, Mapping)),
    )


def load_real_sources(path: str | Path | None = None, framework: Framework | None = None) -> RealSources:
    """The packaged mapping (or a file of the same shape), validated."""
    from clusterobs.scoreboard.io import read_yaml  # the scoreboard's one file edge

    doc, origin = read_yaml(path, "real_sources.yaml")
    return real_sources_from_dict(doc, framework, origin=origin)


def _series(facts: pd.DataFrame, ref: SourceRef) -> pd.DataFrame:
    """region, year, value, unit, flag of one source figure (missing values dropped)."""
    f = facts[(facts["dataset"] == ref.dataset) & (facts["indicator"] == ref.indicator) & (facts["industry"] == "")]
    f = f[np.isfinite(f["value"].astype(float))]
    return f.loc[:, ["region", "year", "value", "unit", "flag"]].drop_duplicates(["region", "year"])


def _apply(facts: pd.DataFrame, cand: Candidate) -> pd.DataFrame:
    out = _series(facts, cand.source)
    value = out["value"].astype(float).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        if cand.divide_by is not None:
            den = _series(facts, cand.divide_by).set_index(["region", "year"])["value"].astype(float)
            value = value / den.reindex(pd.MultiIndex.from_frame(out[["region", "year"]])).to_numpy()
        if cand.relative_to is not None:
            ref = out[out["region"] == cand.relative_to].set_index("year")["value"].astype(float)
            value = value / out["year"].map(ref).astype(float).to_numpy()
        value = value * cand.scale
    out = out.assign(value=value)
    out = out.loc[np.isfinite(value)]  # no denominator, or a zero one: no value (never 0, never inf)
    if cand.unit is not None:
        out = out.assign(unit=cand.unit)
    return out


def derive_target(facts: pd.DataFrame, target: Target, *, dataset: str = REAL_DATASET) -> pd.DataFrame:
    """Facts of one target: per region and year, the first candidate with a value."""
    parts = [_apply(facts, c).assign(_rank=i) for i, c in enumerate(target.candidates)]
    got = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if got.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS})
    got = got.sort_values(["region", "year", "_rank"], kind="stable").drop_duplicates(["region", "year"])
    return pd.DataFrame({
        "dataset": dataset, "region": got["region"].astype(str).to_numpy(dtype=object), "industry": "",
        "indicator": target.code, "year": got["year"].astype("int64").to_numpy(),
        "value": got["value"].astype("float64").to_numpy(), "unit": got["unit"].astype(str).to_numpy(dtype=object),
        "flag": got["flag"].astype(str).to_numpy(dtype=object),
    })


def derive_facts(facts: pd.DataFrame, spec: RealSources, *, dataset: str = REAL_DATASET) -> pd.DataFrame:
    """Scoreboard facts (``ind*`` and ``population``) from source facts in the store's long form."""
    missing = [c for c in FACT_COLUMNS if c not in facts.columns]
    if missing:
        raise ValidationError(f"source facts lack column(s) {', '.join(missing)}", field=missing[0])
    parts = [p for p in (derive_target(facts, t, dataset=dataset) for t in spec.targets()) if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS})
    out: pd.DataFrame = pd.concat(parts, ignore_index=True)
    return out.sort_values(["indicator", "region", "year"], kind="stable").reset_index(drop=True)


def provided(spec: RealSources, derived: pd.DataFrame, framework: Framework) -> tuple[list[str], list[str]]:
    """(framework indicators the derived facts provide, those they lack), in framework order."""
    have = set(derived.loc[derived["indicator"] != POPULATION, "indicator"].astype(str))
    have &= set(spec.indicators)
    codes = list(framework.indicators)
    return [c for c in codes if c in have], [c for c in codes if c not in have]
