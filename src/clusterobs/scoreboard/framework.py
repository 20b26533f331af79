"""The scoreboard's indicator hierarchy as typed, validated data.

The framework is methodology, so it lives in a versioned data file (``data/framework.yaml``) and is parsed
here into immutable records. It can be handed to any composite-indicator engine in COINr's iMeta layout
(:meth:`Framework.imeta`), so the scoreboard is just one composite indicator among others. Validation runs
once, at construction, and every message names the offending codes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Final

import pandas as pd

from clusterobs.errors import ValidationError

LEVEL_INDICATOR: Final = 1
LEVEL_SUBDIMENSION: Final = 2
LEVEL_DIMENSION: Final = 3
LEVEL_INDEX: Final = 4
LEVEL_NAMES: Final[dict[int, str]] = {
    LEVEL_INDICATOR: "indicator",
    LEVEL_SUBDIMENSION: "sub-dimension",
    LEVEL_DIMENSION: "dimension",
    LEVEL_INDEX: "index",
}

SOURCE_TYPES: Final = ("eurostat", "stakeholder_survey", "external_survey", "other")
#: Source types that measure perceptions; excluded together in the "no survey" robustness variant.
SURVEY_SOURCE_TYPES: Final = frozenset({"stakeholder_survey", "external_survey"})

#: iMeta columns in COINr's order (Level, iCode, iName, Direction, Weight, Parent, Type) plus our extras.
IMETA_COLUMNS: Final = ("Level", "iCode", "iName", "Direction", "Weight", "Parent", "Type")
_CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Element:
    """One node of the hierarchy: an indicator (level 1) or an aggregate (levels 2 and up)."""

    code: str
    name: str
    level: int
    parent: str | None
    direction: int = 1
    weight: float = 1.0
    unit: str = ""
    source: str = ""
    source_type: str = ""
    dataset: str = ""
    description: str = ""

    @property
    def is_indicator(self) -> bool:
        return self.level == LEVEL_INDICATOR

    @property
    def is_survey(self) -> bool:
        return self.source_type in SURVEY_SOURCE_TYPES


@dataclass(frozen=True)
class Framework:
    """A validated hierarchy; ``elements`` are ordered by level, then as written in the source."""

    version: str
    title: str
    elements: tuple[Element, ...]
    sources: tuple[str, ...] = ()
    origin: str = "<framework>"
    _by_code: dict[str, Element] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        validate_elements(self.elements, origin=self.origin)
        ordered = tuple(sorted(self.elements, key=lambda e: e.level))  # stable: keeps file order per level
        object.__setattr__(self, "elements", ordered)
        object.__setattr__(self, "_by_code", {e.code: e for e in ordered})

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def element(self, code: str) -> Element:
        try:
            return self._by_code[code]
        except KeyError:
            raise ValidationError(
                f"'{code}' is not an element of framework {self.title!r} {self.version}",
                path=self.origin,
                hint="use one of the codes listed by Framework.codes()",
            ) from None

    def codes(self, level: int | None = None) -> list[str]:
        return [e.code for e in self.elements if level is None or e.level == level]

    @property
    def indicators(self) -> list[str]:
        return self.codes(LEVEL_INDICATOR)

    @property
    def max_level(self) -> int:
        return max(e.level for e in self.elements)

    @property
    def index_code(self) -> str:
        return self.codes(self.max_level)[0]

    def children(self, code: str) -> list[str]:
        return [e.code for e in self.elements if e.parent == code]

    def indicators_under(self, code: str) -> list[str]:
        """All indicators below ``code`` (itself if it is an indicator), in framework order."""
        el = self.element(code)
        if el.is_indicator:
            return [code]
        return [ind for child in self.children(code) for ind in self.indicators_under(child)]

    def ancestor(self, code: str, level: int) -> str | None:
        """The element above ``code`` at ``level`` (``code`` itself if it is at that level)."""
        el: Element | None = self.element(code)
        while el is not None and el.level < level:
            el = self._by_code.get(el.parent) if el.parent else None
        return el.code if el is not None and el.level == level else None

    def tree_order(self) -> list[str]:
        """Depth-first order from the index down: index, p1, c1, ind1 … ind4, c2, … (the scorecard's order)."""
        out: list[str] = []

        def walk(code: str) -> None:
            out.append(code)
            for child in self.children(code):
                walk(child)

        for top in self.codes(self.max_level):
            walk(top)
        return out

    def imeta(self) -> pd.DataFrame:
        """The framework in COINr's iMeta layout (one row per element, levels ascending)."""
        rows = []
        for e in self.elements:
            rows.append(
                {
                    "Level": e.level,
                    "iCode": e.code,
                    "iName": e.name,
                    "Direction": e.direction,
                    "Weight": e.weight,
                    "Parent": e.parent if e.parent is not None else pd.NA,
                    "Type": "Indicator" if e.is_indicator else "Aggregate",
                    "Unit": e.unit,
                    "Source": e.source,
                    "SourceType": e.source_type,
                    "Dataset": e.dataset,
                }
            )
        df = pd.DataFrame(rows)
        df["Parent"] = df["Parent"].astype("string")
        return df

    def without(self, codes: Iterable[str]) -> Framework:
        """A copy without the given indicators; aggregates left with no children are dropped too."""
        drop = set(codes)
        unknown = sorted(drop - set(self.indicators))
        if unknown:
            raise ValidationError(
                "cannot remove codes that are not indicators: " + ", ".join(unknown), path=self.origin
            )
        kept = [e for e in self.elements if e.code not in drop]
        changed = True
        while changed:
            parents = {e.parent for e in kept if e.parent}
            before = len(kept)
            kept = [e for e in kept if e.is_indicator or e.code in parents or e.level == self.max_level]
            changed = len(kept) != before
        return replace(self, elements=tuple(kept), version=self.version)


def validate_elements(elements: Iterable[Element], *, origin: str = "<framework>") -> None:
    """Raise :class:`ValidationError` naming the codes that break the hierarchy's rules."""
    els = list(elements)
    if not els:
        raise ValidationError("the framework has no elements", path=origin)
    seen: dict[str, int] = {}
    for e in els:
        seen[e.code] = seen.get(e.code, 0) + 1
    dups = sorted(c for c, n in seen.items() if n > 1)
    if dups:
        raise ValidationError("duplicate element codes: " + ", ".join(dups), path=origin)
    bad_codes = sorted(e.code for e in els if not _CODE_RE.match(e.code))
    if bad_codes:
        raise ValidationError(
            "codes must start with a letter and use letters, digits, '_', '.', '-': " + ", ".join(bad_codes),
            path=origin,
        )
    by_code = {e.code: e for e in els}
    bad_dir = sorted(e.code for e in els if e.direction not in (1, -1))
    if bad_dir:
        raise ValidationError("direction must be 1 or -1 for: " + ", ".join(bad_dir), path=origin)
    bad_w = sorted(e.code for e in els if not (math.isfinite(e.weight) and e.weight >= 0))
    if bad_w:
        raise ValidationError("weight must be a finite number >= 0 for: " + ", ".join(bad_w), path=origin)
    bad_src = sorted(e.code for e in els if e.source_type and e.source_type not in SOURCE_TYPES)
    if bad_src:
        raise ValidationError(
            "unknown source_type for: " + ", ".join(bad_src),
            path=origin,
            hint="use one of: " + ", ".join(SOURCE_TYPES),
        )
    top = max(e.level for e in els)
    tops = sorted(e.code for e in els if e.level == top)
    if len(tops) != 1:
        raise ValidationError("the top level must hold exactly one index, found: " + ", ".join(tops), path=origin)
    if by_code[tops[0]].parent is not None:
        raise ValidationError(f"the index '{tops[0]}' must not have a parent", path=origin)
    orphans = sorted(e.code for e in els if e.level < top and (e.parent is None or e.parent not in by_code))
    if orphans:
        raise ValidationError(
            "parents missing or unknown for: " + ", ".join(orphans),
            path=origin,
            hint="every element below the index needs a parent that is itself an element",
        )
    wrong = sorted(
        e.code for e in els if e.parent is not None and e.parent in by_code and by_code[e.parent].level != e.level + 1
    )
    if wrong:
        raise ValidationError(
            "parent must be exactly one level above its child for: " + ", ".join(wrong), path=origin
        )
    if min(e.level for e in els) != LEVEL_INDICATOR:
        raise ValidationError("the framework has no level-1 indicators", path=origin)
    parents = {e.parent for e in els}
    childless = sorted(e.code for e in els if e.level > LEVEL_INDICATOR and e.code not in parents)
    if childless:
        raise ValidationError("aggregates without children: " + ", ".join(childless), path=origin)


def _req(d: Mapping[str, object], key: str, where: str, origin: str) -> str:
    v = d.get(key)
    if v is None or str(v).strip() == "":
        raise ValidationError(f"{where}: missing '{key}'", path=origin, field=key)
    return str(v)


def framework_from_dict(doc: Mapping[str, object], *, origin: str = "<framework>") -> Framework:
    """Build a :class:`Framework` from the nested YAML structure (index → dimensions → sub-dimensions → …)."""
    version = _req(doc, "version", "framework", origin)
    title = _req(doc, "title", "framework", origin)
    index = doc.get("index")
    if not isinstance(index, Mapping):
        raise ValidationError("framework: 'index' must be a mapping with code and name", path=origin, field="index")
    index_code = _req(index, "code", "index", origin)
    elements = [Element(index_code, _req(index, "name", "index", origin), LEVEL_INDEX, None)]
    dims = doc.get("dimensions")
    if not isinstance(dims, list) or not dims:
        raise ValidationError("framework: 'dimensions' must be a non-empty list", path=origin, field="dimensions")
    for dim in dims:
        dim_el = _aggregate(dim, LEVEL_DIMENSION, index_code, origin)
        elements.append(dim_el)
        for sub in _list(dim, "sub_dimensions", origin):
            sub_el = _aggregate(sub, LEVEL_SUBDIMENSION, dim_el.code, origin)
            elements.append(sub_el)
            for ind in _list(sub, "indicators", origin):
                elements.append(_indicator(ind, sub_el.code, origin))
    raw_sources = doc.get("sources") or []
    sources = tuple(str(s) for s in raw_sources) if isinstance(raw_sources, list) else (str(raw_sources),)
    return Framework(version=version, title=title, elements=tuple(elements), sources=sources, origin=origin)


def _list(d: object, key: str, origin: str) -> list[Mapping[str, object]]:
    if not isinstance(d, Mapping):
        raise ValidationError(f"expected a mapping, got {d!r}", path=origin)
    items = d.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, Mapping) for i in items):
        raise ValidationError(
            f"'{d.get('code', '?')}': '{key}' must be a non-empty list of mappings", path=origin, field=key
        )
    return items


def _aggregate(d: object, level: int, parent: str, origin: str) -> Element:
    if not isinstance(d, Mapping):
        raise ValidationError(f"expected a mapping for a {LEVEL_NAMES[level]}, got {d!r}", path=origin)
    code = _req(d, "code", LEVEL_NAMES[level], origin)
    return Element(
        code=code,
        name=_req(d, "name", code, origin),
        level=level,
        parent=parent,
        weight=_number(d.get("weight", 1.0), code, "weight", origin),
        description=str(d.get("description", "")),
    )


def _indicator(d: Mapping[str, object], parent: str, origin: str) -> Element:
    code = _req(d, "code", "indicator", origin)
    direction = d.get("direction", 1)
    if direction not in (1, -1):
        raise ValidationError(f"indicator '{code}': direction must be 1 or -1, got {direction!r}", path=origin)
    return Element(
        code=code,
        name=_req(d, "name", code, origin),
        level=LEVEL_INDICATOR,
        parent=parent,
        direction=int(direction),
        weight=_number(d.get("weight", 1.0), code, "weight", origin),
        unit=_req(d, "unit", code, origin),
        source=_req(d, "source", code, origin),
        source_type=_req(d, "source_type", code, origin),
        dataset=str(d.get("dataset", "")),
    )


def _number(v: object, code: str, key: str, origin: str) -> float:
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(f"'{code}': {key} must be a number, got {v!r}", path=origin, field=key) from None


def framework_from_imeta(imeta: pd.DataFrame, *, version: str = "", title: str = "iMeta",
                         origin: str = "<iMeta>") -> Framework:
    """Build a framework from COINr's iMeta layout (rows of Type 'Group'/'Denominator' are ignored)."""
    missing = [c for c in IMETA_COLUMNS if c not in imeta.columns]
    if missing:
        raise ValidationError("iMeta lacks columns: " + ", ".join(missing), path=origin)
    rows = imeta[imeta["Type"].isin(["Indicator", "Aggregate"])]
    elements = []
    for i, rec in enumerate(rows.to_dict("records"), start=2):
        try:
            level = int(rec["Level"])
        except (TypeError, ValueError):
            raise ValidationError("Level must be an integer", path=origin, line=i, field="Level") from None
        parent = rec["Parent"]
        direction = rec["Direction"]
        weight = rec["Weight"]
        elements.append(
            Element(
                code=str(rec["iCode"]),
                name=str(rec["iName"]),
                level=level,
                parent=None if pd.isna(parent) else str(parent),
                direction=1 if pd.isna(direction) else int(direction),
                weight=1.0 if pd.isna(weight) else float(weight),
            )
        )
    return Framework(version=version, title=title, elements=tuple(elements), origin=origin)


__all__ = [
    "IMETA_COLUMNS",
    "LEVEL_DIMENSION",
    "LEVEL_INDEX",
    "LEVEL_INDICATOR",
    "LEVEL_NAMES",
    "LEVEL_SUBDIMENSION",
    "SOURCE_TYPES",
    "SURVEY_SOURCE_TYPES",
    "Element",
    "Framework",
    "framework_from_dict",
    "framework_from_imeta",
    "validate_elements",
]
