"""NUTS codes as strings: what a code says about itself (country, level, parent, extra-regio).

A NUTS code is self-describing: two letters for the country, then one character per level. Everything here
follows from that, so the registry, the loaders and the conversion all agree without looking anything up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clusterobs.errors import InputError

_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")

#: NUTS levels: 0 country, 1 major socio-economic regions, 2 basic regions, 3 small regions.
LEVELS = (0, 1, 2, 3)


@dataclass(frozen=True)
class NutsCode:
    """A parsed NUTS code."""

    code: str
    country: str
    level: int
    parent: str | None
    is_extra_regio: bool


def is_nuts_code(code: str) -> bool:
    """True when ``code`` has the shape of a NUTS code (``AT``, ``AT1``, ``AT13``, ``AT130``)."""
    return bool(_CODE.match(code))


def nuts_level(code: str) -> int:
    """The level follows from the length: ``AT`` 0, ``AT1`` 1, ``AT13`` 2, ``AT130`` 3."""
    return len(_checked(code)) - 2


def parent_code(code: str) -> str | None:
    """The code one level up (``AT13`` → ``AT1``); countries have none."""
    c = _checked(code)
    return c[:-1] if len(c) > 2 else None


def is_extra_regio(code: str) -> bool:
    """Extra-regio codes (``ATZ``, ``ATZZ``, ``ATZZZ``) hold what no territory can take (embassies, the
    continental shelf); they are statistical placeholders and are left out of analyses by default.

    Only an all-``Z`` tail counts: ``CZ`` (Czechia) is a country, not extra-regio.
    """
    c = _checked(code)
    return len(c) > 2 and set(c[2:]) == {"Z"}


def parse_code(code: str) -> NutsCode:
    """Split a code into country, level, parent and extra-regio flag; an ill-formed code is an InputError."""
    c = _checked(code)
    return NutsCode(code=c, country=c[:2], level=len(c) - 2, parent=c[:-1] if len(c) > 2 else None,
                    is_extra_regio=len(c) > 2 and set(c[2:]) == {"Z"})


def _checked(code: str) -> str:
    if not isinstance(code, str) or not _CODE.match(code):
        raise InputError(
            f"'{code}' is not a NUTS code",
            hint="NUTS codes are two capital letters for the country and up to three letters or digits "
            "(e.g. 'AT', 'AT1', 'AT13', 'AT130')",
        )
    return code


__all__ = ["LEVELS", "NutsCode", "is_extra_regio", "is_nuts_code", "nuts_level", "parent_code", "parse_code"]
