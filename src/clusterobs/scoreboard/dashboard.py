"""The policy action dashboard: which policy areas promise most for a region's bottlenecks.

A bottleneck is an element flagged red against the peers (see :mod:`clusterobs.scoreboard.elements`). Each
red sub-dimension, and each red indicator (through its sub-dimension), points to the candidate policy actions
of a versioned mapping file (``data/policy_actions.yaml``). Items are ranked by the standardised gap to the
peers, ``gap = (peer_mean − value) / peer_sd``: how many peer standard deviations the region lies below the
peer mean, so gaps of differently spread elements are comparable. (Red implies gap > 1; with peer_sd = 0 the
gap is +inf and ranks first.)

Layout: grouped by dimension, dimensions ordered by their largest gap (ties in framework order), items within
a dimension by gap (ties in framework order). ``rank`` is the overall rank by gap (1 = largest; ties "min").
A value resting on few data is flagged: ``coverage`` is the share of the sub-dimension's indicators that the
region has a value for, and a warning is written when it is below ``min_coverage`` (default 0.65, the
coverage threshold that COINr and the JRC use to flag indicators).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.scoreboard.elements import RED
from clusterobs.scoreboard.framework import LEVEL_DIMENSION, LEVEL_SUBDIMENSION, Framework

DEFAULT_MIN_COVERAGE: Final = 0.65
DASHBOARD_COLUMNS: Final = (
    "dimension", "dimension_name", "code", "name", "level", "sub_dimension", "value", "peer_mean",
    "peer_sd", "gap", "rank", "rank_in_dimension", "coverage", "coverage_warning", "action_ids",
    "policy_actions",
)


@dataclass(frozen=True)
class PolicyAction:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class PolicyActions:
    """Sub-dimension code → candidate actions (a versioned mapping file)."""

    version: str
    actions: dict[str, tuple[PolicyAction, ...]]
    sources: tuple[str, ...] = ()


def policy_actions_from_dict(
    doc: Mapping[str, object], framework: Framework | None = None, *, origin: str = "<policy actions>"
) -> PolicyActions:
    """Parse the mapping; with ``framework``, every sub-dimension must have actions and no key be unknown."""
    raw = doc.get("actions")
    if not isinstance(raw, Mapping) or not raw:
        raise ValidationError("'actions' must be a mapping of sub-dimension → list", path=origin, field="actions")
    actions: dict[str, tuple[PolicyAction, ...]] = {}
    seen_ids: set[str] = set()
    for code, items in raw.items():
        if not isinstance(items, list) or not items:
            raise ValidationError(f"'{code}': needs a non-empty list of actions", path=origin, field=str(code))
        parsed = []
        for it in items:
            if not isinstance(it, Mapping) or not it.get("id") or not it.get("title"):
                raise ValidationError(f"'{code}': each action needs an id and a title, got {it!r}", path=origin)
            aid = str(it["id"])
            if aid in seen_ids:
                raise ValidationError(f"action id '{aid}' is used twice", path=origin, field="id")
            seen_ids.add(aid)
            parsed.append(PolicyAction(aid, str(it["title"]), str(it.get("description", ""))))
        actions[str(code)] = tuple(parsed)
    if framework is not None:
        subs = framework.codes(LEVEL_SUBDIMENSION)
        unknown = sorted(set(actions) - set(subs))
        if unknown:
            raise ValidationError("actions for codes that are not sub-dimensions: " + ", ".join(unknown), path=origin)
        without = [c for c in subs if c not in actions]
        if without:
            raise ValidationError("sub-dimensions without policy actions: " + ", ".join(without), path=origin)
    raw_sources = doc.get("sources") or []
    return PolicyActions(
        version=str(doc.get("version", "")),
        actions=actions,
        sources=tuple(str(s) for s in raw_sources) if isinstance(raw_sources, list) else (),
    )


def _num(x: object) -> float:
    return float(x) if isinstance(x, (int, float, np.number)) else float("nan")


def coverage(framework: Framework, elements: pd.DataFrame) -> dict[str, float]:
    """Per sub-dimension: share of its indicators with a value for the region of ``elements``."""
    value = elements.set_index("code")["value"]
    out = {}
    for sub in framework.codes(LEVEL_SUBDIMENSION):
        inds = framework.children(sub)
        out[sub] = float(value.reindex(inds).notna().mean()) if inds else float("nan")
    return out


def policy_dashboard(
    framework: Framework,
    elements: pd.DataFrame,
    actions: PolicyActions,
    *,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> pd.DataFrame:
    """Red sub-dimensions and indicators of one region with their policy actions, ranked by gap."""
    cov = coverage(framework, elements)
    order = {c: i for i, c in enumerate(framework.tree_order())}
    red = elements[(elements["colour"] == RED) & elements["level"].isin(["sub-dimension", "indicator"])]
    rows = []
    for rec in red.to_dict("records"):
        code = str(rec["code"])
        sub = framework.ancestor(code, LEVEL_SUBDIMENSION) or ""
        dim = framework.ancestor(code, LEVEL_DIMENSION) or ""
        acts = actions.actions.get(sub, ())
        c = cov.get(sub, float("nan"))
        n_ind = len(framework.children(sub)) if sub else 0
        warning = (
            f"only {round(c * n_ind)} of {n_ind} indicators of {sub} available" if c < min_coverage else ""
        )
        value, peer_mean, peer_sd = _num(rec["value"]), _num(rec["peer_mean"]), _num(rec["peer_sd"])
        gap = (peer_mean - value) / peer_sd if peer_sd != 0 else float("inf")
        rows.append(
            {
                "dimension": dim,
                "dimension_name": framework.element(dim).name if dim else "",
                "code": code,
                "name": rec["name"],
                "level": rec["level"],
                "sub_dimension": sub,
                "value": value,
                "peer_mean": peer_mean,
                "peer_sd": peer_sd,
                "gap": gap,
                "coverage": c,
                "coverage_warning": warning,
                "action_ids": "; ".join(a.id for a in acts),
                "policy_actions": "; ".join(a.title for a in acts),
                "_order": order[code],
            }
        )
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DASHBOARD_COLUMNS})
    df = pd.DataFrame(rows)
    df["rank"] = df["gap"].rank(ascending=False, method="min").astype(int)
    top = df.groupby("dimension")["gap"].max().rename("_dim_gap")
    dim_order = df.groupby("dimension")["_order"].min().rename("_dim_order")
    df = df.join(top, on="dimension").join(dim_order, on="dimension")
    df = df.sort_values(["_dim_gap", "_dim_order", "gap", "_order"], ascending=[False, True, False, True],
                        kind="mergesort")
    df["rank_in_dimension"] = df.groupby("dimension").cumcount() + 1
    return df[list(DASHBOARD_COLUMNS)].reset_index(drop=True)


__all__ = [
    "DASHBOARD_COLUMNS",
    "DEFAULT_MIN_COVERAGE",
    "PolicyAction",
    "PolicyActions",
    "coverage",
    "policy_actions_from_dict",
    "policy_dashboard",
]
