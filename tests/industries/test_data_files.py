"""The shipped data files: NACE Rev.2 structure and labels, the 51 categories, the mapping, emerging industries.

Independent sources: NACE Rev.2 (Regulation (EC) No 1893/2006) for counts and labels; the US benchmark
cluster list in ../shared/data/cluster_mapping/us_naics2012_to_cluster_ACR1.csv for the 51 names; the
DERIVED ISIC→cluster reference file for the agreement share of our curated mapping.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from clusterobs.industries import Taxonomy, load_taxonomy
from refdata import shared_file

DATA = resources.files("clusterobs.industries") / "data"


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def _nace_rows() -> list[dict[str, str]]:
    return list(csv.DictReader((DATA / "nace_r2.csv").read_text(encoding="utf-8").splitlines()))


def test_nace_counts_per_level_are_those_of_the_regulation() -> None:
    # Regulation (EC) No 1893/2006: 21 sections, 88 divisions, 272 groups, 615 classes.
    counts = Counter(r["level"] for r in _nace_rows())
    assert counts == {"1": 21, "2": 88, "3": 272, "4": 615}


def test_nace_parents_exist_one_level_up_and_prefix_the_code() -> None:
    rows = _nace_rows()
    by_code = {r["code"]: r for r in rows}
    assert len(by_code) == len(rows)
    for r in rows:
        level = int(r["level"])
        assert r["section"] == r["code"][0]
        if level == 1:
            assert r["parent"] == "" and re.fullmatch("[A-U]", r["code"])
            continue
        parent = by_code[r["parent"]]
        assert int(parent["level"]) == level - 1
        assert r["parent"] == (r["code"][0] if level == 2 else r["code"][:-1])
    # the chain C1011 -> C101 -> C10 -> C
    assert [by_code[c]["parent"] for c in ("C1011", "C101", "C10")] == ["C101", "C10", "C"]


def test_sections_have_the_official_division_ranges() -> None:
    # Division numbers per section from the regulation's structure (e.g. C = 10–33, G = 45–47, S = 94–96).
    divisions = {r["code"] for r in _nace_rows() if r["level"] == "2"}
    assert {d for d in divisions if d[0] == "C"} == {f"C{i}" for i in range(10, 34)}
    assert {d for d in divisions if d[0] == "G"} == {"G45", "G46", "G47"}
    assert {d for d in divisions if d[0] == "S"} == {"S94", "S95", "S96"}
    assert {d for d in divisions if d[0] == "A"} == {"A01", "A02", "A03"}


@pytest.mark.parametrize(("code", "label"), [
    ("C2910", "Manufacture of motor vehicles"),
    ("C2120", "Manufacture of pharmaceutical preparations"),
    ("J6201", "Computer programming activities"),
    ("C", "Manufacturing"),
    ("A0111", "Growing of cereals (except rice), leguminous crops and oil seeds"),
    ("C1011", "Processing and preserving of meat"),
    ("C3030", "Manufacture of air and spacecraft and related machinery"),
    ("F4120", "Construction of residential and non-residential buildings"),
    ("G4711", "Retail sale in non-specialised stores with food, beverages or tobacco predominating"),
    ("H4941", "Freight transport by road"),
    ("I5510", "Hotels and similar accommodation"),
    ("M7211", "Research and experimental development on biotechnology"),
    ("C2660", "Manufacture of irradiation, electromedical and electrotherapeutic equipment"),
    ("Q8610", "Hospital activities"),
    ("J62", "Computer programming, consultancy and related activities"),
    ("U9900", "Activities of extraterritorial organisations and bodies"),
])
def test_nace_labels_match_the_official_text(code: str, label: str) -> None:
    assert {r["code"]: r["label"] for r in _nace_rows()}[code] == label


def _norm(name: str) -> str:
    """Compare US and British spellings of the same cluster name."""
    s = name.lower().replace("defence", "defense").replace("jewellery", "jewelry")
    s = s.replace("organisations", "organizations")
    return re.sub(r"[^a-z]+", " ", s).strip()


def test_the_51_traded_categories_match_the_us_benchmark_names(tax: Taxonomy, shared_data: Path) -> None:
    path = shared_file(shared_data, "cluster_mapping/us_naics2012_to_cluster_ACR1.csv")
    with open(path, encoding="utf-8") as f:
        us = {_norm(r["Cluster"]) for r in csv.DictReader(f) if r["TradedLocal"] == "Traded"}
    ours = tax.categories.loc[tax.categories["kind"] == "traded", "label"].map(_norm)
    assert len(us) == 51
    assert len(ours) == 51 and ours.is_unique
    assert set(ours) == us


def test_local_categories_cover_the_us_local_clusters(tax: Taxonomy, shared_data: Path) -> None:
    path = shared_file(shared_data, "cluster_mapping/us_naics2012_to_cluster_ACR1.csv")
    with open(path, encoding="utf-8") as f:
        us = {_norm(r["Cluster"]) for r in csv.DictReader(f)
              if r["TradedLocal"] == "Local" and r["Cluster"].startswith("Local ")
              and r["Cluster"] != "Local Government Services"}
    ours = set(tax.categories.loc[tax.categories["kind"] == "local", "label"].map(_norm))
    assert len(us) == 16
    assert us <= ours


def test_every_class_has_exactly_one_known_category(tax: Taxonomy) -> None:
    m = tax.nace_to_category
    classes = set(tax.nace.loc[tax.nace["level"] == 4, "code"])
    assert len(m) == 615 and m["nace"].is_unique and set(m["nace"]) == classes
    assert set(m["category"]) <= set(tax.categories["code"])
    assert set(m["basis"]) == {"us-naics-crosswalk", "curated"}
    assert (m.loc[m["basis"] == "curated", "note"].str.strip() != "").all()


# --- comparison with the DERIVED US-crosswalk reference (ISIC Rev.4 → dominant US cluster) ------------------

#: Measured when the mapping was curated (version 2025.1): of 558 NACE classes whose ISIC class has a mapped
#: dominant US cluster, 486 agree (87.1 %); 55 classes have an unmapped ISIC class, 2 no ISIC row at all.
AGREE, COMPARABLE = 486, 558


def test_agreement_with_the_derived_reference_and_every_disagreement_is_curated(
    tax: Taxonomy, shared_data: Path
) -> None:
    path = shared_file(shared_data, "cluster_mapping/DERIVED_isic4_nace2_to_us_cluster_approx.csv")
    with open(path, encoding="utf-8") as f:
        ref = {r["isic4_class"]: r for r in csv.DictReader(f)}
    slug = {_norm(label): code for code, label in zip(tax.categories["code"], tax.categories["label"], strict=True)}
    agree = comparable = 0
    for row in tax.nace_to_category.itertuples():
        r = ref.get(row.isic4)
        if r is None or r["traded_local"] == "Unmapped":
            assert row.basis == "curated" and row.note, row.nace
            continue
        comparable += 1
        if slug.get(_norm(r["dominant_cluster"])) == row.category:
            agree += 1
            assert row.basis == "us-naics-crosswalk", row.nace
        else:
            assert row.basis == "curated" and row.note.strip(), f"{row.nace} disagrees without a note"
    assert (agree, comparable) == (AGREE, COMPARABLE)
    assert agree / comparable == pytest.approx(0.871, abs=5e-4)


def test_isic_correspondence_keeps_divisions(tax: Taxonomy) -> None:
    # NACE Rev.2 and ISIC Rev.4 share their divisions, so the ISIC class of a NACE class has the same 2 digits.
    m = tax.nace_to_category
    assert (m["isic4"].str[:2] == m["nace"].str[1:3]).all()
    assert m["isic4"].str.fullmatch(r"\d{4}").all()


def test_emerging_industries_are_the_ten_of_the_observatory(tax: Taxonomy) -> None:
    codes = set(tax.emerging_industries["code"])
    assert codes == {"advanced_packaging", "biopharmaceuticals", "blue_growth", "creative_industries",
                     "digital_industries", "environmental_industries", "experience_industries",
                     "logistical_services", "medical_devices", "mobility_technologies"}
    assert set(tax.emerging["nace"]) <= set(tax.nace.loc[tax.nace["level"] == 4, "code"])
    # they may overlap: pharmaceutical wholesale is in biopharmaceuticals and medical devices
    bio = tax.classes_of("biopharmaceuticals", scheme="emerging")
    med = tax.classes_of("medical_devices", scheme="emerging")
    assert "G4646" in bio and "G4646" in med
    # the emerging industry is wider than the cluster category of the same name
    assert tax.classes_of("biopharmaceuticals") == ["C2110", "C2120"]
    assert set(tax.classes_of("biopharmaceuticals")) < set(bio)
