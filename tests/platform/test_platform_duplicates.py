"""Name similarity for duplicate detection, against difflib ratios computed by hand (pure)."""

from __future__ import annotations

from clusterobs.platform.duplicates import find_similar, name_key, name_similarity


def test_name_key_folds_case_accents_punctuation_and_generic_words() -> None:
    assert name_key("Pôle Véhicule du Futur – Cluster e.V.") == "pole vehicule du futur"
    assert name_key("The Cluster Association") == "the cluster association"  # nothing but generic words


def test_similarity_is_the_ratcliff_obershelp_ratio() -> None:
    # "abcd" vs "abce": 3 matching characters of 8 → 2·3/8 = 0.75
    assert name_similarity("abcd", "abce") == 0.75
    # word order does not matter: the sorted-words comparison is exact
    assert name_similarity("Graz Biotech Network", "Biotech Graz Cluster") == 1.0
    assert name_similarity("", "Anything") == 0.0


def test_find_similar_by_name_or_acronym() -> None:
    candidates = [(1, "Styrian Mechatronics Cluster", "SMC"), (2, "Styrian Food Cluster", "SFC"),
                  (3, "Automotive Network Styria", "ACstyria")]
    found = find_similar("Mechatronics Cluster Styrian", "", candidates)
    assert found == [(1, "Styrian Mechatronics Cluster", 1.0)]
    # 'Mechatronik' vs 'Mechatronics': after folding "styrian mechatronik" vs "styrian mechatronics",
    # 18 matches of 19 + 20 characters → 36/39 = 0.923
    assert find_similar("Styrian Mechatronik Cluster", "", candidates) == [(1, "Styrian Mechatronics Cluster",
                                                                           0.923)]
    assert [c[0] for c in find_similar("A completely different name", "ACSTYRIA", candidates)] == [3]
    assert find_similar("Different", "AC", candidates) == []  # acronyms under three letters are ignored
