"""Parity with COINr 1.1.14 on its ASEM example and on the Handbook TAI case (reference files in
../shared/data/composite, produced by COINr in R; see that folder's README for the exact calls)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusterobs.composite import (
    AggregateStep,
    Coin,
    Element,
    ImputeStep,
    NormaliseStep,
    Run,
    build_framework,
    coinr_example_run,
    copeland,
    read_idata,
    read_imeta,
    regenerate,
    run_pipeline,
)
from clusterobs.composite.aggregate import AggSpec, aggregate_table
from clusterobs.composite.impute import impute_table
from clusterobs.composite.normalise import NormSpec, normalise_table
from clusterobs.composite.results import strengths_weaknesses, unit_summary
from clusterobs.composite.stats import indicator_stats
from clusterobs.composite.treat import treat_table
from coinr_ref import ASEM, TAI, assert_frame_close, read_expected, signif
from refdata import shared_file

pytestmark = [pytest.mark.core, pytest.mark.realdata]

STAGES = ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]


@pytest.fixture(scope="module")
def asem(shared_data: Path) -> tuple:
    fw = read_imeta(shared_file(shared_data, f"{ASEM}/input_ASEM_iMeta.csv"))
    data = read_idata(shared_file(shared_data, f"{ASEM}/input_ASEM_iData.csv"))
    return fw, data


@pytest.fixture(scope="module")
def coin(asem: tuple) -> Coin:
    fw, data = asem
    return run_pipeline(fw, data, coinr_example_run())


def exp(shared_data: Path, name: str) -> pd.DataFrame:
    return read_expected(shared_file(shared_data, f"{ASEM}/{name}"))


@pytest.mark.parametrize("stage", STAGES)
def test_default_stage(coin: Coin, shared_data: Path, stage: str) -> None:
    assert_frame_close(coin.stage(stage), exp(shared_data, f"expected_default_{stage}.csv"))


def test_default_screened_removed_units(coin: Coin, shared_data: Path) -> None:
    text = shared_file(shared_data, f"{ASEM}/expected_default_Screened_RemovedUnits.txt").read_text().split()
    assert list(coin.removed_units) == text == []


def test_default_treated_details(coin: Coin, shared_data: Path) -> None:
    e = exp(shared_data, "expected_default_Treated_details.csv")
    d = coin.details["Treated.details"].reindex(e.index)
    for col in e.columns:
        if col.endswith(".Pass"):
            known = e[col].notna()
            assert d[col].isna().equals(~known), col
            assert (d.loc[known, col].astype(bool) == e.loc[known, col].astype(bool)).all(), col
        else:
            np.testing.assert_allclose(d[col].astype(float), e[col], atol=1e-9, equal_nan=True, err_msg=col)
    assert d["check_SkewKurt2.Pass"].isna().all()  # no indicator needed the log fallback


def test_default_results_full(coin: Coin, shared_data: Path) -> None:
    scores = exp(shared_data, "expected_default_results_full_scores.csv")
    ranks = exp(shared_data, "expected_default_results_full_ranks.csv")
    s, r = coin.scores(), coin.ranks()
    assert list(s.index) == list(scores.index)  # same order: descending index score
    codes = [c for c in scores.columns if c not in ("uName", "Rank")]
    assert_frame_close(s, scores[codes], atol=1e-9)  # file rounded to 12 dp
    exact = [c for c in codes if c != "TolMin"]
    assert (r[exact].reindex(ranks.index) == ranks[exact]).all().all()
    ok = [u for u in ranks.index if u not in LOST_TIES]
    assert (r.loc[ok, "TolMin"] == ranks.loc[ok, "TolMin"]).all()
    assert (r[coin.framework.index_code] == scores["Rank"]).all()


@pytest.mark.parametrize("stage", ["Raw", "Treated"])
def test_stats(coin: Coin, shared_data: Path, stage: str) -> None:
    e = exp(shared_data, f"expected_stats_{stage}.csv")
    st = indicator_stats(coin.stage(stage)).reindex(e.index)
    num = [c for c in e.columns if not c.startswith("Flag.")]
    got = signif(st[num].to_numpy(dtype=float))
    want = e[num].to_numpy(dtype=float)
    # TolMin's N.Unique/Frc.Unique: two ties the 15-digit input lost (see LOST_TIES)
    lost = (e.index.get_loc("TolMin"), [num.index("N.Unique"), num.index("Frc.Unique")])
    assert got[lost[0], lost[1][0]] == want[lost[0], lost[1][0]] - 2
    got[lost[0], lost[1]] = want[lost[0], lost[1]]
    np.testing.assert_array_equal(got, want)
    for col in [c for c in e.columns if c.startswith("Flag.")]:
        assert (st[col] == e[col]).all(), col


NORM = {
    "zscore": NormSpec("zscore", {"m": 0, "sd": 1}), "rank": NormSpec("rank"), "borda": NormSpec("borda"),
    "prank": NormSpec("prank"), "fracmax": NormSpec("fracmax"), "dist2max": NormSpec("dist2max"),
    "minmax01": NormSpec("minmax", {"l": 0, "u": 1}), "minmax_1_100": NormSpec("minmax", {"l": 1, "u": 100}),
}
# TolMin of GRC, BGR, CZE (5.1) and JPN, NOR (3.4) are tied in the 15-digit CSV input but not in COINr's binary
# data (its ranks 26/27 and 42/43 split them): rank-based methods cannot see a difference the file lost.
LOST_TIES = ["BGR", "CZE", "GRC", "JPN", "NOR"]


@pytest.mark.parametrize("name", list(NORM))
def test_normalisation_variants(coin: Coin, shared_data: Path, name: str) -> None:
    e = exp(shared_data, f"expected_normalised_{name}.csv")
    got = normalise_table(coin.stage("Treated"), NORM[name], framework=coin.framework)
    if name in ("rank", "borda", "prank"):
        rest = e.drop(columns="TolMin")
        assert_frame_close(got, rest)
        ok = [u for u in e.index if u not in LOST_TIES]
        assert_frame_close(got.loc[ok, ["TolMin"]], e.loc[ok, ["TolMin"]])
    else:
        assert_frame_close(got, e)


@pytest.mark.parametrize("method,spec", [("a_amean", AggSpec("amean")), ("a_gmean", AggSpec("gmean")),
                                         ("a_hmean", AggSpec("hmean")), ("a_genmean_p2", AggSpec("genmean", {"p": 2}))])
def test_aggregation_variants(coin: Coin, shared_data: Path, method: str, spec: AggSpec) -> None:
    norm = normalise_table(coin.stage("Treated"), NormSpec("minmax", {"l": 1, "u": 100}), framework=coin.framework)
    got = aggregate_table(norm, coin.framework, spec)
    assert_frame_close(got, exp(shared_data, f"expected_aggregated_minmax1_100_{method}.csv"))


def test_aggregation_dat_thresh(coin: Coin, shared_data: Path) -> None:
    got = aggregate_table(coin.stage("Normalised"), coin.framework, dat_thresh=0.5)
    assert_frame_close(got, exp(shared_data, "expected_aggregated_default_datthresh0.5.csv"))


def test_copeland_units_without_tied_pairs(coin: Coin, shared_data: Path) -> None:
    """Units with no tied pair do not depend on how ties round; they match whatever the float details."""
    e = exp(shared_data, "expected_copeland_all_normalised_indicators.csv").iloc[:, 0]
    x = coin.stage("Normalised").reindex(e.index).to_numpy()
    got = copeland(x, np.ones(x.shape[1]))
    gt = (x[:, None, :] > x[None, :, :]).sum(2)
    lt = (x[:, None, :] < x[None, :, :]).sum(2)
    tied = ((gt == lt) & ~np.eye(len(x), dtype=bool)).any(axis=1)
    assert tied.sum() < 30
    np.testing.assert_array_equal(got[~tied], e.to_numpy()[~tied])


def test_copeland_all_units(coin: Coin, shared_data: Path) -> None:
    e = exp(shared_data, "expected_copeland_all_normalised_indicators.csv").iloc[:, 0]
    x = coin.stage("Normalised").reindex(e.index).to_numpy()
    np.testing.assert_array_equal(copeland(x, np.ones(x.shape[1])), e.to_numpy())


@pytest.mark.parametrize("name,method,group", [("i_mean", "mean", None), ("i_median", "median", None),
                                               ("i_median_grp_EurAsia", "median_group", "EurAsia_group")])
def test_imputation_variants(coin: Coin, shared_data: Path, name: str, method: str, group: str | None) -> None:
    groups = coin.units[group] if group else None
    got, mask = impute_table(coin.stage("Denominated"), method, groups=groups)
    assert_frame_close(got, exp(shared_data, f"expected_imputed_{name}.csv"))
    assert mask.sum().sum() == coin.stage("Denominated").isna().sum().sum() - got.isna().sum().sum()


def test_joss_example(asem: tuple, shared_data: Path) -> None:
    """JOSS paper: Raw → min-max [0, 100] → arithmetic mean; published DEU 75.23, GBR 68.94, FRA 65.92."""
    fw, data = asem
    c = run_pipeline(fw, data, Run(steps=[NormaliseStep(dset="Raw"), AggregateStep()]))
    assert_frame_close(c.stage("Aggregated"), exp(shared_data, "expected_joss_example_Aggregated_all_levels.csv"))
    idx = exp(shared_data, "expected_joss_example_raw_minmax_amean_index.csv")
    s, r = c.scores(), c.ranks()
    np.testing.assert_allclose(s["Index"].reindex(idx.index), idx["Index"], atol=1e-9)
    assert (r["Index"].reindex(idx.index) == idx["Rank"]).all()
    assert [round(v, 2) for v in s["Index"].iloc[:3]] == [75.23, 68.94, 65.92]


def test_unit_summary_and_strengths_india(coin: Coin, shared_data: Path) -> None:
    summ = exp(shared_data, "expected_unit_summary_IND.csv")
    got = unit_summary(coin.stage("Aggregated"), coin.framework, "IND").set_index("Code")
    assert list(got.index) == list(summ.index)
    np.testing.assert_allclose(got["Score"].round(2), summ["Score"], atol=1e-12)
    assert (got["Rank"] == summ["Rank"]).all()
    sw = exp(shared_data, "expected_str_weak_IND.csv").reset_index()
    best, worst = strengths_weaknesses(coin.stage("Raw"), coin.framework, "IND")
    # the first four strengths match; the fifth place is a tie at rank 6 (Embs, MatCon) that COINr resolves to
    # MatCon and we, in framework order, to Embs
    assert list(best["Code"][:4]) == list(sw["Strengths.Code"][:4])
    assert list(best["Rank"]) == list(sw["Strengths.Rank"])
    np.testing.assert_allclose(signif(best["Value"].to_numpy()[:4]), sw["Strengths.Value"][:4])
    best10, _ = strengths_weaknesses(coin.stage("Raw"), coin.framework, "IND", top=6)
    assert best10.set_index("Code").loc["MatCon", "Rank"] == 6
    assert sorted(worst["Code"]) == sorted(sw["Weaknesses.Code"])
    assert sorted(worst["Rank"]) == sorted(sw["Weaknesses.Rank"])


def test_run_roundtrip_and_variant(coin: Coin, asem: tuple) -> None:
    run = coin.run
    for text, load in [(run.to_yaml(), Run.from_yaml), (run.to_json(), Run.from_json)]:
        assert load(text) == run
    fw, data = asem
    again = run_pipeline(fw, data, Run.from_yaml(run.to_yaml()))
    pd.testing.assert_frame_equal(again.stage("Aggregated"), coin.stage("Aggregated"))
    # change one step: imputation by the overall mean, replayed from that step only
    variant = run.with_step(run.find("impute"), ImputeStep(dset="Denominated", method="mean"))
    alt = regenerate(coin, variant)
    assert alt.stages["Denominated"] is coin.stages["Denominated"]
    full = run_pipeline(fw, data, variant)
    pd.testing.assert_frame_equal(alt.stage("Aggregated"), full.stage("Aggregated"))
    assert not alt.stage("Aggregated").equals(coin.stage("Aggregated"))


# --- Handbook TAI ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tai(shared_data: Path) -> tuple:
    raw = pd.read_csv(shared_file(shared_data, f"{TAI}/input_TAI_raw_23.csv"), index_col="uCode")
    groups = {"Creation": ["PATENTS", "ROYALTIES"], "DiffRecent": ["INTERNET", "EXPORTS"],
              "DiffOld": ["TELEPHONES_log", "ELECTRICITY_log"], "Skills": ["SCHOOLING", "UNIVERSITY"]}
    els = [Element(i, 1, parent=g) for g, inds in groups.items() for i in inds]
    els += [Element(g, 2, parent="TAI") for g in groups] + [Element("TAI", 3)]
    return build_framework(els), raw


def tai_exp(shared_data: Path, name: str) -> pd.DataFrame:
    return read_expected(shared_file(shared_data, f"{TAI}/{name}"))


def test_tai_minmax_and_zscore(tai: tuple, shared_data: Path) -> None:
    fw, raw = tai
    x = raw[fw.indicators]
    assert_frame_close(normalise_table(x, NormSpec("minmax", {"l": 0, "u": 1}), framework=fw),
                       tai_exp(shared_data, "expected_TAI_minmax01.csv"))
    assert_frame_close(normalise_table(x, NormSpec("zscore"), framework=fw),
                       tai_exp(shared_data, "expected_TAI_zscore.csv"))


@pytest.mark.parametrize("file,l,u,method", [("expected_TAI_minmax01_amean_hierarchy.csv", 0, 1, "amean"),
                                             ("expected_TAI_minmax1_100_gmean_hierarchy.csv", 1, 100, "gmean")])
def test_tai_hierarchy(tai: tuple, shared_data: Path, file: str, l: float, u: float, method: str) -> None:  # noqa: E741
    fw, raw = tai
    c = run_pipeline(fw, raw, Run(steps=[NormaliseStep(dset="Raw", params={"l": l, "u": u}),
                                         AggregateStep(method=method)]))
    assert_frame_close(c.stage("Aggregated"), tai_exp(shared_data, file))


def test_tai_treatment_and_stats(tai: tuple, shared_data: Path) -> None:
    fw, raw = tai
    x = raw[fw.indicators]
    treated, det = treat_table(x)
    assert_frame_close(treated, tai_exp(shared_data, "expected_TAI_treated_default.csv"))
    e = tai_exp(shared_data, "expected_TAI_treated_default_details.csv")
    np.testing.assert_allclose(det.loc[e.index, "check_SkewKurt0.Skew"], e["check_SkewKurt0.Skew"], atol=1e-9)
    np.testing.assert_allclose(det.loc[e.index, "winsorise.nwin"], e["winsorise.nwin"], equal_nan=True)
    np.testing.assert_allclose(det.loc[e.index, "check_SkewKurt1.Kurt"].astype(float), e["check_SkewKurt1.Kurt"],
                               atol=1e-9, equal_nan=True)
    st = tai_exp(shared_data, "expected_TAI_stats_raw.csv")
    got = indicator_stats(x).reindex(st.index)
    num = [c for c in st.columns if not c.startswith("Flag.")]
    np.testing.assert_array_equal(signif(got[num].to_numpy(dtype=float)), st[num].to_numpy(dtype=float))
