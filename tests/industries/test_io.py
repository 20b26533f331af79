"""Loading and validating the taxonomy files: each broken copy fails with file, line and the offending code."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from clusterobs.errors import FileFormatError, NotFoundError, UnknownMethodError, ValidationError
from clusterobs.industries import load_taxonomy, load_taxonomy_from

DATA = Path(str(resources.files("clusterobs.industries") / "data"))


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_copy_loads_with_the_same_checksum(copy: Path) -> None:
    assert load_taxonomy_from(copy).checksum == load_taxonomy().checksum


def test_editing_a_file_changes_the_checksum(copy: Path) -> None:
    row = "C2910,4,C291,Manufacture of motor "
    _edit(copy / "nace_r2.csv", row + "vehicles,", row + "cars,")
    assert load_taxonomy_from(copy).checksum != load_taxonomy().checksum


def test_unknown_parent(copy: Path) -> None:
    _edit(copy / "nace_r2.csv", "C1011,4,C101,", "C1011,4,C199,")
    with pytest.raises(ValidationError, match=r"nace_r2\.csv:\d+: field 'parent': unknown parent 'C199' of 'C1011'"):
        load_taxonomy_from(copy)


def test_duplicate_code(copy: Path) -> None:
    _edit(copy / "nace_r2.csv", "C1012,4,C101,", "C1011,4,C101,")
    with pytest.raises(ValidationError, match=r"nace_r2\.csv:\d+: field 'code': duplicate NACE code 'C1011'"):
        load_taxonomy_from(copy)


def test_class_without_category(copy: Path) -> None:
    path = copy / "nace_to_category.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("J6201,")), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"1 NACE class\(es\) without category: J6201"):
        load_taxonomy_from(copy)


def test_unknown_category(copy: Path) -> None:
    _edit(copy / "nace_to_category.csv", "C2910,automotive,", "C2910,cars,")
    with pytest.raises(ValidationError, match=r"nace_to_category\.csv:\d+: field 'category': unknown category 'cars'"):
        load_taxonomy_from(copy)


def test_code_inconsistent_with_parent(copy: Path) -> None:
    _edit(copy / "nace_r2.csv", "C1011,4,C101,", "C1021,4,C101,")
    with pytest.raises(ValidationError, match="inconsistent with its parent"):
        load_taxonomy_from(copy)


def test_unknown_class_in_emerging_industry(copy: Path) -> None:
    _edit(copy / "emerging_industries.yaml", "C2110, C2120", "C2110, C2199")
    with pytest.raises(ValidationError, match=r"emerging_industries\.yaml:\d+: .*unknown NACE class 'C2199'"):
        load_taxonomy_from(copy)


def test_ragged_csv_line(copy: Path) -> None:
    _edit(copy / "nace_r2.csv", "C1011,4,C101,", "C1011,4,C101,extra,")
    with pytest.raises(FileFormatError, match=r"nace_r2\.csv:\d+: 6 fields, expected 5"):
        load_taxonomy_from(copy)


def test_unknown_version_lists_the_available_one() -> None:
    with pytest.raises(NotFoundError, match="2025.1"):
        load_taxonomy("1999.1")
    assert load_taxonomy("2025.1") is load_taxonomy()


def test_lookups() -> None:
    tax = load_taxonomy()
    assert tax.category_of("C2910") == "automotive"
    assert tax.category_of("C2120") == "biopharmaceuticals"
    assert tax.category_of("J6201") == "business_services"  # US: custom programming is business services
    with pytest.raises(NotFoundError, match="C29"):
        tax.category_of("C29")
    assert tax.classes_of("tobacco") == ["C1200"]
    assert tax.classes_of_division("C21") == ["C2110", "C2120"]
    with pytest.raises(UnknownMethodError):
        tax.classes_of("tobacco", scheme="naics")
    with pytest.raises(NotFoundError):
        tax.classes_of("spaceships")
