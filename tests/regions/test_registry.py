"""The region registry on a hand-made table, and on the real NUTS 2021 code list."""

from pathlib import Path

import pandas as pd
import pytest

from clusterobs.errors import InputError, NotFoundError
from clusterobs.regions.registry import RegionRegistry, regions_frame
from refdata import shared_file


def _toy() -> RegionRegistry:
    pairs = [("AT", "Österreich"), ("AT1", "Ostösterreich"), ("AT13", "Wien"), ("AT12", "Niederösterreich"),
             ("ATZ", "Extra-Regio NUTS 1"), ("ATZZ", "Extra-Regio NUTS 2"), ("NO", "Norge"), ("NO0", "Norge"),
             ("NO08", "Oslo og Viken")]
    return RegionRegistry(regions_frame(pairs, "2021"))


@pytest.mark.core
def test_selection_excludes_extra_regio_by_default() -> None:
    reg = _toy()
    assert reg.codes(level=2) == ["AT12", "AT13", "NO08"]
    assert reg.codes(level=2, include_extra_regio=True) == ["AT12", "AT13", "ATZZ", "NO08"]
    assert reg.codes(level=2, eu27=True) == ["AT12", "AT13"]
    assert reg.codes(country="NO") == ["NO", "NO0", "NO08"]
    assert reg.codes(level=[0, 1], version="2021") == ["AT", "AT1", "NO", "NO0"]


@pytest.mark.core
def test_tree_navigation() -> None:
    reg = _toy()
    assert [r.code for r in reg.children("AT1")] == ["AT12", "AT13"]
    assert [r.code for r in reg.children("AT")] == ["AT1"]
    assert [r.code for r in reg.children("AT", include_extra_regio=True)] == ["AT1", "ATZ"]
    parent = reg.parent("AT13")
    assert parent is not None and parent.name == "Ostösterreich"
    assert reg.parent("AT") is None
    assert [r.code for r in reg.ancestors("AT13")] == ["AT1", "AT"]
    assert reg.is_eu27("AT13") and not reg.is_eu27("NO08")
    assert reg.unresolved_parents() == []
    assert "AT13" in reg and "AT14" not in reg


@pytest.mark.core
def test_errors_name_the_code_and_version() -> None:
    reg = _toy()
    with pytest.raises(NotFoundError, match="'AT14' is not in the NUTS 2021"):
        reg.get("AT14")
    with pytest.raises(NotFoundError, match="no NUTS 2016"):
        reg.codes(version="2016")
    two = RegionRegistry(pd.concat([regions_frame([("AT", "A")], "2016"), regions_frame([("AT", "A")], "2021")]))
    with pytest.raises(InputError, match="several NUTS versions"):
        two.get("AT")
    assert two.get("AT", "2016").version == "2016"
    with pytest.raises(InputError, match="duplicate region codes: AT@2021"):
        RegionRegistry(pd.concat([regions_frame([("AT", "A")], "2021")] * 2))
    with pytest.raises(InputError, match="lacks columns"):
        RegionRegistry(pd.DataFrame({"code": ["AT"]}))


@pytest.mark.core
def test_orphan_is_reported() -> None:
    reg = RegionRegistry(regions_frame([("AT", "A"), ("AT13", "Wien")], "2021"))
    assert reg.unresolved_parents() == ["AT13"]
    with pytest.raises(NotFoundError, match="'AT1'"):
        reg.parent("AT13")


@pytest.mark.realdata
def test_real_nuts2021_registry(shared_data: Path) -> None:
    from clusterobs.ingest.nuts import read_nuts_codes

    with pytest.warns(UserWarning, match="CZ"):  # the file flags Czechia 'CZ' as extra-regio; the code decides
        frame = read_nuts_codes(shared_file(shared_data, "regional/nuts2021_codes.csv"), "2021")
    reg = RegionRegistry(frame)
    # Published: NUTS 2021 has 242 NUTS2 regions in the EU27 (Eurostat, "NUTS - background": 92/242/1166).
    assert len(reg.codes(level=2, eu27=True)) == 242
    assert len(reg.codes(level=1, eu27=True)) == 92
    assert len(reg.codes(level=3, eu27=True)) == 1166
    assert reg.unresolved_parents() == []
    # README of shared/data: 2121 codes (37 L0, 162 L1, 371 L2, 1551 L3).
    assert len(reg) == 2121 and len(reg.codes(level=2, include_extra_regio=True)) == 371
    assert not reg.get("CZ").is_extra_regio and reg.get("CZZZ").is_extra_regio
