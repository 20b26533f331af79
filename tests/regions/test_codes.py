"""NUTS code parsing: known codes by hand, and properties over generated codes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterobs.errors import InputError
from clusterobs.regions.codes import is_extra_regio, is_nuts_code, nuts_level, parent_code, parse_code

pytestmark = pytest.mark.core

codes = st.from_regex(r"[A-Z]{2}[0-9A-Z]{0,3}", fullmatch=True)


@pytest.mark.parametrize(
    ("code", "level", "parent", "extra"),
    [("AT", 0, None, False), ("AT1", 1, "AT", False), ("AT13", 2, "AT1", False), ("AT130", 3, "AT13", False),
     ("ATZ", 1, "AT", True), ("ATZZ", 2, "ATZ", True), ("ATZZZ", 3, "ATZZ", True),
     ("CZ", 0, None, False), ("CZ01", 2, "CZ0", False), ("DE91C", 3, "DE91", False), ("NO0A", 2, "NO0", False)],
)
def test_known_codes(code: str, level: int, parent: str | None, extra: bool) -> None:
    p = parse_code(code)
    assert (p.country, p.level, p.parent, p.is_extra_regio) == (code[:2], level, parent, extra)
    assert nuts_level(code) == level and parent_code(code) == parent and is_extra_regio(code) == extra


@pytest.mark.parametrize("bad", ["", "A", "at1", "AT1234", "EU27_2020", "AT-1", 13])
def test_malformed_codes_are_input_errors(bad: object) -> None:
    assert not (isinstance(bad, str) and is_nuts_code(bad))
    with pytest.raises(InputError, match="not a NUTS code"):
        parse_code(bad)  # type: ignore[arg-type]


@given(codes)
def test_parent_is_one_level_up_and_a_prefix(code: str) -> None:
    p = parse_code(code)
    assert p.level == len(code) - 2
    if p.level == 0:
        assert p.parent is None
    else:
        assert p.parent is not None and code.startswith(p.parent) and nuts_level(p.parent) == p.level - 1
        # extra-regio is inherited upwards only through the Z chain: a ZZ code's parent is Z (or the country)
        if p.is_extra_regio and p.level > 1:
            assert is_extra_regio(p.parent)
