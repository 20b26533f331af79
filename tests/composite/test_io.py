"""Readers: iMeta/iData CSV and the framework YAML (round trip through framework_to_dict)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clusterobs.composite.io import framework_to_dict, read_framework_yaml, read_idata, read_imeta
from clusterobs.errors import FileFormatError, ValidationError

pytestmark = pytest.mark.core

IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,x1,First,1,1,,5,pop,P,Indicator
1,x2,Second,-1,2,,,,P,Indicator
2,P,Pillar,1,1,,,,,Aggregate
,g,Group,,,,,,,Group
,pop,Population,,,,,,,Denominator
"""


def test_read_imeta_and_yaml_roundtrip(tmp_path: Path) -> None:
    p = tmp_path / "iMeta.csv"
    p.write_text(IMETA)
    fw = read_imeta(p)
    assert fw.indicators == ["x1", "x2"] and fw.groups == ("g",) and fw.denominators == ("pop",)
    assert fw["x1"].target == 5.0 and fw["x1"].denominator == "pop" and fw["x2"].direction == -1
    y = tmp_path / "fw.yaml"
    y.write_text(yaml.safe_dump(framework_to_dict(fw)))
    assert read_framework_yaml(y) == fw


def test_read_errors(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text(IMETA.replace("1,x2,Second,-1", "1,x1,Second,-1"))
    with pytest.raises(ValidationError, match="duplicate codes: x1"):
        read_imeta(p)
    with pytest.raises(FileFormatError, match="does not exist"):
        read_idata(tmp_path / "none.csv")
    q = tmp_path / "d.csv"
    q.write_text("code,x\nA,1\n")
    with pytest.raises(FileFormatError, match="no uCode column"):
        read_idata(q)
