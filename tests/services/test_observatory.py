"""The observatory's read queries, checked against the hand-made store (tests/observatory_store.py)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from clusterobs.errors import NotFoundError
from clusterobs.services import Observatory, SuggestingNotFoundError
from clusterobs.services.observatory import CREDIT_BOUNDARIES, CREDIT_EUROSTAT, natural_key
from clusterobs.store import Batch, Store
from observatory_store import build_store


def test_versions_and_summary(obs: Observatory) -> None:
    assert obs.versions == ["2021"]
    levels = {(lc.level, lc.regions, lc.geometries) for lc in obs.summary.levels}
    # 2 countries, 2 level-1, 5 level-2 (all shaped), 1 level-3 (no shape)
    assert levels == {(0, 2, 2), (1, 2, 0), (2, 5, 5), (3, 1, 0)}


def test_datasets_counted_by_hand(obs: Observatory) -> None:
    d = {r.dataset: r for r in obs.datasets}
    assert (d["pop"].facts, d["pop"].missing, d["pop"].regions, d["pop"].first_year, d["pop"].last_year) == \
        (7, 1, 5, 2020, 2022)
    assert not d["pop"].by_industry and d["sbs"].by_industry
    assert (d["sbs"].facts, d["sbs"].missing) == (2, 1)
    assert [i.indicator for i in obs.indicators("gdp")] == ["GDP_EUR_HAB"]
    with pytest.raises(NotFoundError, match="dataset 'nope'.*pop"):
        obs.dataset("nope")


def test_regions_filter_and_paginate(obs: Observatory) -> None:
    rows, total = obs.regions(level=2, limit=2, offset=1)
    assert total == 5
    assert [r.code for r in rows] == ["AT12", "AT13"]
    rows, total = obs.regions(country="de")
    assert total == 4 and rows[0].code == "DE"
    rows, total = obs.regions(parent="AT1")
    assert [r.code for r in rows] == ["AT11", "AT12", "AT13"]
    with pytest.raises(NotFoundError, match="NUTS version '2016'.*2021"):
        obs.regions(version="2016")


def test_search_ranks_exact_code_then_prefix_then_name(obs: Observatory) -> None:
    assert [r.code for r in obs.search_regions("AT1")] == ["AT1", "AT11", "AT12", "AT13", "AT130"]
    assert [r.code for r in obs.search_regions("wien")] == ["AT13", "AT130"]
    assert [r.code for r in obs.search_regions("württ")] == ["DE1"]
    assert obs.search_regions("  ") == []


def test_region_detail(obs: Observatory) -> None:
    d = obs.region("AT13")
    assert d.region.name == "Wien" and d.region.level == 2 and d.region.country == "AT"
    assert [a.code for a in d.ancestors] == ["AT", "AT1"]
    assert [c.code for c in d.children] == ["AT130"]
    assert d.has_geometry and d.other_versions == []
    # population 2022 is missing (flag ':'), so the headline is 2021's value
    pop, gdp = d.headline
    assert (pop.key, pop.indicator, pop.year, pop.value) == ("population", "POP", 2021, 1_920_000.0)
    assert (gdp.indicator, gdp.year, gdp.value, gdp.unit) == ("GDP_EUR_HAB", 2021, 52_000.0, "EUR")
    assert obs.region("AT130").has_geometry is False
    assert obs.region("DE12").headline == []


def test_unknown_region_suggests_near_codes_and_names(obs: Observatory) -> None:
    with pytest.raises(SuggestingNotFoundError) as err:
        obs.region("AT1Z")
    codes = [s.code for s in err.value.suggestions]
    assert "AT1" in codes and "AT13" in codes
    assert err.value.suggestions[0].url.startswith("/regions/")
    assert "did you mean" in str(err.value)
    assert [s.code for s in obs.suggest_regions("Wein")][:1] in (["AT13"], ["AT130"])
    assert isinstance(err.value, NotFoundError) and isinstance(err.value, LookupError)


def test_facts_filters_and_missing_values(obs: Observatory) -> None:
    rows, total = obs.facts("AT13", dataset="pop")
    assert total == 3
    assert [(f.year, f.value, f.flag) for f in rows] == [(2020, 1_900_000.0, ""), (2021, 1_920_000.0, ""),
                                                          (2022, None, ":")]
    rows, total = obs.facts("AT13", industry="")
    assert total == 4  # 3 POP + 1 GDP, not the 2 by-industry facts
    rows, total = obs.facts("AT13", industry="C29")
    assert [(f.indicator, f.value) for f in rows] == [("employment", 1234.0)]
    with pytest.raises(SuggestingNotFoundError):
        obs.facts("XX99")


def test_latest_facts_and_series(obs: Observatory) -> None:
    latest = {(f.dataset, f.indicator): (f.year, f.value) for f in obs.latest_facts("AT13")}
    assert latest == {("gdp", "GDP_EUR_HAB"): (2021, 52_000.0), ("pop", "POP"): (2021, 1_920_000.0)}
    s = obs.series("AT13", "pop", "POP")
    assert [(p.year, p.value) for p in s.points] == [(2020, 1_900_000.0), (2021, 1_920_000.0), (2022, None)]
    with pytest.raises(NotFoundError):
        obs.series("AT13", "pop", "NOPE")


def test_map_indicators_and_default(obs: Observatory) -> None:
    found = {(m.dataset, m.indicator): (m.years, m.regions) for m in obs.map_indicators(level=2)}
    assert found == {("gdp", "GDP_EUR_HAB"): ([2021], 2), ("pop", "POP"): ([2020, 2021, 2022], 4)}
    default = obs.default_map_indicator(level=2)
    assert default is not None and default.key == "pop:POP"


def test_geometry_carries_values_and_nulls(obs: Observatory) -> None:
    fc = obs.geometry(level=2, dataset="pop", indicator="POP")
    assert fc["properties"]["year"] == 2022  # latest year with a value at level 2
    values = {f["id"]: f["properties"]["value"] for f in fc["features"]}
    # AT13's 2022 value is missing (NaN) and DE12 has none: both null, never 0
    assert values == {"AT11": 297_000.0, "AT12": 1_700_000.0, "AT13": None, "DE11": 4_200_000.0, "DE12": None}
    ring = fc["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == [10, 47] and ring[2] == [11, 48]
    at = obs.geometry(level=2, country="at")
    assert [f["id"] for f in at["features"]] == ["AT11", "AT12", "AT13"]
    assert at["features"][0]["properties"]["value"] is None
    assert [f["properties"]["value"] for f in obs.geometry(level=2, dataset="pop", indicator="POP", year=2021)
            ["features"]] == [None, None, 1_920_000.0, None, None]
    with pytest.raises(NotFoundError, match="needs its dataset"):
        obs.geometry(level=2, indicator="POP")
    with pytest.raises(NotFoundError, match="no values"):
        obs.geometry(level=3, dataset="pop", indicator="POP")


def test_industries_and_links(obs: Observatory) -> None:
    assert {(s.scheme, s.codes) for s in obs.schemes} == {("nace_r2", 4), ("cluster_category", 2), ("emerging", 1)}
    rows, total = obs.industries(scheme="cluster_category", kind="traded")
    assert total == 1 and rows[0].code == "automotive"
    rows, total = obs.industries(q="motor")
    assert [r.code for r in rows] == ["C29", "C291", "C2910"]
    cat = obs.industry("cluster_category", "automotive")
    assert [(x.scheme, x.code) for x in cat.links] == [("nace_r2", "C2910")]
    nace = obs.industry("nace_r2", "C2910")
    assert [(x.scheme, x.code) for x in nace.links] == [("cluster_category", "automotive"),
                                                        ("emerging", "mobility_tech")]
    assert nace.parent is not None and nace.parent.code == "C291"
    assert [c.code for c in obs.industry("nace_r2", "C").children] == ["C29"]
    with pytest.raises(SuggestingNotFoundError) as err:
        obs.industry("cluster_category", "automotiv")
    assert [s.code for s in err.value.suggestions] == ["automotive"]
    with pytest.raises(NotFoundError, match="scheme 'isic'"):
        obs.industries(scheme="isic")


def test_provenance_credits_real_and_synthetic(obs: Observatory, tmp_path: Path) -> None:
    assert not obs.provenance.synthetic
    assert obs.provenance.credits == [CREDIT_EUROSTAT, CREDIT_BOUNDARIES]
    with Store(build_store(tmp_path / "demo.duckdb", synthetic=True), read_only=True) as st:
        demo = Observatory(st)
        assert demo.provenance.synthetic and demo.provenance.credits == []


def test_fingerprint_changes_with_an_ingest(tmp_path: Path) -> None:
    path = build_store(tmp_path / "s.duckdb")
    with Store(path, read_only=True) as st:
        before = Observatory(st).fingerprint
    with Store(path) as st:
        st.write(Batch(dataset="more", kind="test", source="t", checksum="test:more"))
    with Store(path, read_only=True) as st:
        assert Observatory(st).fingerprint != before


def test_threads_query_through_their_own_cursors(obs: Observatory) -> None:
    results: list[int] = []

    def work() -> None:
        for _ in range(20):
            results.append(obs.regions(level=2)[1])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [5] * 80


def test_natural_key_orders_numbered_codes() -> None:
    assert sorted(["ind10", "ind2", "ind1"], key=natural_key) == ["ind1", "ind2", "ind10"]
