"""Run files: YAML/JSON round trip, method checks, and clear errors."""

from __future__ import annotations

import pytest

from clusterobs.composite.spec import AggregateStep, MethodRef, NormaliseStep, Run, TreatOverride, TreatStep
from clusterobs.errors import FileFormatError, UnknownMethodError

pytestmark = pytest.mark.core


def test_roundtrip() -> None:
    run = Run(name="x", steps=[TreatStep(overrides={"a": TreatOverride(method="none")}),
                               NormaliseStep(method="zscore", params={"m": 10, "sd": 2},
                                             overrides={"b": MethodRef(method="rank")}),
                               AggregateStep(by_level={3: MethodRef(method="gmean")}, weights={"a": 2})])
    assert Run.from_yaml(run.to_yaml()) == run
    assert Run.from_json(run.to_json()) == run


def test_errors() -> None:
    with pytest.raises(UnknownMethodError, match="minmax"):
        Run.from_yaml("steps:\n  - step: normalise\n    method: minimax\n")
    with pytest.raises(FileFormatError, match="steps.0"):
        Run.from_yaml("steps:\n  - step: normalise\n    bogus: 1\n")
    with pytest.raises(FileFormatError):
        Run.from_yaml("steps: [")


def test_documented_run_file_is_valid() -> None:
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "composite-run.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert block is not None
    run = Run.from_yaml(block.group(1))
    assert [s.step for s in run.steps] == ["denominate", "impute", "screen", "treat", "normalise", "aggregate"]
