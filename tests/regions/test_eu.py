"""EU27 (2020) membership file against the published member list."""

import pytest

from clusterobs.regions.eu import eu27_countries, is_eu27

pytestmark = pytest.mark.core


def test_eu27_is_the_published_list() -> None:
    # Member states since 1 Feb 2020 (Eurostat aggregate EU27_2020), written out independently here.
    published = {"BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL", "ES", "FR", "HR", "IT", "CY", "LV", "LT", "LU",
                 "HU", "MT", "NL", "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE"}
    assert eu27_countries() == published


def test_membership_by_code_prefix() -> None:
    assert is_eu27("EL30") and is_eu27("HR050")
    assert not is_eu27("UKI3") and not is_eu27("NO08") and not is_eu27("GR30")
