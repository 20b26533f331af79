"""Presets: the shipped files validate and cite sources; every criterion kind has a known answer;
broken user presets fail with the file and field named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterobs.errors import FileFormatError, UnknownMethodError, ValidationError
from clusterobs.mapping.criteria import CRITERIA
from clusterobs.mapping.indicators import compute_indicators
from clusterobs.mapping.io import read_preset
from clusterobs.mapping.presets import Condition, builtin_names, builtin_preset, parse_preset
from clusterobs.mapping.stars import map_clusters


def test_builtins_load_with_versions_and_sources() -> None:
    assert builtin_names() == ["eco2007", "eocic", "uscmp"]
    for name in builtin_names():
        p = builtin_preset(name)
        assert p.name == name and p.version and p.sources
    assert [s.name for s in builtin_preset("uscmp").stars] == ["strong", "strong10"]
    assert builtin_preset("uscmp").lq_basis == "traded"
    with pytest.raises(UnknownMethodError, match="eco2007, eocic, uscmp"):
        builtin_preset("eco2099")


# Known answers per criterion kind on the SMALL world (category x: E = A 50, B 10, C 20; LQ 2.5, .5, .5).
KNOWN = {
    "threshold": (Condition(kind="threshold", metric="lq", op=">=", value=2.0), [True, False, False], 2.0),
    "percentile": (Condition(kind="percentile", metric="employment", op=">", p=0.5), [True, False, False], 20.0),
}


@pytest.mark.parametrize("kind", sorted(CRITERIA))
def test_every_criterion_kind_has_a_known_answer(kind: str, small: pd.DataFrame) -> None:
    cond, expected, threshold = KNOWN[kind]
    ind = compute_indicators(small)
    ok, thr = CRITERIA[kind].evaluate(cond, ind, 0)
    assert ok[0, :, 0].tolist() == expected  # regions A, B, C in category x
    assert float(np.broadcast_to(thr, (1, 1, 3))[0, 0, 0]) == pytest.approx(threshold)


def test_configured_thresholds_and_switches(small: pd.DataFrame) -> None:
    p = builtin_preset("eco2007").configured(thresholds={"specialisation": 3.0}, disable=("focus",))
    t = map_clusters(small, p)
    assert "star_focus" not in t.columns
    # LQ 2.5 < 3 no longer earns the star; LQ 3.2 does
    assert t.loc[(t["region"] == "A") & (t["category"] == "x"), "star_specialisation"].item() is False
    assert t.loc[(t["region"] == "B") & (t["category"] == "y"), "star_specialisation"].item() is True
    with pytest.raises(UnknownMethodError, match="nope"):
        builtin_preset("eco2007").configured(disable=("nope",))


def _yaml(stars: str) -> str:
    return ("name: mine\nversion: '1'\ntitle: t\ndescription: d\n"
            "sources: [{citation: 'Somebody (2024), a report'}]\nstars:\n" + stars)


def test_user_preset_from_file(tmp_path: Path, small: pd.DataFrame) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(_yaml("  - name: big\n    description: LQ over 3\n    all_of:\n"
                       "      - {kind: threshold, metric: lq, op: '>', value: 3}\n"))
    p = read_preset(f)
    t = map_clusters(small, p)
    assert t.loc[t["star_big"], ["region", "category"]].astype(str).values.tolist() == [["B", "y"]]


@pytest.mark.parametrize(("stars", "field", "match"), [
    ("  - name: s\n    description: d\n    all_of:\n      - {kind: magic, metric: lq, value: 1}\n",
     "stars.0.all_of.0.kind", "unknown condition kind 'magic'"),
    ("  - name: s\n    description: d\n    all_of:\n      - {kind: threshold, metric: lqq, value: 1}\n",
     "stars.0.all_of.0.metric", "unknown metric 'lqq'"),
    ("  - name: s\n    description: d\n    all_of:\n      - {kind: percentile, metric: lq, value: 1}\n",
     "stars.0.all_of.0", "needs 'p'"),
    ("  - name: s\n    description: d\n    all_of:\n      - {kind: percentile, metric: lq, p: 1.5}\n",
     "stars.0.all_of.0.p", "less than or equal to 1"),
])
def test_bad_presets_name_file_and_field(tmp_path: Path, stars: str, field: str, match: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(_yaml(stars))
    with pytest.raises(ValidationError, match=match) as err:
        read_preset(f)
    assert err.value.field == field and err.value.path == str(f)


def test_unparseable_yaml_gives_the_line() -> None:
    with pytest.raises(FileFormatError) as err:
        parse_preset("name: x\nstars: [\n", source="x.yaml")
    assert err.value.path == "x.yaml" and err.value.line is not None
    with pytest.raises(ValidationError, match="sources"):
        parse_preset("name: x\nversion: '1'\ntitle: t\ndescription: d\nsources: []\nstars: []\n")
