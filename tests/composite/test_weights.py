"""Weight sets."""

from __future__ import annotations

import pytest

from clusterobs.composite.framework import Element, build_framework
from clusterobs.composite.weights import resolve_weights, weights_table
from clusterobs.errors import UnknownMethodError, ValidationError

pytestmark = pytest.mark.core

FW = build_framework([Element("a", 1, "I", weight=2), Element("b", 1, "I"), Element("I", 2)])


def test_weight_sets() -> None:
    assert resolve_weights(FW, "original").to_dict() == {"a": 2, "b": 1, "I": 1}
    assert resolve_weights(FW, "equal").to_dict() == {"a": 1, "b": 1, "I": 1}
    assert resolve_weights(FW, {"b": 3})["b"] == 3
    assert weights_table(FW, resolve_weights(FW, "original")).set_index("iCode")["Share"]["a"] == pytest.approx(2 / 3)
    with pytest.raises(ValidationError, match="not in the framework: z"):
        resolve_weights(FW, {"z": 1})
    with pytest.raises(UnknownMethodError):
        resolve_weights(FW, "pca")
