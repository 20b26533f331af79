"""The scorecard: one region's elements laid out as in the published scoreboard.

The published scorecard reads top-down: the overall index, then one block per dimension: the dimension
row, then each sub-dimension followed by its indicators. Columns: value, rank ("rank/N"), EU mean, peer mean
and peer status (the colour of :mod:`clusterobs.scoreboard.elements`). Values are the normalised scores in
[0, 1] that the colours and ranks are computed on.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from clusterobs.errors import ValidationError
from clusterobs.scoreboard.framework import Framework

SCORECARD_COLUMNS: Final = (
    "block", "code", "element", "level", "value", "rank", "EU mean", "peer mean", "peer status",
)


def scorecard(framework: Framework, elements: pd.DataFrame) -> pd.DataFrame:
    """The scorecard table from an element table (:func:`~clusterobs.scoreboard.elements.element_table`).

    ``block`` is the dimension code of each row (the index code for the index row); rows follow the
    framework's depth-first order whatever the order of ``elements``.
    """
    needed = {"code", "name", "level", "dimension", "value", "rank_label", "eu_mean", "peer_mean", "colour"}
    lacking = sorted(needed - set(elements.columns))
    if lacking:
        raise ValidationError("element table lacks columns: " + ", ".join(lacking))
    order = framework.tree_order()
    el = elements.set_index("code")
    absent = [c for c in order if c not in el.index]
    if absent:
        raise ValidationError("element table lacks elements: " + ", ".join(absent))
    el = el.loc[order]
    index_code = framework.index_code
    block = [d if d else (index_code if c == index_code else "") for c, d in zip(order, el["dimension"], strict=True)]
    return pd.DataFrame(
        {
            "block": block,
            "code": order,
            "element": el["name"].to_numpy(),
            "level": el["level"].to_numpy(),
            "value": el["value"].to_numpy(dtype=float),
            "rank": el["rank_label"].to_numpy(),
            "EU mean": el["eu_mean"].to_numpy(dtype=float),
            "peer mean": el["peer_mean"].to_numpy(dtype=float),
            "peer status": el["colour"].to_numpy(),
        }
    )


__all__ = ["SCORECARD_COLUMNS", "scorecard"]
