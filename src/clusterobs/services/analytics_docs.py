"""Methodology documents of the star presets and the scoreboard framework, written from their data files.

The methodology page must show what the code uses, so each document is generated from the parsed file the
code itself loads (``mapping/presets/*.yaml`` through :func:`~clusterobs.mapping.builtin_preset`,
``scoreboard/data/framework.yaml`` through :func:`~clusterobs.scoreboard.load_framework`), never retyped.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from clusterobs.mapping import Preset, builtin_names, builtin_preset
from clusterobs.mapping.criteria import CRITERIA, METRICS
from clusterobs.mapping.presets import Condition
from clusterobs.scoreboard import load_framework
from clusterobs.scoreboard.framework import LEVEL_DIMENSION, LEVEL_SUBDIMENSION
from clusterobs.services.methodology import MethodDoc, register_method_doc


def _cell(text: object) -> str:
    """Markdown table cell: pipes escaped, one line."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _condition(cond: Condition) -> str:
    label = METRICS.get(cond.metric, cond.metric)
    if cond.value is not None:
        return f"{label} {cond.op} {cond.value:g}"
    return f"{label} {cond.op} {CRITERIA[cond.kind].describe(cond) or f'q({cond.p:g})'}"


def preset_markdown(preset: Preset) -> str:
    """The preset's description, its settings and one table row per star."""
    lines = [preset.description, "",
             f"- LQ basis: **{preset.lq_basis}**; rated categories: **{preset.applies_to}**; "
             f"scoring: **{preset.scoring}**; percentiles: {preset.percentile_method} interpolation.", ""]
    if preset.tiers:
        lines += ["- Tiers: " + ", ".join(f"{k} → {v}" for k, v in sorted(preset.tiers.items())), ""]
    lines += ["| Star | Awarded when | Conditions (all must hold) | Enabled |", "|---|---|---|---|"]
    for s in preset.stars:
        conds = " and ".join(_condition(c) for c in s.all_of)
        lines.append(f"| {_cell(s.name)} | {_cell(s.description)} | {_cell(conds)} | {'yes' if s.enabled else 'no'} |")
    return "\n".join(lines) + "\n"


def preset_doc(name: str) -> MethodDoc:
    p = builtin_preset(name)
    return MethodDoc(key=f"preset-{name}", title=f"Star preset: {p.title}", version=p.version,
                     sources=[s.citation + (f" {s.url}" if s.url else "") for s in p.sources],
                     markdown=preset_markdown(p), files=[f"mapping/presets/{name}.yaml"])


def _framework_yaml() -> dict[str, Any]:
    text = (resources.files("clusterobs.scoreboard") / "data" / "framework.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    return doc if isinstance(doc, dict) else {}


def framework_markdown() -> str:
    """Method (normalisation, aggregation), then per dimension its sub-dimensions and indicators."""
    fw = load_framework()
    raw = _framework_yaml()
    method = raw.get("method", {}) if isinstance(raw.get("method"), dict) else {}
    lines = [f"{len(fw.codes(LEVEL_DIMENSION))} dimensions, {len(fw.codes(LEVEL_SUBDIMENSION))} sub-dimensions "
             f"and {len(fw.indicators)} indicators, aggregated into the {fw.element(fw.index_code).name} "
             f"(`{fw.index_code}`).", ""]
    for key, text in method.items():
        lines.append(f"- **{_cell(key)}**: {_cell(text)}")
    lines += ["", "Peer status colours compare a region with the mean *m* and standard deviation *s* of its "
              "peers: green above *m + s*, red below *m − s*, orange in between, grey without a reading.", ""]
    for dim in fw.codes(LEVEL_DIMENSION):
        lines += [f"### {dim}: {fw.element(dim).name}", ""]
        if fw.element(dim).description:
            lines += [fw.element(dim).description, ""]
        lines += ["| Sub-dimension | Indicator | Name | Unit | Direction | Weight | Source |",
                  "|---|---|---|---|---|---|---|"]
        for sub in fw.children(dim):
            for ind in fw.children(sub):
                e = fw.element(ind)
                lines.append(f"| {sub} {_cell(fw.element(sub).name)} | {ind} | {_cell(e.name)} | {_cell(e.unit)} | "
                             f"{'+1' if e.direction > 0 else '−1'} | {e.weight:g} | {_cell(e.source)} |")
        lines.append("")
    return "\n".join(lines)


def framework_doc() -> MethodDoc:
    raw = _framework_yaml()
    fw = load_framework()
    return MethodDoc(key="scoreboard-framework", title=f"Scoreboard framework: {raw.get('title', fw.index_code)}",
                     version=str(raw.get("version", "")), sources=[str(s) for s in raw.get("sources", [])],
                     markdown=framework_markdown(),
                     files=["scoreboard/data/framework.yaml", "scoreboard/data/peer_blocks.yaml",
                            "scoreboard/data/policy_actions.yaml"])


for _name in builtin_names():
    register_method_doc(f"preset-{_name}", lambda n=_name: preset_doc(n))  # type: ignore[misc]
register_method_doc("scoreboard-framework", framework_doc)

__all__ = ["framework_doc", "framework_markdown", "preset_doc", "preset_markdown"]
