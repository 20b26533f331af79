"""EU membership as data: which country codes form the EU27 (2020) aggregate.

Membership changes over time, so it lives in a versioned data file next to this module, not in code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from clusterobs.errors import InputError


@cache
def eu27_countries() -> frozenset[str]:
    """The 27 member states as of 2020, in Eurostat country codes (``EL`` for Greece)."""
    text = resources.files("clusterobs.regions").joinpath("eu27_2020.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    members = frozenset(str(c) for c in data["members"])
    if len(members) != 27:
        raise InputError(f"eu27_2020.yaml lists {len(members)} countries, not 27",
                         hint="fix the members list in the package data file")
    return members


def is_eu27(code: str) -> bool:
    """True when a NUTS code lies in an EU27 (2020) member state (judged by its country prefix)."""
    return code[:2] in eu27_countries()


__all__ = ["eu27_countries", "is_eu27"]
