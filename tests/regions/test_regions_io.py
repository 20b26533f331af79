"""The registry read back from a store (the edge module regions/io.py)."""

import pandas as pd
import pytest

from clusterobs.errors import NotFoundError
from clusterobs.regions.io import changes_from_store, registry_from_store
from clusterobs.regions.registry import regions_frame
from clusterobs.store import Batch, Store

pytestmark = pytest.mark.storage


def test_registry_round_trips_through_the_store(store: Store) -> None:
    frame = pd.concat([regions_frame([("AT", "Österreich"), ("AT1", "Ostösterreich"), ("AT13", "Wien"),
                                      ("ATZ", "Extra-Regio")], "2021"),
                       regions_frame([("AT", "Österreich")], "2016")])
    changes = pd.DataFrame([{"from_version": "2016", "to_version": "2021", "code_from": "AT", "code_to": "AT",
                             "level": 0, "country": "AT", "change": "unchanged", "comment": ""}])
    store.write(Batch("t", "regions", "hand", "sha256:0", {"regions": frame, "region_changes": changes}))
    reg = registry_from_store(store, "2021")
    assert reg.versions == ["2021"] and len(reg) == 4
    assert reg.get("AT13").parent == "AT1" and reg.parent("AT") is None and reg.get("ATZ").is_extra_regio
    assert reg.codes() == ["AT", "AT1", "AT13"]
    assert changes_from_store(store)["change"].tolist() == ["unchanged"]
    with pytest.raises(NotFoundError, match="holds no NUTS 2013 regions.*versions held: 2016, 2021"):
        registry_from_store(store, "2013")
