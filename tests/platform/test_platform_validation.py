"""Each ECCP validation criterion at its threshold, and the programme waiver (pure, no database)."""

from __future__ import annotations

from typing import Any

import pytest

from clusterobs.errors import FileFormatError
from clusterobs.platform.validation import check_profile, load_rules, rules_from_dict

GOOD: dict[str, Any] = {"staff_fte": 0.5, "members_sme": 10, "members_large": 0, "members_research": 5,
                        "members_public": 0, "members_other": 0, "website": "https://c.example.eu",
                        "website_english": True, "support_programme": ""}


def _failed(**changes: Any) -> set[str]:
    return {r.code for r in check_profile({**GOOD, **changes}).failed}


def test_a_profile_at_every_threshold_passes() -> None:
    report = check_profile(GOOD)
    assert report.ok and not report.waived and report.failed == ()
    assert [r.code for r in report.results] == ["management_team", "committed_members", "triple_helix",
                                                "english_website"]


def test_management_team_of_half_an_fte() -> None:
    assert _failed(staff_fte=0.5) == set()
    assert _failed(staff_fte=0.4) == {"management_team"}
    assert _failed(staff_fte=None) == {"management_team"}


def test_fifteen_committed_members() -> None:
    assert _failed(members_sme=9, members_research=5, members_other=1) == set()  # 15 in all
    assert _failed(members_sme=9, members_research=5) == {"committed_members"}  # 14


def test_two_types_of_the_triple_helix() -> None:
    # SMEs and large companies are one type (industry); 'other' is none of the three
    assert _failed(members_sme=10, members_large=10, members_research=0, members_other=10) == {"triple_helix"}
    assert _failed(members_sme=0, members_research=10, members_public=5) == set()
    report = check_profile({**GOOD, "members_research": 0, "members_public": 0, "members_large": 5})
    (helix,) = [r for r in report.results if r.code == "triple_helix"]
    assert "industry" in helix.detail and "(at least 2 needed)" in helix.detail


def test_english_website() -> None:
    assert _failed(website="") == {"english_website"}
    assert _failed(website_english=False) == {"english_website"}


def test_programme_waives_the_criteria_and_summary_names_failures() -> None:
    weak = {**GOOD, "staff_fte": 0.1, "members_sme": 2, "members_research": 0, "website": ""}
    report = check_profile(weak)
    assert not report.ok
    assert {r.code for r in report.failed} == {"management_team", "committed_members", "triple_helix",
                                               "english_website"}
    assert "0.1 FTE (at least 0.5 needed)" in report.summary()
    waived = check_profile({**weak, "support_programme": "Programme Pôles de compétitivité"})
    assert waived.ok and waived.waived and "Pôles" in waived.waiver_detail


def test_a_list_of_recognised_programmes_restricts_the_waiver() -> None:
    doc = {"version": "t", "criteria": [{"code": "management_team", "text": "t", "fix": "f", "minimum": 1}],
           "waiver": {"field": "support_programme", "text": "w", "recognised_programmes": ["go-cluster"]}}
    rules = rules_from_dict(doc)
    assert check_profile({"staff_fte": 0, "support_programme": "Go-Cluster"}, rules).waived
    assert not check_profile({"staff_fte": 0, "support_programme": "some programme"}, rules).ok


def test_rules_file_is_versioned_and_bad_rules_are_reported() -> None:
    rules = load_rules()
    assert rules.version and rules.criteria[0].minimum == 0.5 and rules.criteria[1].minimum == 15
    with pytest.raises(FileFormatError, match="eccp_validation.yaml"):
        rules_from_dict({"version": "x", "criteria": [{"code": "a"}], "waiver": {}})
