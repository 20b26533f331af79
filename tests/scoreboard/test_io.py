"""File edges: packaged files load, bad files fail with located messages, public API is explicit."""

from __future__ import annotations

from pathlib import Path

import pytest

import clusterobs.scoreboard as sb
from clusterobs.errors import FileFormatError, ValidationError
from clusterobs.scoreboard.io import load_framework, load_peer_blocks, load_policy_actions

pytestmark = pytest.mark.core


def test_packaged_files_load_with_versions() -> None:
    fw = load_framework()
    assert fw.version and fw.origin.endswith("framework.yaml")
    assert load_policy_actions(framework=fw).version
    assert load_peer_blocks().version


def test_bad_yaml_is_located(tmp_path: Path) -> None:
    p = tmp_path / "fw.yaml"
    p.write_text("version: 1\ntitle: [unclosed\n")
    with pytest.raises(FileFormatError, match=r"fw\.yaml:\d+: not valid YAML"):
        load_framework(p)
    p.write_text("- a list\n")
    with pytest.raises(FileFormatError, match="top level must be a mapping"):
        load_framework(p)
    p.write_text("title: t\n")
    with pytest.raises(ValidationError, match="missing 'version'"):
        load_framework(p)
    with pytest.raises(FileFormatError, match="cannot read"):
        load_framework(tmp_path / "absent.yaml")


def test_public_api_is_sorted_and_importable() -> None:
    assert sb.__all__ == sorted(sb.__all__)
    for name in sb.__all__:
        assert hasattr(sb, name), name
